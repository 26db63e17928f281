from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Who is who (roles.py), and the sign-in, registration and sign-out pages around Oscar's."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import sms  # noqa: F401  (registers the SMS gateway's deploy check)
