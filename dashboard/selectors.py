"""Reads behind the dashboard for a cooperative's staff, narrowed to their cooperative's order lines.

An order may hold lines of several cooperatives, so every amount here is summed over the user's own
lines, never taken from the order's total.
"""

from decimal import Decimal as D

from django.db.models import Count, DateField, Max, OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from oscar.core.loading import get_model

from accounts import roles

Line = get_model("order", "Line")

# The end of the line pipeline (settings.OSCAR_LINE_STATUS_PIPELINE) for a line that was not sold.
CANCELLED_LINE_STATUS = "cancelled"


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


def sales_lines(*, user):
    """The lines whose sales ``user`` sees: an officer the whole market's, others their cooperative's.

    Cancelled lines were never sold and count nowhere.
    """
    lines = Line.objects.all() if roles.is_officer(user) else own_lines(user=user)
    return lines.exclude(status=CANCELLED_LINE_STATUS)


def sales_summary(*, user, today, months=12, top=10):
    """Revenue, orders, lines and units sold by month over the last ``months`` months up to ``today``,
    their totals, and the ``top`` products by revenue over those months.

    Three aggregate queries whatever the number of orders. Months without a sale are listed with zeros.
    """
    first_month = _add_months(today.replace(day=1), -(months - 1))
    lines = sales_lines(user=user).filter(order__date_placed__date__gte=first_month)
    measures = {
        "revenue": Sum("line_price_incl_tax", default=D("0")),
        "num_orders": Count("order", distinct=True),
        "num_lines": Count("id"),
        "units": Sum("quantity", default=0),
    }
    by_month = {
        row["month"]: row
        for row in lines.annotate(month=TruncMonth("order__date_placed", output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(**measures)
    }
    empty = {"revenue": D("0"), "num_orders": 0, "num_lines": 0, "units": 0}
    month_rows = []
    for n in range(months):
        month = _add_months(first_month, n)
        month_rows.append({**empty, **by_month.get(month, {}), "month": month})
    top_products = list(
        lines.order_by()
        .values("product_id")
        .annotate(title=Max("title"), revenue=measures["revenue"], units=measures["units"])
        .order_by("-revenue", "title")[:top]
    )
    return {
        "months": month_rows,
        "totals": lines.aggregate(**measures),
        "top_products": top_products,
    }


def _add_months(month, n):
    """The first day of the month ``n`` months after ``month`` (a first of the month)."""
    year, index = divmod(month.year * 12 + month.month - 1 + n, 12)
    return month.replace(year=year, month=index + 1, day=1)
