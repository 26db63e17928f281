from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionConfig(AppConfig):
    name = "adoption"
    verbose_name = _("Adoption of the plan's digital targets")
    default_auto_field = "django.db.models.BigAutoField"
