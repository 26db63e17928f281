"""Oscar's dashboard home, with a cooperative's staff seeing the money of their own lines only.

Oscar narrows the counts for a partner user to the orders holding one of their lines, but sums and
averages those orders' whole totals, other cooperatives' lines included. Officers keep Oscar's view.
"""

from datetime import timedelta

from django.conf import settings
from django.utils.timezone import localdate, now
from django.views.generic import TemplateView
from oscar.apps.dashboard import views

from accounts.roles import is_officer
from dashboard import selectors


class IndexView(views.IndexView):
    def get_stats(self):
        stats = super().get_stats()
        user = self.request.user
        if is_officer(user):
            return stats
        stats.update(selectors.own_revenue(user=user, since=now() - timedelta(hours=24)))
        stats["order_status_breakdown"] = selectors.own_order_status_breakdown(user=user)
        return stats

    def get_hourly_report(self, orders, hours=24, segments=10):
        if not is_officer(self.request.user):
            orders = selectors.own_line_revenue(user=self.request.user)
        return super().get_hourly_report(orders, hours=hours, segments=segments)


class SalesSummaryView(TemplateView):
    """Sales by month over the last 12 months and the best-selling products.

    Of the user's cooperative's lines, or the whole market's for an officer; cancelled lines left out.
    """

    template_name = "dashboard/sales_summary.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.sales_summary(user=self.request.user, today=localdate()))
        ctx["shows_whole_market"] = is_officer(self.request.user)
        ctx["currency"] = settings.OSCAR_DEFAULT_CURRENCY
        return ctx
