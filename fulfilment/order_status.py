"""Oscar's order status, as lifecycle/parts.py derives it from the order's parts, and as a buyer reads it.

Here, below lifecycle, so that fulfilment's own pages and tags show it without importing lifecycle."""

from django.utils.translation import pgettext_lazy

from .models import OrderPart

# Oscar's order status, from its parts.
ORDER_PENDING, ORDER_PROCESSING, ORDER_COMPLETE, ORDER_CANCELLED = "pending", "processing", "complete", "cancelled"
# What a buyer reads for each of them (Oscar stores and shows the bare English code).
ORDER_STATUS_LABELS = {
    ORDER_PENDING: OrderPart.Status.PENDING.label,
    ORDER_PROCESSING: pgettext_lazy("order status", "being prepared"),
    ORDER_COMPLETE: pgettext_lazy("order status", "delivered"),
    ORDER_CANCELLED: OrderPart.Status.CANCELLED.label,
}


def order_status_label(status: str) -> str:
    """The order's status as a buyer reads it, in the active language (an unknown code as it is)."""
    return str(ORDER_STATUS_LABELS.get(status, status))
