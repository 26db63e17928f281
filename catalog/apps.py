import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked to carry what buyers of Vietnamese produce look for."""

    name = "catalog"
