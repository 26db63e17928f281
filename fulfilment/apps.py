from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    """An order's parts, one per cooperative: each cooperative delivers (or hands over) its own part."""

    name = "fulfilment"
    verbose_name = _("Fulfilment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fulfilment import receivers  # noqa: F401  connects the e-mail receivers
