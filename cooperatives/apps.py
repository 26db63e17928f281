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
        # Which cooperatives sell is this app's rule; the catalogue, below it in the layers, reads it from here.
        from catalog.sellers import sellers_register

        from .models import Cooperative

        sellers_register(
            verified_status=Cooperative.Status.VERIFIED, verified_cooperatives=Cooperative.objects.verified
        )
        self._connect_catalogue_search()

    def _connect_catalogue_search(self):
        # A cooperative's name is in its products' search text, and its status decides which are on sale
        # (suggestion words): catalog's receivers say what to refresh. Connected here because cooperatives sits
        # above catalog in the layers (pyproject.toml), so catalog never imports the cooperative model.
        from django.db.models.signals import post_save, pre_save

        from catalog import search_receivers

        from .models import Cooperative

        pre_save.connect(
            search_receivers.search_name_remember,
            sender=Cooperative,
            dispatch_uid="catalog.search_name_before.cooperative",
        )
        post_save.connect(
            search_receivers.search_name_changed,
            sender=Cooperative,
            dispatch_uid="catalog.search_name_changed.cooperative",
        )
        post_save.connect(
            search_receivers.suggestion_words_status_changed,
            sender=Cooperative,
            dispatch_uid="catalog.suggestion_words.status_changed",
        )
