from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValueChainsConfig(AppConfig):
    name = "valuechains"
    verbose_name = _("Value chains")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from valuechains import receivers  # noqa: F401  (cached product pages show the batch on sale)
