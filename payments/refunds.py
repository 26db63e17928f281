"""Refunding a cooperative's order part, in full or in part, the way it was paid."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from fulfilment.models import OrderPart
from payments import ledger, stripe_gateway
from payments.models import PaymentMethod, PaymentStatus, Refund


def part_payment_method(part) -> str:
    payment = getattr(part.order, "payment", None)
    return payment.method if payment else PaymentMethod.CASH_ON_DELIVERY


def refunded_total(part) -> Decimal:
    return Decimal(part.refunds.aggregate(total=Sum("amount", default=0))["total"])


def refundable_total(part) -> Decimal:
    return ledger.part_amount(part) - refunded_total(part)


def refusal_reason(part) -> str | None:
    """Why nothing can be refunded on ``part`` now, or None."""
    method = part_payment_method(part)
    if method == PaymentMethod.CASH_ON_DELIVERY:
        if part.status != OrderPart.Status.DELIVERED:
            return _("Cash on delivery is collected at delivery: there is nothing to refund before then.")
    elif part.order.payment.status != PaymentStatus.PAID:
        return _("This order has not been paid yet: there is nothing to refund.")
    if refundable_total(part) <= 0:
        return _("This part has been refunded in full.")
    return None


@transaction.atomic
def order_part_refund(*, part, amount, user, reason, reference="") -> Refund:
    """Give ``amount`` đồng back for ``part``: through Stripe for a card, recorded by hand otherwise."""
    part = OrderPart.objects.select_for_update().select_related("order", "cooperative").get(pk=part.pk)
    amount = ledger.whole_dong(amount)
    if not reason.strip():
        raise ValidationError(_("Say why the money is refunded."), code="reason")
    refused = refusal_reason(part)
    if refused:
        raise ValidationError(refused, code="not-refundable")
    refundable = refundable_total(part)
    if amount > refundable:
        raise ValidationError(
            _("At most %(amount)s can still be refunded on this part.") % {"amount": ledger.vnd(refundable)},
            code="too-much",
        )
    method = part_payment_method(part)
    refund = Refund(order_part=part, amount=amount, method=method, reason=reason, reference=reference, recorded_by=user)
    if method == PaymentMethod.CARD:
        # The key makes a retried refund (double click, timeout) the same refund at Stripe.
        key = f"refund-part-{part.pk}-{part.refunds.count() + 1}"
        try:
            stripe_refund = stripe_gateway.refund_create(
                payment_intent_id=part.order.payment.stripe_payment_intent_id, amount=amount, idempotency_key=key
            )
        except stripe_gateway.stripe.StripeError as error:
            raise ValidationError(
                _("Stripe did not accept the refund, so nothing was refunded. Try again later."), code="stripe"
            ) from error
        refund.stripe_refund_id = stripe_refund.id
    refund.save()
    ledger.ledger_record_refund(part=part, amount=amount, reference=refund.stripe_refund_id or reference)
    return refund
