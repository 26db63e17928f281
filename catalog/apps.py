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
        from catalog import receivers, search_receivers  # noqa: F401
