"""How buyers pay (cash on delivery, VietQR bank transfer, card) and how each payment moves to paid."""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.money import to_dong
from payments import ledger
from payments.models import OrderPayment, PaymentMethod, PaymentStatus, StripeEvent

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

CASH_ON_DELIVERY = "cash-on-delivery"


def source_type_for(method) -> SourceType:
    """Oscar's payment source type for ``method``, created on first use.

    get_or_create: concurrent first orders both try to create it, and one must find the other's."""
    # The name is stored data shown on orders: keep it in the site's language, whatever language the
    # first buyer happened to use.
    with translation.override(settings.LANGUAGE_CODE):
        name = str(PaymentMethod(method).label)
    source_type, _created = SourceType.objects.get_or_create(code=method, defaults={"name": name})
    return source_type


def cash_on_delivery_type():
    return source_type_for(CASH_ON_DELIVERY)


def cash_on_delivery_source(*, total) -> Source:
    """An unsaved payment source for an order paid in cash to the courier.

    Oscar saves it with the order. Nothing is debited until delivery."""
    return Source(
        source_type=cash_on_delivery_type(),
        currency=total.currency,
        amount_allocated=to_dong(total.incl_tax),
    )


# --- Card payments: Stripe's events ------------------------------------------------------------

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
FAILED_EVENTS = {"checkout.session.async_payment_failed", "checkout.session.expired"}


def payment_move(payment: OrderPayment, status, *, reference="") -> bool:
    """Move ``payment`` forward to ``status``; a step backwards (a late "failed" after "paid") is ignored."""
    if not payment.can_move_to(status):
        return False
    payment.status = status
    if status == PaymentStatus.PAID:
        payment.paid_at = timezone.now()
        payment.reference = reference or payment.reference
    payment.save(update_fields=["status", "paid_at", "reference", "updated_at"])
    if status == PaymentStatus.PAID:
        ledger.ledger_record_collection(payment.order)
    return True


@transaction.atomic
def stripe_event_handle(event: dict) -> str:
    """Apply one verified Stripe event; returns what happened ("processed", "duplicate", "ignored")."""
    _stored, is_new = StripeEvent.objects.get_or_create(
        event_id=event["id"],
        defaults={
            "type": event.get("type", ""),
            "created": datetime.fromtimestamp(event.get("created", 0), tz=UTC),
            "payload": event,
        },
    )
    if not is_new:
        return "duplicate"
    session = event.get("data", {}).get("object", {})
    if event.get("type") in PAID_EVENTS and session.get("payment_status") == "paid":
        status = PaymentStatus.PAID
    elif event.get("type") in FAILED_EVENTS:
        status = PaymentStatus.FAILED
    else:
        return "ignored"
    payment = checkout_session_payment(session)
    if payment is None:
        return "ignored"
    if session.get("payment_intent"):
        payment.stripe_payment_intent_id = session["payment_intent"]
        payment.save(update_fields=["stripe_payment_intent_id", "updated_at"])
    moved = payment_move(payment, status, reference=session.get("payment_intent") or session.get("id", ""))
    if moved and event.get("type") == "checkout.session.expired":
        card_payment_abandoned(payment)
    return "processed"


def card_payment_abandoned(payment: OrderPayment) -> None:
    """Stripe's page expired unpaid: the order's pending parts are cancelled and their stock freed."""
    from fulfilment.services import order_parts_cancel_unpaid

    order_parts_cancel_unpaid(order=payment.order)


def checkout_session_payment(session: dict) -> OrderPayment | None:
    """The order payment a Checkout session is for, locked for the update."""
    payments = OrderPayment.objects.select_for_update().filter(method=PaymentMethod.CARD)
    by_session = payments.filter(stripe_session_id=session.get("id")).first()
    if by_session is not None:
        return by_session
    order_number = (session.get("metadata") or {}).get("order_number")
    return payments.filter(order__number=order_number).first() if order_number else None


