"""Choosing how to pay at checkout: cash on delivery, VietQR transfer, card through (a fake) Stripe;
and placing orders safely under double clicks and buyers racing for the last units."""

import re
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from payments.models import LedgerEntry, OrderPayment, PaymentMethod, PaymentStatus
from tests import factories
from tests.addresses import GUEST_ADDRESS
from tests.integration.payments.test_stripe import deliver, fake_stripe  # noqa: F401  (fixture)

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def fill_basket_and_reach_payment(client, *products):
    for product in products:
        assert client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}).status_code == 302
    client.post("/en/checkout/", {"username": "khach@example.com", "options": "anonymous"})
    client.post("/en/checkout/shipping-address/", GUEST_ADDRESS)
    groups = client.get("/en/checkout/shipping-method/").context["groups"]
    client.post("/en/checkout/shipping-method/", {f"delivery_{g.cooperative.pk}": g.delivery_method for g in groups})
    return client.get("/en/checkout/payment-details/")


def choose_and_place(client, method):
    preview = client.post("/en/checkout/preview/", {"method": method})
    placed = client.post("/en/checkout/preview/", {"action": "place_order"})
    return preview, placed


@pytest.mark.django_db
class TestChoosingHowToPay:
    def test_cash_and_transfer_are_offered_card_only_with_stripe(self, client, site, settings):
        settings.STRIPE_SECRET_KEY = ""
        page = fill_basket_and_reach_payment(client, factories.product(price=Decimal("50000"))).content.decode()
        assert 'value="cash-on-delivery"' in page and 'value="bank-transfer"' in page
        assert 'value="card"' not in page

    def test_bank_transfer_shows_the_vietqr_code_and_waits_for_the_money(self, client, site):
        product = factories.product(price=Decimal("50000"))
        fill_basket_and_reach_payment(client, product)
        preview, placed = choose_and_place(client, PaymentMethod.BANK_TRANSFER)
        assert "Bank transfer (VietQR)" in preview.content.decode()
        order = Order.objects.get()
        thank_you = client.get(placed["Location"]).content.decode()
        assert "awaiting transfer" in thank_you
        assert "<svg" in thank_you and f"CHOHTX {order.number}" in thank_you
        assert "0011001234567" in thank_you
        payment = OrderPayment.objects.get(order=order)
        assert (payment.method, payment.status, payment.amount) == ("bank-transfer", "awaiting", order.total_incl_tax)
        assert order.sources.get().source_type.code == "bank-transfer"

    def test_a_choice_not_offered_is_refused_with_a_message(self, client, site, settings):
        settings.STRIPE_SECRET_KEY = ""
        fill_basket_and_reach_payment(client, factories.product())
        page = client.post("/en/checkout/preview/", {"method": "card"}).content.decode()
        assert "Choose one of the ways to pay shown." in page
        assert not Order.objects.exists()


@pytest.mark.django_db
class TestCardAtCheckout:
    def test_card_sends_the_buyer_to_stripe_and_the_webhook_marks_it_paid(self, client, site, fake_stripe):  # noqa: F811
        coop = factories.cooperative(name="HTX A")
        fill_basket_and_reach_payment(client, factories.product(coop, price=Decimal("120000")))
        _preview, placed = choose_and_place(client, PaymentMethod.CARD)
        payment = OrderPayment.objects.get()
        assert placed.status_code == 302 and placed["Location"].startswith(f"{fake_stripe.url}/pay/cs_test_")
        sent = fake_stripe.requests[-1][2]["line_items"]["0"]["price_data"]
        assert int(sent["unit_amount"]) == int(payment.order.total_incl_tax)  # đồng, not hundredths
        assert payment.status == PaymentStatus.AWAITING
        assert "awaiting card payment" in client.get("/en/checkout/thank-you/").content.decode()
        # The buyer pays and closes the tab: only Stripe's webhook comes back.
        session = fake_stripe.complete(payment.stripe_session_id)
        deliver(Client(), fake_stripe.event("checkout.session.completed", session))
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.PAID
        assert coop.ledger_entries.get(kind=LedgerEntry.Kind.COLLECTED).amount == payment.amount

    def test_stripe_down_keeps_the_basket_and_places_nothing(self, client, site, fake_stripe):  # noqa: F811
        product = factories.product(price=Decimal("120000"))
        fill_basket_and_reach_payment(client, product)
        fake_stripe.fail_next = 10
        _preview, placed = choose_and_place(client, PaymentMethod.CARD)
        assert "Nothing was charged; your basket is kept" in placed.content.decode()
        assert not Order.objects.exists()
        assert product.title in client.get("/en/basket/").content.decode()

    def test_orders_above_stripes_ceiling_cannot_choose_card(self, client, site, fake_stripe):  # noqa: F811
        fill_basket_and_reach_payment(client, factories.product(price=Decimal("100000000")))
        page = client.get("/en/checkout/payment-details/").content.decode()
        card_input = re.search(r'<input type="radio" name="method" value="card"[^>]*>', page).group(0)
        assert "disabled" in card_input and "checked" not in card_input
        assert "orders up to 99.999.999" in page
        assert (
            "Choose one of the ways to pay shown."
            in client.post("/en/checkout/preview/", {"method": "card"}).content.decode()
        )


@pytest.mark.django_db
def test_placing_again_after_the_order_was_made_makes_no_second_order(client, site):
    fill_basket_and_reach_payment(client, factories.product())
    _preview, placed = choose_and_place(client, PaymentMethod.CASH_ON_DELIVERY)
    again = client.post("/en/checkout/preview/", {"action": "place_order"})
    assert again.status_code == 302  # back to the basket or the order, never a second order or an error
    assert Order.objects.count() == 1


def run_together(calls):
    """Run ``calls`` in threads released at the same moment; each closes its database connection."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (SELECT … FOR UPDATE) are what is tested; SQLite serializes every write instead.")


@pytest.mark.django_db(transaction=True)
def test_twenty_buyers_for_the_last_five_units_exactly_five_succeed(site):
    postgresql_only()
    product = factories.product(price=Decimal("45000"), stock=5)
    buyers = [Client() for _ in range(20)]
    for buyer in buyers:
        fill_basket_and_reach_payment(buyer, product)
        buyer.post("/en/checkout/preview/", {"method": PaymentMethod.CASH_ON_DELIVERY})
    place = {"action": "place_order"}
    answers = run_together([lambda b=buyer: b.post("/en/checkout/preview/", place) for buyer in buyers])
    succeeded = [answer for answer in answers if answer.status_code == 302]
    refused = [answer for answer in answers if answer.status_code == 200]
    assert len(succeeded) == 5 and len(refused) == 15
    assert all("Someone bought these just before you" in answer.content.decode() for answer in refused)
    assert Order.objects.count() == 5
    record = StockRecord.objects.get(product=product)
    assert (record.num_in_stock, record.num_allocated) == (5, 5)


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_place_order_makes_one_order(site):
    postgresql_only()
    buyer = Client()
    fill_basket_and_reach_payment(buyer, factories.product(stock=10))
    buyer.post("/en/checkout/preview/", {"method": PaymentMethod.CASH_ON_DELIVERY})
    answers = run_together([lambda: buyer.post("/en/checkout/preview/", {"action": "place_order"})] * 2)
    assert Order.objects.count() == 1
    assert all(answer.status_code == 302 for answer in answers), [a.status_code for a in answers]
