"""Card payments after checkout: Stripe's events, and reconciling payments whose event never came.

An event is signed by Stripe, but what it says is still checked: a completed Checkout session pays
the order only in đồng and for the amount that was asked; anything else becomes a case for officers
(payments.PaymentCase). A payment never moves back; a completion after the page expired revives the
parts the expiry cancelled if their stock is still there, and otherwise leaves a refund owed.
Refunds made in Stripe's dashboard arrive as ``charge.refunded`` and reach the ledger once.
"""

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from lifecycle.parts import order_lock, order_sync, parts_cancel_unpaid, parts_revive
from lifecycle.receipts import money_received, refund_from_stripe
from payments import ledger, stripe_gateway
from payments.models import OrderPayment, PaymentCase, PaymentMethod, PaymentStatus, Receipt, StripeEvent

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
FAILED_EVENTS = {"checkout.session.async_payment_failed", "checkout.session.expired"}
REFUND_EVENTS = {"charge.refunded"}
MALFORMED = "malformed"
CURRENCY_CASE = gettext_lazy("Stripe reports %(amount)s in “%(currency)s”; the order asked %(asked)s.")
AMOUNT_CASE = gettext_lazy("Stripe reports %(amount)s đồng; the order asked %(asked)s.")
LATE_CASE = gettext_lazy(
    "%(amount)s was paid after the payment page expired; %(revived)s cancelled part(s) came back with their "
    "stock, and what was paid for the others is owed back to the buyer."
)


def event_problem(event) -> str:
    """What makes a signed event unreadable, or "" when it can be applied."""
    if not isinstance(event, dict):
        return "the event is not a JSON object"
    if not isinstance(event.get("id"), str) or not event["id"]:
        return "the event has no id"
    if not isinstance(event.get("type"), str):
        return "the event has no type"
    created = event.get("created", 0)
    if isinstance(created, bool) or not isinstance(created, int) or not 0 <= created < 2**40:
        return "the event's created time is not a number of seconds"
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        return "the event has no data object"
    return ""


def _keep_malformed(event, problem: str) -> None:
    body = json.dumps(event, sort_keys=True, ensure_ascii=False, default=str)
    event_id = event.get("id") if isinstance(event, dict) and isinstance(event.get("id"), str) else ""
    digest = hashlib.sha256(body.encode()).hexdigest()[:40]
    StripeEvent.objects.get_or_create(
        event_id=f"malformed:{event_id[:150]}:{digest}",
        defaults={
            "type": str(event.get("type", ""))[:100] if isinstance(event, dict) else "",
            "created": None,
            # Kept as sent; what is not an object is wrapped, so that even ``null`` is kept.
            "payload": event if isinstance(event, dict) else {"body": event},
            "outcome": StripeEvent.Outcome.MALFORMED,
            "problem": problem,
        },
    )


@transaction.atomic
def stripe_event_handle(event) -> str:
    """Apply one verified Stripe event. Returns "processed", "duplicate", "ignored", "case" or
    "malformed" (kept for inspection; the webhook answers 400)."""
    problem = event_problem(event)
    if problem:
        _keep_malformed(event, problem)
        return MALFORMED
    stored, is_new = StripeEvent.objects.get_or_create(
        event_id=event["id"],
        defaults={
            "type": event["type"][:100],
            "created": datetime.fromtimestamp(event.get("created", 0), tz=UTC),
            "payload": event,
        },
    )
    if not is_new:
        return "duplicate"
    obj = event["data"]["object"]
    kind = event["type"]
    if kind in PAID_EVENTS and obj.get("payment_status") == "paid":
        outcome = card_completed(obj, stripe_event=stored)
    elif kind in FAILED_EVENTS:
        outcome = card_failed(obj, expired=kind == "checkout.session.expired")
    elif kind in REFUND_EVENTS:
        outcome = charge_refunded(obj)
    else:
        outcome = "ignored"
    stored.outcome = {"case": StripeEvent.Outcome.CASE, "ignored": StripeEvent.Outcome.IGNORED}.get(
        outcome, StripeEvent.Outcome.PROCESSED
    )
    stored.save(update_fields=["outcome"])
    return outcome


def _payment_for_session(session: dict) -> OrderPayment | None:
    payments = OrderPayment.objects.filter(method=PaymentMethod.CARD)
    session_id = session.get("id")
    if isinstance(session_id, str) and session_id:
        by_session = payments.filter(stripe_session_id=session_id).first()
        if by_session is not None:
            return by_session
    metadata = session.get("metadata")
    order_number = metadata.get("order_number") if isinstance(metadata, dict) else None
    return payments.filter(order__number=str(order_number)).first() if order_number else None


