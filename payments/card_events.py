"""Card payments after checkout: Stripe's events, and reconciling payments whose event never came."""

from datetime import UTC, datetime

from django.db import transaction

from payments import stripe_gateway
from payments.models import OrderPayment, PaymentMethod, PaymentStatus, StripeEvent
from payments.services import payment_move

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
FAILED_EVENTS = {"checkout.session.async_payment_failed", "checkout.session.expired"}


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
