from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValueChainsConfig(AppConfig):
    name = "valuechains"
    verbose_name = _("Value chains")
    default_auto_field = "django.db.models.BigAutoField"
