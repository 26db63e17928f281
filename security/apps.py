from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Content-Security-Policy, login throttling and two-step sign-in."""

    name = "security"
    verbose_name = _("Security")