def card_payments_reconcile() -> dict:
    """Ask Stripe about every card payment still awaited, and settle the ones it has an answer for.

    Covers webhooks that never arrived (an outage on our side, a misconfigured endpoint): a paid
    order is never lost. Returns how many were found paid, failed, still open, and unreachable."""
    from payments import stripe_gateway  # the stripe library is only needed where card payments are used

    counts = {"paid": 0, "failed": 0, "open": 0, "errors": 0}
    awaited = OrderPayment.objects.filter(
        method=PaymentMethod.CARD, status__in=[PaymentStatus.AWAITING, PaymentStatus.FAILED]
    ).exclude(stripe_session_id=None)
    for payment_id, session_id in awaited.values_list("pk", "stripe_session_id"):
        try:
            session = stripe_gateway.checkout_session_retrieve(session_id).to_dict()
        except stripe_gateway.stripe.StripeError:
            counts["errors"] += 1
            continue
        if session.get("payment_status") == "paid":
            status = PaymentStatus.PAID
        elif session.get("status") == "expired":
            status = PaymentStatus.FAILED
        else:
            counts["open"] += 1
            continue
        with transaction.atomic():
            payment = OrderPayment.objects.select_for_update().get(pk=payment_id)
            if session.get("payment_intent"):
                payment.stripe_payment_intent_id = session["payment_intent"]
                payment.save(update_fields=["stripe_payment_intent_id", "updated_at"])
            moved = payment_move(payment, status, reference=session.get("payment_intent") or session_id)
            if moved and status == PaymentStatus.FAILED:
                card_payment_abandoned(payment)
        counts[status if moved else "open"] += 1
    return counts


# --- Bank transfers (VietQR) --------------------------------------------------------------------


def bank_transfer_enabled() -> bool:
    return bool(settings.VIETQR_BANK_BIN and settings.VIETQR_ACCOUNT_NUMBER)


def bank_transfer_for(order):
    """What the buyer transfers for ``order``: to the market's account, the exact amount, the order number as note."""
    from payments.vietqr import Transfer

    return Transfer(
        bank_bin=settings.VIETQR_BANK_BIN,
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=to_dong(order.total_incl_tax),
        note=transfer_note_for(order),
    )


def transfer_note_for(order) -> str:
    # Short and unmistakable in a bank statement: banks cut notes at 25 characters.
    return f"CHOHTX {order.number}"


@transaction.atomic
def bank_transfer_mark_received(*, payment: OrderPayment, reference: str, user) -> bool:
    """Department staff saw the transfer on the market's account."""
    if payment.method != PaymentMethod.BANK_TRANSFER:
        raise ValidationError(_("This order is not paid by bank transfer."), code="method")
    if not reference.strip():
        raise ValidationError(_("Enter the bank's reference for the transfer."), code="reference")
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    return payment_move(payment, PaymentStatus.PAID, reference=reference.strip())


# --- Choosing how to pay at checkout ---------------------------------------------------------


@dataclass(frozen=True)
class MethodOffer:
    code: str
    label: str
    description: str
    refusal: str | None = None  # why the method is shown but cannot be chosen

    @property
    def available(self):
        return self.refusal is None


def payment_method_offers(total_dong) -> list[MethodOffer]:
    """The ways to pay an order of ``total_dong``: cash on delivery always, transfer and card when set up."""
    from payments import stripe_gateway

    offers = [
        MethodOffer(
            PaymentMethod.CASH_ON_DELIVERY,
            PaymentMethod.CASH_ON_DELIVERY.label,
            _("You pay the courier, or the cooperative at pickup, in cash. Nothing is charged now."),
        )
    ]
    if bank_transfer_enabled():
        offers.append(
            MethodOffer(
                PaymentMethod.BANK_TRANSFER,
                PaymentMethod.BANK_TRANSFER.label,
                _("After placing the order you get a VietQR code to scan with your banking app."),
            )
        )
    if stripe_gateway.card_payments_enabled():
        offers.append(
            MethodOffer(
                PaymentMethod.CARD,
                PaymentMethod.CARD.label,
                _("You pay by card on Stripe's secure page right after placing the order."),
                refusal=stripe_gateway.card_refusal_reason(Decimal(total_dong)),
            )
        )
    return offers


def payment_source_for(method, *, total) -> Source:
    """The Oscar payment source recording how ``total`` is paid; nothing is debited yet."""
    if method == PaymentMethod.CASH_ON_DELIVERY:
        return cash_on_delivery_source(total=total)
    return Source(
        source_type=source_type_for(method), currency=total.currency, amount_allocated=to_dong(total.incl_tax)
    )


def order_payment_create(*, order, method, stripe_session_id=None) -> OrderPayment:
    return OrderPayment.objects.create(
        order=order,
        method=method,
        amount=to_dong(order.total_incl_tax),
        stripe_session_id=stripe_session_id,
        # Cash changes hands at delivery; it is recorded as awaited until then.
        status=PaymentStatus.AWAITING,
    )
