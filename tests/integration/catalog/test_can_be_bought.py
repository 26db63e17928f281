"""One rule for what can be bought (catalog/availability.py): the product is public, its cooperative
verified, it has a price and, if its stock is counted, some left. Adding to the basket, the basket
page, the checkout and the placement of the order all follow it, and tell the buyer which product
and why."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from catalog import availability
from checkout import stock
from cooperatives import services as cooperative_services
from tests import factories
from tests.integration.checkout.test_checkout_payments import choose_and_place, fill_basket_and_reach_payment

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

NOT_SOLD = "“Khổ qua” is no longer sold on the market."
SOLD_OUT = "“Khổ qua” is sold out."
NO_PRICE = "“Khổ qua” has no price."


def _en(name, **kwargs):
    with translation.override("vi"):
        return "/en" + reverse(name, kwargs=kwargs)


def _vi(name, **kwargs):
    with translation.override("vi"):
        return reverse(name, kwargs=kwargs)


def _text(response):
    return " ".join(response.content.decode().split())


def _lines():
    return list(Basket.objects.values_list("lines__product__title", flat=True).exclude(lines=None))


@pytest.fixture
def coop(site):
    return factories.cooperative(name="HTX Rau sạch Củ Chi")


@pytest.fixture
def bitter_melon(coop):
    return factories.product(coop, title="Khổ qua", price=Decimal("30000"), stock=10)


def _unpublish(product):
    product.is_public = False
    product.save()


def _suspend(product):
    cooperative = product.stockrecords.get().partner.cooperative
    cooperative_services.cooperative_suspend(cooperative=cooperative, officer=factories.officer(), reason="Vi phạm")


def _sell_out(product):
    StockRecord.objects.filter(product=product).update(num_in_stock=0)


def _remove_price(product):
    StockRecord.objects.filter(product=product).update(price=None)


STOPS_QUALIFYING = [
    pytest.param(_unpublish, NOT_SOLD, id="no-longer-public"),
    pytest.param(_suspend, NOT_SOLD, id="cooperative-suspended"),
    pytest.param(_sell_out, SOLD_OUT, id="sold-out"),
    pytest.param(_remove_price, NO_PRICE, id="price-removed"),
]

# At placement a product sold out under the locks is the buyers' race the stock check has always told of.
STOPS_QUALIFYING_AT_PLACEMENT = [
    *STOPS_QUALIFYING[:2],
    pytest.param(_sell_out, "Someone bought these just before you: “Khổ qua” is sold out", id="sold-out"),
    STOPS_QUALIFYING[3],
]


class TestTheRule:
    def test_an_ordinary_product_can_be_bought(self, bitter_melon):
        assert availability.purchase_refusal(bitter_melon, bitter_melon.stockrecords.get()) is None

    @pytest.mark.parametrize(("change", "reason"), STOPS_QUALIFYING)
    def test_each_reason_names_the_product(self, bitter_melon, change, reason):
        change(bitter_melon)
        product = type(bitter_melon).objects.get(pk=bitter_melon.pk)

        with translation.override("en"):
            assert availability.purchase_refusal(product, product.stockrecords.first()) == reason

    def test_a_product_no_cooperative_sells_cannot_be_bought(self, bitter_melon):
        with translation.override("en"):
            assert availability.purchase_refusal(bitter_melon, None) == NOT_SOLD

    def test_the_reason_is_in_vietnamese_by_default(self, bitter_melon):
        _unpublish(bitter_melon)

        assert availability.purchase_refusal(bitter_melon, bitter_melon.stockrecords.get()) == (
            "Sản phẩm “Khổ qua” hiện không còn bán trên chợ."
        )


class TestAddingToTheBasket:
    def test_a_product_that_is_not_public_is_refused_and_nothing_is_added(self, client, bitter_melon):
        _unpublish(bitter_melon)

        response = client.post(_en("basket:add", pk=bitter_melon.pk), {"quantity": 1}, follow=True)

        assert NOT_SOLD in _text(response)
        assert _lines() == []

    def test_a_suspended_cooperatives_product_is_refused_and_nothing_is_added(self, client, bitter_melon):
        _suspend(bitter_melon)

        response = client.post(_en("basket:add", pk=bitter_melon.pk), {"quantity": 1}, follow=True)

        assert NOT_SOLD in _text(response)
        assert _lines() == []

    def test_a_product_without_a_price_is_refused_and_nothing_is_added(self, client, bitter_melon):
        _remove_price(bitter_melon)

        response = client.post(_en("basket:add", pk=bitter_melon.pk), {"quantity": 1}, follow=True)

        assert NO_PRICE in _text(response)
        assert _lines() == []

    def test_the_refusal_is_in_vietnamese_by_default(self, client, bitter_melon):
        _unpublish(bitter_melon)

        response = client.post(_vi("basket:add", pk=bitter_melon.pk), {"quantity": 1}, follow=True)

        assert "Sản phẩm “Khổ qua” hiện không còn bán trên chợ." in _text(response)
        assert _lines() == []

    def test_an_ordinary_product_is_still_added(self, client, bitter_melon):
        response = client.post(_en("basket:add", pk=bitter_melon.pk), {"quantity": 1}, follow=True)

        assert "<strong>Khổ qua</strong> has been added to your basket." in _text(response)
        assert _lines() == ["Khổ qua"]


class TestProductPage:
    def test_officers_see_a_product_that_is_not_public_without_the_basket_form(self, client, bitter_melon):
        client.force_login(factories.officer())
        _unpublish(bitter_melon)

        response = client.get("/en" + bitter_melon.get_absolute_url())

        assert response.status_code == 200
        assert 'id="add_to_basket_form"' not in _text(response)

    def test_a_suspended_cooperatives_product_is_not_found(self, client, bitter_melon):
        _suspend(bitter_melon)

        assert client.get("/en" + bitter_melon.get_absolute_url()).status_code == 404

    def test_an_ordinary_product_offers_the_basket_form(self, client, bitter_melon):
        response = client.get("/en" + bitter_melon.get_absolute_url())

        assert 'id="add_to_basket_form"' in _text(response)


class TestAProductThatStopsQualifyingInTheBasket:
    @pytest.mark.parametrize(("change", "reason"), STOPS_QUALIFYING)
    def test_the_basket_page_says_which_product_and_why(self, client, bitter_melon, change, reason):
        client.post(_en("basket:add", pk=bitter_melon.pk), {"quantity": 1})
        change(bitter_melon)

        response = client.get(_en("basket:summary"))

        assert reason in _text(response)
        assert _lines() == ["Khổ qua"]

    @pytest.mark.parametrize(("change", "reason"), STOPS_QUALIFYING)
    def test_checkout_refuses_and_places_nothing_and_keeps_the_basket(self, client, bitter_melon, change, reason):
        fill_basket_and_reach_payment(client, bitter_melon)
        change(bitter_melon)

        _preview, placed = choose_and_place(client, "cash-on-delivery")

        assert placed.status_code == 302
        assert placed.url.endswith(_en("basket:summary"))
        assert reason in _text(client.get(placed.url))
        assert not Order.objects.exists()
        assert _lines() == ["Khổ qua"]

    def test_checkout_does_not_even_start(self, client, bitter_melon):
        client.post(_en("basket:add", pk=bitter_melon.pk), {"quantity": 1})
        _unpublish(bitter_melon)

        response = client.post("/en/checkout/", {"username": "khach@example.com", "options": "anonymous"}, follow=True)

        assert NOT_SOLD in _text(response)
        assert response.redirect_chain[-1][0].endswith(_en("basket:summary"))

    @pytest.mark.parametrize(("change", "reason"), STOPS_QUALIFYING_AT_PLACEMENT)
    def test_a_change_just_before_placement_is_caught_under_the_locks(
        self, client, bitter_melon, monkeypatch, change, reason
    ):
        """The product stops qualifying after the checkout's checks passed, as the order is being placed:
        the last check, with the stock records locked, refuses it."""
        fill_basket_and_reach_payment(client, bitter_melon)
        client.post("/en/checkout/preview/", {"method": "cash-on-delivery"})
        last_check = stock.basket_stock_allocate_check

        def change_then_check(basket):
            change(bitter_melon)
            last_check(basket)

        monkeypatch.setattr(stock, "basket_stock_allocate_check", change_then_check)
        placed = client.post("/en/checkout/preview/", {"action": "place_order"})

        assert reason in _text(placed)
        assert "Nothing was ordered" in _text(placed)
        assert not Order.objects.exists()
        assert _lines() == ["Khổ qua"]

    def test_an_ordinary_product_is_still_ordered(self, client, bitter_melon):
        fill_basket_and_reach_payment(client, bitter_melon)

        _preview, placed = choose_and_place(client, "cash-on-delivery")

        assert placed.status_code == 302
        assert Order.objects.get().lines.get().product == bitter_melon
