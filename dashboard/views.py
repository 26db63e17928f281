"""Oscar's dashboard home is the officers': a cooperative's staff who open it go to the workspace.

The workspace (workspace/) is made for staff on a phone, in plain Vietnamese, and shows their own
cooperative's orders and money; Oscar's home would show whole orders' totals, other cooperatives'
lines included. Officers and administrators keep Oscar's view.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.timezone import localdate
from django.views.generic import TemplateView
from oscar.apps.dashboard import views

from accounts.roles import is_cooperative_staff, is_officer
from dashboard import selectors


class IndexView(views.IndexView):
    def dispatch(self, request, *args, **kwargs):
        if is_cooperative_staff(request.user):
            return redirect("workspace:today")
        return super().dispatch(request, *args, **kwargs)


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
