"""A guest who gave only a mobile number finds the order later with its number and that mobile:
throttled against guessing, the same answer whether the number is wrong or the order does not exist,
and the thank-you page says how."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from tests import factories
from tests.integration.checkout.test_checkout import _checkout
from tests.integration.fulfilment.test_order_pages_vietnamese import with_address

Order = get_model("order", "Order")

NBSP = "\u00a0"
UNIT_PRICE = f"14.000{NBSP}₫ / 500 g · 28.000{NBSP}₫/kg"
NOT_FOUND = "Không tìm thấy đơn hàng với mã đơn và số điện thoại này"


def _url(name, language="vi", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def bitter_melon(site):
    return factories.product(
        factories.cooperative(name="HTX Rau sạch Phước An"),
        title="Khổ qua",
        price=Decimal("14000"),
        stock=40,
        selling_unit="kg",
        weight_step_grams=500,
    )


@pytest.fixture
def guest_order(client, bitter_melon):
    """A guest's order placed through checkout with the mobile 090 123 4567 and no e-mail."""
    client.post(reverse("basket:add", kwargs={"pk": bitter_melon.pk}), {"quantity": 2})
    client.post(reverse("checkout:index"), {"username": "", "options": "anonymous"})
    thank_you = _checkout(client)
    order = Order.objects.get()
    assert order.guest_email == "" and order.user is None
    order.thank_you = thank_you.content.decode()
    return order


def _look_up(client, number, phone, language="vi", ip="198.51.100.7"):
    return client.post(_url("guest-order-lookup", language), {"number": number, "phone": phone}, REMOTE_ADDR=ip)


class TestThankYouPage:
    def test_tells_the_guest_how_to_find_the_order_later(self, guest_order):
        html = guest_order.thank_you
        assert _url("guest-order-lookup") in html
        assert guest_order.number in html and "090 123 4567" in html


class TestLookup:
    def test_the_order_number_and_the_mobile_open_the_order(self, guest_order, django_user_model):

        client = Client()
        assert _url("guest-order-lookup") in client.get(_url("guest-order-lookup")).content.decode()

        response = _look_up(client, f" {guest_order.number} ", "0901 234 567")

        assert response.status_code == 302
        assert response["Location"] == _url("guest-order", number=guest_order.number)
        html = client.get(response["Location"]).content.decode()
        assert guest_order.number in html
        assert f'<small class="line-unit-price">{UNIT_PRICE}</small>' in html
        assert "090 123 4567" in html

    @pytest.mark.parametrize("number_phone", ["wrong mobile", "no such order"])
    def test_the_same_answer_whether_the_mobile_is_wrong_or_the_order_does_not_exist(
        self, client, guest_order, number_phone
    ):
        number, phone = {
            "wrong mobile": (guest_order.number, "0912 345 678"),
            "no such order": ("999999", "090 123 4567"),
        }[number_phone]

        stranger = Client()
        response = _look_up(stranger, number, phone)

        assert response.status_code == 400
        assert NOT_FOUND in response.content.decode()
        page = stranger.get(_url("guest-order", number=guest_order.number))
        assert page.status_code == 302 and page["Location"] == _url("guest-order-lookup")

    def test_an_accounts_order_is_not_opened_this_way(self, bitter_melon):

        order = factories.order_with_parts((bitter_melon, 1), buyer=factories.user())

        with_address(order)
        response = _look_up(Client(), order.number, "090 123 4567")

        assert response.status_code == 400

    def test_a_number_that_is_no_mobile_is_explained(self, client, guest_order):
        response = _look_up(client, guest_order.number, "12")

        assert response.status_code == 400
        assert "090 123 4567" in response.content.decode()  # the example of how to write it

    def test_in_english_under_en(self, client, guest_order):
        response = _look_up(client, "999999", "090 123 4567", language="en")

        assert "We found no order with this order number and mobile number" in response.content.decode()


class TestThrottle:
    def test_guessing_from_one_connection_is_stopped_even_for_the_right_answer(self, guest_order):

        guesser = Client()
        for attempt in range(settings.GUEST_ORDER_LOOKUPS_PER_ADDRESS):
            assert _look_up(guesser, guest_order.number, f"0912 345 {attempt:03d}").status_code == 400

        response = _look_up(guesser, guest_order.number, "090 123 4567")

        assert response.status_code == 429
        assert "Quá nhiều lần tra cứu" in response.content.decode()
        # Another connection is not stopped.
        assert _look_up(Client(), guest_order.number, "090 123 4567", ip="198.51.100.8").status_code == 302

    def test_guessing_the_orders_of_one_mobile_from_many_connections_is_stopped(self, guest_order):

        for attempt in range(settings.GUEST_ORDER_LOOKUPS_PER_PHONE):
            _look_up(Client(), str(900000 + attempt), "090 123 4567", ip=f"198.51.100.{attempt + 10}")

        assert _look_up(Client(), guest_order.number, "090 123 4567", ip="198.51.100.200").status_code == 429


class TestLinkFromTheSms:
    def test_the_order_number_comes_filled_in(self, client, site):
        html = client.get(_url("guest-order-lookup") + "?number=100123").content.decode()

        assert 'value="100123"' in html


class TestWhereGuestsFindIt:
    def test_the_sign_in_page_leads_to_the_lookup(self, client, site):
        html = client.get(_url("customer:login")).content.decode()

        assert f'href="{_url("guest-order-lookup")}">Đã đặt hàng không cần tài khoản? Tra cứu đơn hàng</a>' in html
