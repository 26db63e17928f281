"""Reads behind the dashboard for a cooperative's staff, narrowed to their cooperative's order lines.

An order may hold lines of several cooperatives, so every amount here is summed over the user's own
lines, never taken from the order's total.
"""

from decimal import Decimal as D

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from oscar.core.loading import get_model

Line = get_model("order", "Line")
Order = get_model("order", "Order")


def own_lines(*, user):
    """The order lines of the partners (cooperatives) that ``user`` works for."""
    return Line.objects.filter(partner__users=user)


def orders_with_own_line_totals(orders, *, user):
    """``orders``, each with ``own_total_incl_tax`` and ``own_num_items`` over the user's own lines.

    Correlated subqueries rather than a Sum over ``lines``: Oscar's order list joins ``lines`` again
    to filter by product title, UPC or SKU, and a sum over those joins would count lines twice.
    """
    lines = own_lines(user=user).filter(order=OuterRef("pk")).order_by().values("order")
    return orders.annotate(
        own_total_incl_tax=Subquery(lines.annotate(total=Sum("line_price_incl_tax")).values("total")),
        own_num_items=Subquery(lines.annotate(items=Sum("quantity")).values("items")),
    )


def orders_with_own_line(orders, *, user, **line_lookups):
    """``orders`` that hold one of the user's own lines matching ``line_lookups``."""
    return orders.filter(pk__in=own_lines(user=user).filter(**line_lookups).values("order"))


def own_line_revenue(*, user):
    """The user's own lines shaped like orders for Oscar's revenue chart.

    Each row has the ``date_placed`` of its order and its own price as ``total_incl_tax``, the two
    names Oscar's ``IndexView.get_hourly_report`` filters and sums on.
    """
    return own_lines(user=user).annotate(date_placed=F("order__date_placed"), total_incl_tax=F("line_price_incl_tax"))


def own_revenue(*, user, since):
    """Revenue of the user's own lines, all time and since ``since``, and its average per order since then."""
    recent = Q(order__date_placed__gt=since)
    totals = own_lines(user=user).aggregate(
        total_revenue=Sum("line_price_incl_tax", default=D("0.00")),
        total_revenue_last_day=Sum("line_price_incl_tax", filter=recent, default=D("0.00")),
        orders_last_day=Count("order", filter=recent, distinct=True),
    )
    orders_last_day = totals.pop("orders_last_day")
    totals["average_order_costs"] = totals["total_revenue_last_day"] / orders_last_day if orders_last_day else D("0.00")
    return totals


def own_order_status_breakdown(*, user):
    """How many of the orders holding the user's lines are in each status, each order counted once."""
    orders = Order.objects.filter(pk__in=own_lines(user=user).values("order"))
    return orders.order_by("status").values("status").annotate(freq=Count("id"))
