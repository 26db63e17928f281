from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Cooperatives")

    def ready(self):
        # jobs only dispatches: the flush hands over again the imports that the broker lost, through this app's rule.
        from jobs.services import outbox_flusher_register

        from .product_import.queue import import_jobs_flush

        outbox_flusher_register(import_jobs_flush)
