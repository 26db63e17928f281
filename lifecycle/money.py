"""What an order's buyer owes and what each cooperative is credited, derived from its parts.

The amount charged is the sum of the parts not cancelled (their lines not cancelled, their delivery
fee, less refunds for goods). Money received (transfers, card, cash at delivery) less money given back
is what was paid; the difference is still due, or owed back to the buyer. A cooperative is credited
for a part once the order is paid in full, and a later cancellation or refund takes the credit back:
``part_credit_sync`` posts the difference between what the part should carry and what it carries, so
it may run after every change, however often.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from common.money import round_down_to_dong, to_dong
from fulfilment.models import OrderPart
from payments import ledger
from payments.models import LedgerEntry, PaymentMethod, PaymentStatus, Receipt, Refund

Line = get_model("order", "Line")
Order = get_model("order", "Order")
Kind = LedgerEntry.Kind
CANCELLED = OrderPart.Status.CANCELLED
# Ledger kinds that make up a part's credit (before commission).
CREDIT_KINDS = (Kind.COLLECTED, Kind.CANCELLATION, Kind.REFUND)


def _sum(queryset, field="amount") -> Decimal:
    return Decimal(queryset.aggregate(total=Sum(field, default=0))["total"])


def part_goods_value(part) -> Decimal:
    """The part's lines not cancelled and its delivery fee, in whole đồng."""
    lines = Line.objects.filter(order_id=part.order_id, partner_id=part.cooperative.partner_id).exclude(
        status=CANCELLED
    )
    return round_down_to_dong(_sum(lines, "line_price_incl_tax") + part.delivery_fee)


def goods_refunded(part) -> Decimal:
    return _sum(Refund.objects.filter(order_part=part, kind=Refund.Kind.GOODS))


def part_charge(part) -> Decimal:
    """What the buyer pays for ``part``: nothing once cancelled."""
    if part.status == CANCELLED:
        return Decimal(0)
    return part_goods_value(part) - goods_refunded(part)


@dataclass(frozen=True)
class Dues:
    charge: Decimal  # the parts not cancelled
    received: Decimal  # transfers, card, cash
    refunded: Decimal  # given back to the buyer

    @property
    def paid(self) -> Decimal:
        return self.received - self.refunded

    @property
    def due(self) -> Decimal:
        """Still to pay (0 when paid in full or more)."""
        return max(self.charge - self.paid, Decimal(0))

    @property
    def refund_owed(self) -> Decimal:
        """Paid beyond what is charged: the market owes it back to the buyer."""
        return max(self.paid - self.charge, Decimal(0))

    @property
    def covered(self) -> bool:
        return self.received > 0 and self.paid >= self.charge


def dues_for_orders(order_ids) -> dict:
    """Each order's ``Dues`` in six queries whatever their number (lists of orders use this), by the
    same rule as ``part_charge``: parts not cancelled, their lines not cancelled, their fee, less
    refunds for goods. An order without parts (made outside checkout) is charged its total."""
    order_ids = list(order_ids)
    lines = (
        Line.objects.filter(order_id__in=order_ids)
        .exclude(status=CANCELLED)
        .values_list("order_id", "partner_id")
        .annotate(total=Sum("line_price_incl_tax"))
    )
    line_totals = {(order_id, partner_id): total for order_id, partner_id, total in lines}
    goods = dict(
        Refund.objects.filter(order_id__in=order_ids, kind=Refund.Kind.GOODS)
        .values_list("order_part_id")
        .annotate(total=Sum("amount"))
    )
    charges = {order_id: None for order_id in order_ids}
    parts = OrderPart.objects.filter(order_id__in=order_ids).values_list(
        "pk", "order_id", "cooperative__partner_id", "status", "delivery_fee"
    )
    for part_id, order_id, partner_id, status, fee in parts:
        charge = Decimal(0)
        if status != CANCELLED:
            value = round_down_to_dong(Decimal(line_totals.get((order_id, partner_id)) or 0) + fee)
            charge = value - Decimal(goods.get(part_id) or 0)
        charges[order_id] = (charges[order_id] or Decimal(0)) + charge
    without_parts = [order_id for order_id, charge in charges.items() if charge is None]
    if without_parts:
        for order_id, total in Order.objects.filter(pk__in=without_parts).values_list("pk", "total_incl_tax"):
            charges[order_id] = Decimal(to_dong(total))
    received = dict(
        Receipt.objects.filter(order_id__in=order_ids).values_list("order_id").annotate(total=Sum("amount"))
    )
    refunded = dict(Refund.objects.filter(order_id__in=order_ids).values_list("order_id").annotate(total=Sum("amount")))
    return {
        order_id: Dues(
            charge=charges[order_id] or Decimal(0),
            received=Decimal(received.get(order_id) or 0),
            refunded=Decimal(refunded.get(order_id) or 0),
        )
        for order_id in order_ids
    }