def _locked(payment):
    """The order locked first (as every lifecycle change does), then its payment."""
    order = order_lock(payment.order_id)
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    payment.order = order
    return order, payment


def _mismatch(session: dict, payment) -> tuple[str, str] | None:
    """Why a paid session does not pay ``payment`` (another currency, another amount), or None."""
    currency = str(session.get("currency", "")).lower()
    amount = session.get("amount_total")
    facts = {"amount": str(amount)[:30], "currency": currency[:10], "asked": ledger.vnd(payment.amount)}
    if currency != "vnd":
        return PaymentCase.Kind.CURRENCY_MISMATCH, _case_text(CURRENCY_CASE, facts)
    if isinstance(amount, bool) or not isinstance(amount, int) or Decimal(amount) != payment.amount:
        return PaymentCase.Kind.AMOUNT_MISMATCH, _case_text(AMOUNT_CASE, facts)
    return None


def _case_text(message, facts) -> str:
    # Stored for officers, in the site's language, whatever language the request or command ran in.
    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % facts


def card_completed(session: dict, *, stripe_event=None) -> str:
    payment = _payment_for_session(session)
    if payment is None:
        return "ignored"
    order, payment = _locked(payment)
    mismatch = _mismatch(session, payment)
    if mismatch:
        PaymentCase.objects.create(order=order, kind=mismatch[0], detail=mismatch[1], stripe_event=stripe_event)
        return "case"
    amount = session["amount_total"]
    intent = session.get("payment_intent") if isinstance(session.get("payment_intent"), str) else ""
    reference = intent or str(session.get("id", ""))
    if Receipt.objects.filter(order=order, method=PaymentMethod.CARD, reference=reference).exists():
        return "duplicate"
    if intent:
        payment.stripe_payment_intent_id = intent
        payment.save(update_fields=["stripe_payment_intent_id", "updated_at"])
    if order.parts.filter(cancelled_unpaid=True).exists():
        revived = parts_revive(order=order)
        PaymentCase.objects.create(
            order=order,
            kind=PaymentCase.Kind.PAID_AFTER_EXPIRY,
            detail=_case_text(LATE_CASE, {"amount": ledger.vnd(Decimal(amount)), "revived": len(revived)}),
            stripe_event=stripe_event,
        )
    money_received(
        order=order, method=PaymentMethod.CARD, amount=Decimal(amount), reference=reference, stripe_event=stripe_event
    )
    return "processed"


def card_failed(session: dict, *, expired: bool) -> str:
    payment = _payment_for_session(session)
    if payment is None:
        return "ignored"
    order, payment = _locked(payment)
    if not payment.can_move_to(PaymentStatus.FAILED) or Receipt.objects.filter(order=order).exists():
        return "processed"  # already paid: a late failure changes nothing
    payment.status = PaymentStatus.FAILED
    payment.save(update_fields=["status", "updated_at"])
    if expired:
        parts_cancel_unpaid(order=order)
    return "processed"


def charge_refunded(charge: dict) -> str:
    intent = charge.get("payment_intent")
    if not isinstance(intent, str) or not intent:
        return "ignored"
    payment = OrderPayment.objects.filter(method=PaymentMethod.CARD, stripe_payment_intent_id=intent).first()
    if payment is None:
        return "ignored"
    order, payment = _locked(payment)
    refunds = charge.get("refunds")
    listed = refunds.get("data") if isinstance(refunds, dict) else None
    if isinstance(listed, list) and listed:
        for refund in listed:
            if isinstance(refund, dict) and isinstance(refund.get("id"), str) and _is_amount(refund.get("amount")):
                if refund.get("status", "succeeded") in ("succeeded", "pending"):
                    refund_from_stripe(order=order, amount=Decimal(refund["amount"]), stripe_refund_id=refund["id"])
    elif _is_amount(charge.get("amount_refunded")):
        # No list of refunds: the cumulative amount, less what is known, is one new refund.
        known = sum(
            (r.amount for r in order.refunds.filter(method=PaymentMethod.CARD).exclude(stripe_refund_id="")),
            Decimal(0),
        )
        new = Decimal(charge["amount_refunded"]) - known
        if new > 0:
            refund_from_stripe(
                order=order, amount=new, stripe_refund_id=f"{charge.get('id', 'charge')}:{charge['amount_refunded']}"
            )
    order_sync(order)
    return "processed"


def _is_amount(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


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
        with transaction.atomic():
            if session.get("payment_status") == "paid":
                card_completed(session)
            elif session.get("status") == "expired":
                card_failed(session, expired=True)
            else:
                counts["open"] += 1
                continue
        status = OrderPayment.objects.get(pk=payment_id).status
        counts[status if status in ("paid", "failed") else "open"] += 1
    return counts
