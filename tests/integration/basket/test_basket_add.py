"""Adding to the basket: one short message naming what was added, Oscar's checks and redirects kept,
offers still applied to the basket (basket/views.py)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_offer

from basket import views as our_basket_views
from tests import factories

Basket = get_model("basket", "Basket")


def _en(name, **kwargs):
    with translation.override("vi"):
        return "/en" + reverse(name, kwargs=kwargs)


def _add(client, product, quantity, **extra):
    return client.post(_en("basket:add", pk=product.pk), {"quantity": quantity}, **extra)


def _text(response):
    # Non-breaking spaces (in prices) become plain spaces too.
    return " ".join(response.content.decode().split())


@pytest.fixture
def rice(site):
    # 45.000 ₫ a 500 g step; 8 steps = 4 kg in stock.
    return factories.product(title="Gạo ST25", price=Decimal("45000"), stock=8, weight_step_grams=500)


@pytest.fixture
def greens(site):
    return factories.product(title="Rau muống", price=Decimal("18000"), stock=5, selling_unit="bunch")


def test_oscar_loads_our_add_view():
    assert get_class("basket.views", "BasketAddView") is our_basket_views.BasketAddView


class TestSuccessMessage:
    def test_names_the_weight_added(self, client, rice):
        response = _add(client, rice, 3, follow=True)

        assert "1,5 kg of <strong>Gạo ST25</strong> has been added to your basket." in _text(response)
        assert Basket.objects.get().lines.get().quantity == 3

    def test_names_the_product_added_by_the_piece(self, client, greens):
        assert "<strong>Rau muống</strong> has been added to your basket." in _text(
            _add(client, greens, 1, follow=True)
        )

    def test_names_how_many_pieces(self, client, greens):
        assert "2 × <strong>Rau muống</strong> has been added to your basket." in _text(
            _add(client, greens, 2, follow=True)
        )

    def test_a_title_is_shown_as_text_not_markup(self, client, site):
        product = factories.product(title="<b>Cải</b> ngọt")

        html = _text(_add(client, product, 1, follow=True))

        assert "<strong>&lt;b&gt;Cải&lt;/b&gt; ngọt</strong> has been added to your basket." in html
        assert "<b>Cải</b>" not in html

    def test_only_one_message(self, client, greens):
        create_offer(name="Giảm 20%")

        html = _text(_add(client, greens, 1, follow=True))

        assert html.count("has been added to your basket") == 1


class TestChecksAndRedirects:
    def test_more_pieces_than_in_stock_are_refused_and_nothing_is_added(self, client, greens):
        response = _add(client, greens, 6, follow=True)

        assert "has been added" not in _text(response)
        assert not Basket.objects.filter(lines__isnull=False).exists()

    def test_more_weight_than_in_stock_is_refused_by_weight(self, client, rice):
        assert "Only 4 kg is left in stock." in _text(_add(client, rice, 10, follow=True))
        assert not Basket.objects.filter(lines__isnull=False).exists()

    def test_back_to_the_page_the_buyer_came_from(self, client, greens):
        product_page = "/en" + greens.get_absolute_url()

        response = _add(client, greens, 1, HTTP_REFERER="http://testserver" + product_page)

        assert response.status_code == 302 and response["Location"].endswith(product_page)

    def test_to_the_basket_without_a_referrer(self, client, greens):
        response = _add(client, greens, 1)

        assert response.status_code == 302 and response["Location"] == _en("basket:summary")

    def test_never_to_another_site(self, client, greens):
        response = client.post(
            _en("basket:add", pk=greens.pk), {"quantity": 1, "next": "https://evil.example/"}, follow=False
        )

        assert "evil.example" not in response["Location"]


def test_offers_still_apply_to_the_basket(client, greens):
    create_offer(name="Giảm 20%")  # 20 % off every product

    _add(client, greens, 2)

    html = _text(client.get(_en("basket:summary")))
    assert "Giảm 20%" in html
    assert re.search(r"Giảm 20% </td> <td[^>]*>-7.200 ₫", html)  # 20 % of 2 × 18.000 ₫
    assert "Subtotal: <strong>28.800 ₫</strong>" in html
