"""Fork of oscar.apps.dashboard: so that its orders, catalogue and partners apps can be forked beneath it,
and for the sales summary page (officers see the market, a cooperative's staff their own)."""

import oscar.apps.dashboard.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class DashboardConfig(apps.DashboardConfig):
    """Forked so that dashboard.orders can be forked beneath it, and for the sales summary."""

    name = "dashboard"

    def configure_permissions(self):
        super().configure_permissions()
        # Officers see the whole market's sales, a cooperative's staff their own.
        self.permissions_map["sales"] = self.permissions_map["index"]

    def ready(self):
        super().ready()
        self.sales_view = get_class("dashboard.views", "SalesSummaryView")

    def get_urls(self):
        urls = super().get_urls()
        return [*urls, *self.post_process_urls([path("sales/", self.sales_view.as_view(), name="sales")])]
