import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked to carry what buyers of Vietnamese produce look for."""

    name = "catalog"

    def ready(self):
        super().ready()
        # receivers records order lines' weight steps; search_receivers refolds search text when a name changes;
        # cache_version makes cached pages stale when the catalogue changes.
        from catalog import cache_version, receivers, search_receivers  # noqa: F401
