"""Fork of oscar.apps.dashboard.catalogue: a cooperative's staff edit the facts of their produce in Oscar's
product form, with prices in whole đồng and checked photos, and see only what they may use."""

import oscar.apps.dashboard.catalogue.apps as apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Forked so that a cooperative's staff edit the facts of their produce in Oscar's product
    form, with prices in whole đồng and checked photos, and see only what they may use."""

    name = "dashboard.catalogue"
