"""Fork of oscar.apps.dashboard.orders: a cooperative's staff see and act on their own order lines only
and cannot make order-level changes: one order holds several cooperatives' lines."""

import oscar.apps.dashboard.orders.apps as apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Forked so that a cooperative's staff see and act on their own order lines only."""

    name = "dashboard.orders"
