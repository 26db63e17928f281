"""Card payments against a fake Stripe on 127.0.0.1, with the real stripe library and signed webhooks."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.test.factories import create_order

from lifecycle import webhooks
from payments import stripe_gateway
from payments.models import OrderPayment, PaymentMethod, PaymentStatus, StripeEvent
from tests.fakes.stripe import FakeStripe, sign

WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(settings):
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_TIMEOUT_SECONDS = 1
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    yield fake
    fake.stop()


def new_session(order_number="100001", amount=Decimal("150000")):
    return stripe_gateway.checkout_session_create(
        order_number=order_number,
        amount=amount,
        description=f"Order {order_number}",
        success_url="http://testserver/checkout/thank-you/",
        cancel_url="http://testserver/basket/",
    )


def card_payment(session):
    order = create_order(number=session.metadata["order_number"])
    return OrderPayment.objects.create(
        order=order, method=PaymentMethod.CARD, amount=Decimal(session.amount_total), stripe_session_id=session.id
    )


def deliver(client, payload, *, secret=WEBHOOK_SECRET, signature=None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature if signature is not None else sign(payload, secret)}
    return client.post(reverse("stripe-webhook"), payload, content_type="application/json", **headers)


@pytest.mark.usefixtures("english")
class TestCheckoutSession:
    def test_amount_is_sent_in_dong_not_hundredths(self, fake_stripe):
        session = new_session(amount=Decimal("150000"))
        method, path, form, _headers = fake_stripe.requests[-1]
        assert (method, path) == ("POST", "/v1/checkout/sessions")
        price = form["line_items"]["0"]["price_data"]
        assert price == {"currency": "vnd", "unit_amount": "150000", "product_data": {"name": "Order 100001"}}
        assert session.amount_total == 150000
        assert form["metadata"] == {"order_number": "100001"}

    def test_a_retried_request_gets_the_same_session(self, fake_stripe):
        first, second = new_session(), new_session()
        assert first.id == second.id
        assert sum(1 for obj in fake_stripe.objects.values() if obj["object"] == "checkout.session") == 1

    def test_fractions_of_a_dong_are_refused_before_anything_is_sent(self, fake_stripe):
        with pytest.raises(ValueError):
            new_session(amount=Decimal("150000.5"))
        assert fake_stripe.requests == []

    @pytest.mark.parametrize("fault", ["outage", "timeout"])
    def test_stripe_failing_gives_the_buyer_a_clear_message(self, fake_stripe, fault):
        if fault == "outage":
            fake_stripe.fail_next = 5
        else:
            fake_stripe.stall_seconds = 2  # the client gives up after 1 s
        with pytest.raises(stripe_gateway.CardPaymentUnavailable) as refused:
            new_session()
        assert "Nothing was charged" in str(refused.value)


class TestCardLimits:
    def test_orders_above_stripes_ceiling_are_not_offered_card_payment(self, fake_stripe):
        assert stripe_gateway.card_refusal_reason(Decimal("99999999")) is None
        assert "99.999.999" in stripe_gateway.card_refusal_reason(Decimal("100000000"))

    def test_card_payment_is_hidden_without_a_secret_key(self, settings):
        settings.STRIPE_SECRET_KEY = ""
        assert not stripe_gateway.card_payments_enabled()
        assert stripe_gateway.card_refusal_reason(Decimal("1000")) is not None


@pytest.mark.django_db
class TestWebhook:
    def test_a_completed_session_marks_the_order_paid_even_with_the_tab_closed(self, client, fake_stripe):
        payment = card_payment(new_session())
        event = fake_stripe.event("checkout.session.completed", fake_stripe.complete(payment.stripe_session_id))
        response = deliver(client, event)  # no buyer session involved: Stripe calls us
        assert response.status_code == 200 and response.json() == {"status": "processed"}
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.PAID and payment.paid_at is not None
        assert payment.stripe_payment_intent_id.startswith("pi_test_")

    @pytest.mark.parametrize("signature", ["", "t=1,v1=deadbeef", None])
    def test_a_bad_or_missing_signature_is_refused_and_changes_nothing(self, client, fake_stripe, signature):
        payment = card_payment(new_session())
        event = fake_stripe.event("checkout.session.completed", fake_stripe.complete(payment.stripe_session_id))
        if signature is None:  # signed, but with another secret
            response = deliver(client, event, secret="whsec_someone_else")
        else:
            response = deliver(client, event, signature=signature)
        assert response.status_code == 400
        with translation.override("vi"):  # Stripe calls without a language: the site's own
            assert response.json()["error"] == str(webhooks.SIGNATURE_REFUSED)
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.AWAITING
        assert not StripeEvent.objects.exists()

    def test_each_event_is_processed_once_however_often_it_is_delivered(self, client, fake_stripe):
        payment = card_payment(new_session())
        event = fake_stripe.event("checkout.session.completed", fake_stripe.complete(payment.stripe_session_id))
        assert deliver(client, event).json() == {"status": "processed"}
        payment.refresh_from_db()
        paid_at = payment.paid_at
        assert deliver(client, event).json() == {"status": "duplicate"}
        payment.refresh_from_db()
        assert payment.paid_at == paid_at
        assert StripeEvent.objects.count() == 1

    def test_a_late_failure_does_not_move_a_paid_order_backwards(self, client, fake_stripe):
        payment = card_payment(new_session())
        session = fake_stripe.complete(payment.stripe_session_id)
        deliver(client, fake_stripe.event("checkout.session.completed", session))
        deliver(client, fake_stripe.event("checkout.session.expired", {**session, "status": "expired"}))
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.PAID

    def test_success_after_a_failed_attempt_still_counts(self, client, fake_stripe):
        payment = card_payment(new_session())
        session = fake_stripe.objects[payment.stripe_session_id]
        deliver(client, fake_stripe.event("checkout.session.async_payment_failed", session))
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.FAILED
        paid = fake_stripe.complete(session["id"])
        deliver(client, fake_stripe.event("checkout.session.async_payment_succeeded", paid))
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.PAID

    def test_an_event_for_an_unknown_session_is_acknowledged_and_ignored(self, client, fake_stripe):
        event = fake_stripe.event("checkout.session.completed", {"id": "cs_unknown", "payment_status": "paid"})
        assert deliver(client, event).json() == {"status": "ignored"}
        assert not OrderPayment.objects.exists()

    def test_not_json_is_refused(self, client, fake_stripe):
        response = deliver(client, "not json")
        assert response.status_code == 400

    def test_get_is_not_allowed(self, client, fake_stripe):
        assert client.get(reverse("stripe-webhook")).status_code == 405


def test_event_payload_round_trips(fake_stripe):
    # The fake's events are what Stripe sends: JSON with id, type, created and data.object.
    event = json.loads(fake_stripe.event("checkout.session.completed", {"id": "cs_x"}))
    assert set(event) >= {"id", "type", "created", "data"}


@pytest.mark.django_db
def test_an_expired_card_payment_cancels_the_pending_parts_and_frees_the_stock(client, fake_stripe):
    from tests.integration.test_ledger import paid_order

    order, payment, coop_a, _coop_b = paid_order()
    line = order.lines.get(partner=coop_a.partner)
    stockrecord = line.stockrecord
    stockrecord.allocate(line.quantity)
    allocated = stockrecord.num_allocated
    payment.stripe_session_id = "cs_expired"
    payment.save()
    event = fake_stripe.event("checkout.session.expired", {"id": "cs_expired", "status": "expired"})
    assert deliver(client, event).json() == {"status": "processed"}
    payment.refresh_from_db()
    stockrecord.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert set(order.parts.values_list("status", flat=True)) == {"cancelled"}
    assert stockrecord.num_allocated == allocated - line.quantity
