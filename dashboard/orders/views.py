"""Oscar's order dashboard, narrowed so that a cooperative's staff handle their own lines only.

Stock Oscar lets a partner user open any order that holds one of their lines, then shows every
line and lets them change the order's status and other partners' lines. Officers keep Oscar's
full view. Oscar's get_class loader picks these classes up in place of its own.
"""

from django.contrib import messages
from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_model

Line = get_model("order", "Line")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
ShippingEventQuantity = get_model("order", "ShippingEventQuantity")

ORDER_STATUS_REFUSED = _(
    "Only market officers can change the status of a whole order. "
    "Change the status of your cooperative's lines instead."
)
ORDER_PAYMENT_REFUSED = _(
    "Only market officers can record a payment for a whole order. "
    "Record payments against your cooperative's lines instead."
)
OTHER_LINES_REFUSED = _("You can only act on your own cooperative's lines. Nothing was changed.")


def is_officer(user) -> bool:
    # The same test Oscar uses to choose between every order and a partner's orders.
    return user.is_staff


def lines_for_user(order, user):
    """The lines of ``order`` that ``user`` may see and act on."""
    lines = order.lines.select_related("partner", "product")
    if is_officer(user):
        return lines
    return lines.filter(partner__users=user)


class OrderStatsView(views.OrderStatsView):
    def get_stats(self, filters):
        stats = super().get_stats(filters)
        if is_officer(self.request.user):
            return stats
        orders = views.queryset_orders_for_user(self.request.user).filter(**filters)
        own_lines = Line.objects.filter(order__in=orders, partner__users=self.request.user)
        stats["total_lines"] = own_lines.count()
        stats["total_revenue"] = own_lines.aggregate(total=Sum("line_price_incl_tax", default=0))["total"]
        return stats


class OrderListView(views.OrderListView):
    def change_order_statuses(self, request, orders):
        if not is_officer(request.user):
            messages.error(request, ORDER_STATUS_REFUSED)
            return redirect("dashboard:order-list")
        return super().change_order_statuses(request, orders)


class OrderDetailView(views.OrderDetailView):
    # Oscar's copy of this name is found first (oscar.config.Shop precedes our dashboard app).
    template_name = "dashboard/orders/order_detail.html"
    officer_only_actions = {
        "change_order_status": ORDER_STATUS_REFUSED,
        "create_order_payment_event": ORDER_PAYMENT_REFUSED,
    }

    def get_order_lines(self):
        return lines_for_user(self.object, self.request.user)

    def handle_order_action(self, request, order, action):
        if action in self.officer_only_actions and not is_officer(request.user):
            return self.reload_page(error=self.officer_only_actions[action])
        return super().handle_order_action(request, order, action)

    def handle_line_action(self, request, order, action):
        # Oscar would refuse these too (it acts on get_order_lines() only), but with a vaguer message.
        if not is_officer(request.user):
            selected = order.lines.filter(pk__in=request.POST.getlist("selected_line"))
            if selected.exclude(partner__users=request.user).exists():
                return self.reload_page(error=OTHER_LINES_REFUSED)
        return super().handle_line_action(request, order, action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["shows_whole_order"] = is_officer(self.request.user)
        ctx["lines_totals"] = self.get_lines_totals(ctx["lines"])
        ctx["shipping_events"] = self.get_events(self.object.shipping_events, ShippingEventQuantity)
        ctx["payment_events"] = self.get_events(self.object.payment_events, PaymentEventQuantity)
        return ctx

    def get_lines_totals(self, lines):
        totals = lines.aggregate(
            before_discounts_excl_tax=Sum("line_price_before_discounts_excl_tax", default=0),
            before_discounts_incl_tax=Sum("line_price_before_discounts_incl_tax", default=0),
            excl_tax=Sum("line_price_excl_tax", default=0),
            incl_tax=Sum("line_price_incl_tax", default=0),
        )
        totals["discount_excl_tax"] = totals["before_discounts_excl_tax"] - totals["excl_tax"]
        totals["discount_incl_tax"] = totals["before_discounts_incl_tax"] - totals["incl_tax"]
        return totals

    def get_events(self, events, quantity_model):
        """Events touching the visible lines, each with ``visible_line_quantities``."""
        lines = self.get_order_lines()
        quantities = quantity_model.objects.filter(line__in=lines).select_related("line")
        events = events.select_related("event_type").prefetch_related(
            Prefetch("line_quantities", queryset=quantities, to_attr="visible_line_quantities")
        )
        if is_officer(self.request.user):
            return events.all()
        return events.filter(lines__in=lines).distinct()


class LineDetailView(views.LineDetailView):
    def get_object(self, queryset=None):
        order = views.get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        return get_object_or_404(lines_for_user(order, self.request.user), pk=self.kwargs["line_id"])
