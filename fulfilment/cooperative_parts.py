"""Reads of one cooperative's order parts, for its staff's workspace (workspace/orders.py, today.py).

Every read starts from ``parts_of(cooperative)``, so another cooperative's part is simply not there
(the page answers 404). Each list runs a fixed number of queries whatever the number of parts: the
part's total is a subquery, the order, its address, buyer and payment are joined.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.core.loading import get_model

from fulfilment.models import OrderPart

Line = get_model("order", "Line")
Status = OrderPart.Status
# payments.models.PaymentMethod.CASH_ON_DELIVERY, spelt out as fulfilment/selectors.py does: the
# payments app builds on fulfilment, not the other way round. An order without a payment row (made
# outside checkout) is paid in cash, as lifecycle.money.order_method says.
CASH_ON_DELIVERY = "cash-on-delivery"
PAID = "paid"

# A delivered cash part whose cash nobody recorded yet (lifecycle.receipts.cash_record records it).
AWAITS_CASH = Q(status=Status.DELIVERED, cash_receipt__isnull=True) & (
    Q(order__payment__isnull=True) | Q(order__payment__method=CASH_ON_DELIVERY)
)

# The filters of the orders page, in the order of its tabs: a status, or the cash still to record.
AWAITING_CASH = "cash"
FILTERS = (*Status.values, AWAITING_CASH)
FILTER_LABELS = {
    "": pgettext_lazy("orders filter", "All"),
    Status.PENDING: pgettext_lazy("orders filter", "To confirm"),
    Status.CONFIRMED: pgettext_lazy("orders filter", "To hand to the shipper"),
    Status.SHIPPED: pgettext_lazy("orders filter", "On the way"),
    Status.DELIVERED: pgettext_lazy("orders filter", "Delivered"),
    Status.CANCELLED: pgettext_lazy("orders filter", "Cancelled"),
    AWAITING_CASH: pgettext_lazy("orders filter", "Cash to record"),
}

# What the person taps to move a part on, by the status it moves to.
ACTION_LABELS = {
    Status.CONFIRMED: _("Confirm the order"),
    Status.SHIPPED: _("Hand to the shipper"),
    Status.DELIVERED: _("Delivered to the buyer"),
    Status.CANCELLED: _("Cancel this part"),
}

# A part the buyer picks up at the cooperative: no shipper, the buyer comes (same statuses).
PICKUP_ACTION_LABELS = {
    **ACTION_LABELS,
    Status.SHIPPED: _("Ready for the buyer to pick up"),
    Status.DELIVERED: _("The buyer picked it up"),
}

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _lines_total(*, with_cancelled: bool):
    """The sum of the part's lines (those not cancelled, unless ``with_cancelled``), as a subquery."""
    lines = Line.objects.filter(order_id=OuterRef("order_id"), partner_id=OuterRef("cooperative__partner_id"))
    if not with_cancelled:
        lines = lines.exclude(status=Status.CANCELLED)
    total = lines.order_by().values("order_id").annotate(total=Sum("line_price_incl_tax")).values("total")
    return Coalesce(Subquery(total[:1], output_field=MONEY), Value(Decimal(0)), output_field=MONEY)


def parts_of(cooperative):
    """``cooperative``'s parts, newest order first, each with ``total``: its lines not cancelled and its
    delivery fee; for a cancelled part, what was ordered (all its lines and the fee)."""
    return (
        OrderPart.objects.filter(cooperative=cooperative)
        .select_related("cooperative", "order__shipping_address", "order__user", "order__payment")
        .annotate(
            total=Case(
                When(status=Status.CANCELLED, then=_lines_total(with_cancelled=True) + F("delivery_fee")),
                default=_lines_total(with_cancelled=False) + F("delivery_fee"),
                output_field=MONEY,
            )
        )
        .order_by("-order__date_placed", "-pk")
    )


def parts_filtered(cooperative, chosen: str):
    """The parts the orders page lists for the filter ``chosen`` (one of ``FILTERS``, else all)."""
    parts = parts_of(cooperative)
    if chosen == AWAITING_CASH:
        return parts.filter(AWAITS_CASH)
    if chosen in Status.values:
        return parts.filter(status=chosen)
    return parts


def part_counts(cooperative) -> dict:
    """How many parts each filter holds, and ``all``: one query."""
    counts = {name: Count("pk", filter=Q(status=name)) for name in Status.values}
    counts[AWAITING_CASH] = Count("pk", filter=AWAITS_CASH)
    return OrderPart.objects.filter(cooperative=cooperative).aggregate(all=Count("pk"), **counts)


@dataclass(frozen=True)
class PartPayment:
    method: str  # the method's name, translated
    is_cash: bool
    is_paid: bool


def part_payment(part, receipt=None) -> PartPayment:
    """How the buyer pays for ``part`` and whether it is paid: a cash part once its cash ``receipt`` is
    recorded, another once the order's payment is paid in full. Reads only rows ``parts_of`` joined."""
    payment = getattr(part.order, "payment", None)
    if payment is None or payment.method == CASH_ON_DELIVERY:
        return PartPayment(method=str(_("Cash on delivery")), is_cash=True, is_paid=receipt is not None)
    return PartPayment(method=payment.get_method_display(), is_cash=False, is_paid=payment.status == PAID)


def buyer_name(order) -> str:
    """Who ordered: the name on the delivery address, else the account's name, else the e-mail."""
    address = order.shipping_address
    if address is not None and address.name:
        return address.name
    if order.user is not None and order.user.get_full_name():
        return order.user.get_full_name()
    return order.email


def with_row_facts(parts) -> list[OrderPart]:
    """``parts`` (a page of ``parts_of``) with ``buyer`` and ``payment`` for their row: no query."""
    parts = list(parts)
    for part in parts:
        part.buyer = buyer_name(part.order)
        part.payment = part_payment(part)
    return parts


def part_for_page(cooperative, pk: int) -> OrderPart:
    """One of ``cooperative``'s parts with what its page shows: ``order_lines`` (all of them, a cancelled
    one marked by its status), ``receipt`` (the cash recorded, or None), ``buyer``, ``payment``,
    ``next_steps`` ((status, label) pairs the pipeline allows) and ``awaits_cash``.
    Raises OrderPart.DoesNotExist for a part of another cooperative."""
    part = parts_of(cooperative).select_related("cash_receipt__recorded_by").get(pk=pk)
    part.order_lines = list(
        Line.objects.filter(order_id=part.order_id, partner_id=cooperative.partner_id)
        .select_related("product", "weight_step")
        .order_by("pk")
    )
    part.receipt = getattr(part, "cash_receipt", None)
    part.buyer = buyer_name(part.order)
    part.payment = part_payment(part, part.receipt)
    labels = PICKUP_ACTION_LABELS if part.is_pickup else ACTION_LABELS
    part.next_steps = [(status, labels[status]) for status in part.available_statuses()]
    part.awaits_cash = part.payment.is_cash and part.status == Status.DELIVERED and part.receipt is None
    return part
