"""Card payments through Stripe Checkout, with the real ``stripe`` library.

VND is a zero-decimal currency for Stripe: amounts go out as whole đồng, never × 100.
``STRIPE_API_BASE`` points the library elsewhere (tests run a fake Stripe on 127.0.0.1).
"""

from decimal import Decimal

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

# Stripe's ceiling for a single VND charge.
MAX_CHARGE_DONG = 99_999_999


class CardPaymentUnavailable(Exception):
    """Stripe could not be reached or refused: the message is for the buyer."""


def card_payments_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def card_refusal_reason(amount: Decimal) -> str | None:
    """Why card payment is not offered for ``amount`` (đồng), or None when it is."""
    if not card_payments_enabled():
        return _("Card payment is not available on this market.")
    if amount > MAX_CHARGE_DONG:
        return _("Card payment is available for orders up to 99.999.999 ₫; please pay by bank transfer.")
    return None


def client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
    )


def checkout_session_create(*, order_number: str, amount: Decimal, description: str, success_url, cancel_url):
    """A Stripe Checkout session for one order, in đồng.

    The idempotency key is the order number: a retried or double-clicked request gets the same
    session back instead of a second charge."""
    if amount != int(amount):
        raise ValueError(f"VND amounts are whole đồng, got {amount}")
    try:
        return client().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "client_reference_id": order_number,
                "metadata": {"order_number": order_number},
                "payment_intent_data": {"metadata": {"order_number": order_number}},
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "vnd",
                            "unit_amount": int(amount),
                            "product_data": {"name": description},
                        },
                    }
                ],
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": f"checkout-{order_number}"},
        )
    except stripe.StripeError as error:
        raise CardPaymentUnavailable(
            _("The card payment service did not answer. Nothing was charged; your basket is kept. Please try again.")
        ) from error


def checkout_session_retrieve(session_id: str):
    return client().v1.checkout.sessions.retrieve(session_id)


def refund_create(*, payment_intent_id: str, amount: Decimal, idempotency_key: str):
    return client().v1.refunds.create(
        params={"payment_intent": payment_intent_id, "amount": int(amount)},
        options={"idempotency_key": idempotency_key},
    )
