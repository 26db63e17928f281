from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    """Invoices for the parts delivered under linkage contracts, and their payment."""

    name = "invoicing"
    verbose_name = _("Invoices")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from invoicing import receivers  # noqa: F401  issues an invoice when a contract part is delivered
