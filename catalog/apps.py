"""Fork of oscar.apps.catalogue (label "catalogue"): the product carries what buyers of Vietnamese produce
look for (certifications, unit, origin commune, season, weight steps), which Oscar's product has no
place for; browsing and search read the database."""

import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked to carry what buyers of Vietnamese produce look for."""

    name = "catalog"

    def ready(self):
        super().ready()
        # receivers records order lines' weight steps; search_receivers refolds search text when a name changes.
        # What makes cached pages stale is declared in the caching package (caching/registry.py).
        from django.db.models.signals import post_migrate

        from catalog import receivers, search_receivers, search_words  # noqa: F401

        # The search's words column, which the model does not declare (catalog/search_words.py).
        post_migrate.connect(search_words.ensure_after_migrate, sender=self, dispatch_uid="catalog.search_words")
