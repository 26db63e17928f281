"""Today: what needs the staff's attention now, each a tap away from the action: new order parts to
confirm, parts to hand to the shipper, cash on delivery to record, stock running low, new reviews,
and the cooperative's money."""

from django.shortcuts import render

from catalog import attention
from catalog.stock import low_stock_threshold
from fulfilment import cooperative_parts
from fulfilment.models import OrderPart
from payments.cooperative_money import money_at_a_glance

from .access import workspace_view

# Rows shown in each block; the block's link leads to all of them.
SHOWN = 5


@workspace_view
def today(request):
    cooperative = request.cooperative
    # Oldest first: the part waiting longest is the one to act on first.
    parts = cooperative_parts.parts_of(cooperative).order_by("order__date_placed", "pk")
    low_stock = attention.low_stock_of(cooperative)
    reviews = attention.new_reviews_of(cooperative)
    context = {
        "active": "today",
        "counts": cooperative_parts.part_counts(cooperative),
        "to_confirm": cooperative_parts.with_row_facts(parts.filter(status=OrderPart.Status.PENDING)[:SHOWN]),
        "to_ship": cooperative_parts.with_row_facts(parts.filter(status=OrderPart.Status.CONFIRMED)[:SHOWN]),
        "low_stock": list(low_stock[:SHOWN]),
        "low_stock_count": low_stock.count(),
        "threshold": low_stock_threshold(),
        "reviews": list(reviews[:SHOWN]),
        "reviews_count": reviews.count(),
        "review_days": attention.NEW_REVIEW_DAYS,
        "money": money_at_a_glance(cooperative),
    }
    return render(request, "workspace/today.html", context)
