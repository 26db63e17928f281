"""Every price a buyer reads says what it buys and, for produce sold by weight, what a kilogram costs:
cards, the product page, the basket, checkout, the order's pages and e-mails, and the workspace's list."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from catalog.unit_price import line_unit_price
from fulfilment.models import OrderPart
from tests import factories
from tests.integration.checkout.test_checkout import _checkout

NBSP = "\u00a0"
STEP_PRICE = f"14.000{NBSP}₫ / 500 g"
PER_KG = f"28.000{NBSP}₫/kg"
BOX_PRICE = f"35.000{NBSP}₫ / hộp"


@pytest.fixture
def bitter_melon(site):
    """Khổ qua priced per 500 g step, its selling unit kg: the issue's misleading "14.000 ₫"."""
    coop = factories.cooperative(name="HTX Rau sạch Phước An")
    return factories.product(
        coop, title="Khổ qua", price=Decimal("14000"), stock=40, selling_unit="kg", weight_step_grams=500
    )


@pytest.fixture
def honey(site):
    return factories.product(title="Mật ong hoa nhãn", price=Decimal("35000"), stock=10, selling_unit="box")


def _add(client, product, quantity=1):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})


class TestCards:
    def test_a_card_says_what_the_step_costs_and_what_a_kilogram_costs(self, client, bitter_melon, honey):
        html = client.get(reverse("catalogue:index")).content.decode()

        assert f'<p class="price_color unit-price mb-0">{STEP_PRICE}</p>' in html
        assert f'<p class="unit-price-per-kg mb-0">{PER_KG}</p>' in html
        assert f'<p class="price_color unit-price mb-0">{BOX_PRICE}</p>' in html


class TestProductPage:
    def test_says_the_price_per_step_and_per_kilogram_and_sells_by_the_step(self, client, bitter_melon):
        html = client.get(bitter_melon.get_absolute_url()).content.decode()

        assert f'<p class="price_color unit-price mb-0">{STEP_PRICE}</p>' in html
        assert f'<td class="product-information-price">{STEP_PRICE} · {PER_KG}</td>' in html
        assert '<dd class="col-7 product-sold-in">500 g</dd>' in html
        assert "Giá (chưa thuế)" not in html

    def test_in_english_under_en(self, client, honey):
        html = client.get("/en" + honey.get_absolute_url()).content.decode()

        assert f"35.000{NBSP}₫ / box" in html


class TestBasketAndCheckout:
    def test_the_basket_line_says_what_its_price_buys(self, client, bitter_melon, honey):
        _add(client, bitter_melon, 3)
        _add(client, honey)

        html = client.get(reverse("basket:summary")).content.decode()

        assert f'<p class="basket-line-unit-price small mb-1">{STEP_PRICE} · {PER_KG}</p>' in html
        assert f'<p class="basket-line-unit-price small mb-1">{BOX_PRICE}</p>' in html


class TestOrder:
    def test_the_thank_you_page_and_the_buyers_e_mail_say_it_too(self, client, bitter_melon, honey):
        _add(client, bitter_melon, 3)
        _add(client, honey)

        thank_you = _checkout(client, guest_email="khach@example.com").content.decode()

        assert f'<small class="text-muted line-unit-price">{STEP_PRICE} · {PER_KG}</small>' in thank_you
        placed = next(message for message in mail.outbox if message.to == ["khach@example.com"])
        assert f"Khổ qua × 3 (3 × 0,5 kg = 1,5 kg) – 42.000{NBSP}₫\n   {STEP_PRICE} · {PER_KG}" in placed.body
        assert f"Mật ong hoa nhãn × 1 – 35.000{NBSP}₫\n   {BOX_PRICE}" in placed.body
        html_body = placed.alternatives[0][0]
        assert f"<small>{STEP_PRICE} · {PER_KG}</small>" in html_body

    def test_the_order_keeps_the_step_it_was_sold_in(self, client, bitter_melon):
        _add(client, bitter_melon, 2)
        _checkout(client, guest_email="khach@example.com")
        type(bitter_melon).objects.filter(pk=bitter_melon.pk).update(weight_step_grams=1000)

        line = OrderPart.objects.get().lines.get()
        assert str(line_unit_price(line)) == f"{STEP_PRICE} · {PER_KG}"


class TestWorkspace:
    def test_the_cooperatives_list_shows_the_same_price(self, client, bitter_melon):
        client.force_login(factories.cooperative_staff(bitter_melon.cooperative))

        html = client.get(reverse("workspace:products")).content.decode()

        assert f'<p class="ws-product-price">{STEP_PRICE} · {PER_KG}</p>' in html