def order_dues(order) -> Dues:
    return dues_for_orders([order.pk])[order.pk]


def orders_maybe_owing_refunds():
    """Orders that may have been paid more than they are charged: some money received, and a part or
    line cancelled, a refund for goods, or more received than was asked. ``dues_for_orders`` decides."""
    received = Receipt.objects.filter(order=OuterRef("pk"))
    cancelled_part = OrderPart.objects.filter(order=OuterRef("pk"), status=CANCELLED)
    cancelled_line = Line.objects.filter(order=OuterRef("pk"), status=CANCELLED)
    goods = Refund.objects.filter(order=OuterRef("pk"), kind=Refund.Kind.GOODS)
    over = Receipt.objects.filter(order=OuterRef("pk")).values("order").annotate(total=Sum("amount")).values("total")
    return (
        Order.objects.filter(Exists(received))
        .annotate(received_total=Subquery(over))
        .filter(
            Q(Exists(cancelled_part))
            | Q(Exists(cancelled_line))
            | Q(Exists(goods))
            | Q(received_total__gt=F("payment__amount"))
        )
        .order_by("-date_placed")
    )


def order_method(order) -> str:
    payment = getattr(order, "payment", None)
    return payment.method if payment else PaymentMethod.CASH_ON_DELIVERY


def part_credit_sync(part, *, covered: bool) -> list[LedgerEntry]:
    """Bring ``part``'s credit in the ledger to what it should be now (card and transfer orders).

    Credited first when the order is paid in full; after that, a cancellation (of the part or of some
    of its lines) posts the difference as "goods cancelled after payment", with its commission back."""
    if order_method(part.order) not in ledger.COLLECTED_METHODS:
        return []
    entries = part.ledger_entries.all()
    collected = entries.filter(kind=Kind.COLLECTED).first()
    target = part_charge(part)
    if collected is None:
        if not covered or target <= 0:
            return []
        return ledger.ledger_credit_part(part=part, amount=target)
    credited = _sum(entries.filter(kind__in=CREDIT_KINDS))
    if target < credited:
        return ledger.ledger_reverse_part(part=part, amount=credited - target, percent=collected_percent(part))
    return []


def collected_percent(part) -> Decimal:
    commission = part.ledger_entries.filter(kind=Kind.COMMISSION).first()
    return commission.commission_percent if commission else Decimal(0)


def payment_status_sync(order, dues: Dues) -> None:
    """An order paid in full is "paid"; a payment never moves back."""
    payment = getattr(order, "payment", None)
    if payment is not None and dues.covered and payment.can_move_to(PaymentStatus.PAID):
        payment.status = PaymentStatus.PAID
        payment.paid_at = timezone.now()
        payment.save(update_fields=["status", "paid_at", "updated_at"])


def order_money_sync(order) -> Dues:
    """After any change to an order's parts or money: credits, and the payment's status."""
    dues = order_dues(order)
    for part in order.parts.select_related("cooperative", "order"):
        part_credit_sync(part, covered=dues.covered)
    payment_status_sync(order, dues)
    return dues


def vnd(amount) -> str:
    return ledger.vnd(amount)


def describe_dues(dues: Dues) -> str:
    if dues.due:
        return _("%(amount)s still to pay") % {"amount": vnd(dues.due)}
    if dues.refund_owed:
        return _("%(amount)s to be refunded to you") % {"amount": vnd(dues.refund_owed)}
    return _("nothing more to pay")
