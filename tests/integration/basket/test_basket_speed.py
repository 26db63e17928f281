"""Adding to the basket stays cheap however full the basket is (basket/forms.py, basket/views.py,
basket/middleware.py), and its checks still count what the basket holds."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from oscar.test.factories import create_offer

from basket.models import BasketFigures
from tests import factories

Basket = get_model("basket", "Basket")
# Product and stock records (2), basket (1), its figures and currency (1), the line looked for and
# written (1 + 3 with the transaction), Oscar's analytics counter (1, and 1 more the first time the
# product is ever added).
ADD_QUERIES = 10


def _en(name, **kwargs):
    with translation.override("vi"):
        return "/en" + reverse(name, kwargs=kwargs)


def _add(client, product, quantity=1, **extra):
    return client.post(_en("basket:add", pk=product.pk), {"quantity": quantity}, **extra)


def _text(response):
    return " ".join(response.content.decode().split())


@pytest.fixture
def greens(site):
    return factories.product(title="Rau muống", price=Decimal("18000"), stock=5, selling_unit="bunch")


def _fill(client, lines):
    """A basket of ``lines`` products (from two cooperatives), with an offer that applies to them all."""
    create_offer(name="Giảm 20%")
    coops = [factories.cooperative(), factories.cooperative()]
    for n in range(lines):
        assert _add(client, factories.product(coop=coops[n % 2], stock=50), 2).status_code == 302
    return Basket.objects.get()


class TestQueryBudget:
    @pytest.mark.parametrize("lines", [1, 30])
    def test_a_new_product_costs_the_same_at_1_and_30_lines(self, client, site, lines, django_assert_max_num_queries):
        basket = _fill(client, lines)
        product = factories.product(stock=50)

        with django_assert_max_num_queries(ADD_QUERIES):
            response = _add(client, product, 3)

        assert response.status_code == 302
        assert basket.lines.count() == lines + 1
        assert basket.lines.get(product=product).quantity == 3

    @pytest.mark.parametrize("lines", [1, 30])
    def test_more_of_a_product_already_there(self, client, site, lines, django_assert_max_num_queries):
        basket = _fill(client, lines)
        product = basket.lines.order_by("pk").first().product

        with django_assert_max_num_queries(ADD_QUERIES):
            _add(client, product, 1)

        assert basket.lines.get(product=product).quantity == 3

    def test_a_signed_in_buyer_adds_in_a_few_more(self, client, site, greens, django_assert_max_num_queries):
        client.force_login(factories.user(email="buyer@example.com"))
        _add(client, factories.product(stock=50))

        # Their session, user and analytics counter, on top of the anonymous add.
        with django_assert_max_num_queries(ADD_QUERIES + 3):
            _add(client, greens, 2)

        assert Basket.objects.get(owner__email="buyer@example.com").lines.get(product=greens).quantity == 2

    def test_the_basket_page_after_the_add_shows_the_offer(self, client, site):
        _fill(client, 3)  # 3 lines of 2 × 50.000 ₫, 20 % off

        html = _text(client.get(_en("basket:summary")))

        assert re.search(r"Giảm 20% </td> <td[^>]*>-60.000 ₫", html)


class TestChecksCountWhatTheBasketHolds:
    def test_stock_counts_the_pieces_already_in_the_basket(self, client, greens):
        _add(client, greens, 3)

        html = _text(_add(client, greens, 3, follow=True))

        assert "a maximum of 5 can be bought" in html
        assert Basket.objects.get().lines.get().quantity == 3

    def test_the_basket_maximum_counts_every_item(self, client, site, greens, settings):
        settings.OSCAR_MAX_BASKET_QUANTITY_THRESHOLD = 6
        _add(client, factories.product(stock=50), 4)

        html = _text(_add(client, greens, 3, follow=True))

        # Oscar's message (our English catalogue says "cart" for its "basket").
        assert "we are not able to ship more than 6 items in one order. Your cart currently has 4 items." in html
        assert not Basket.objects.get().lines.filter(product=greens).exists()

    def test_within_the_basket_maximum_is_added(self, client, site, greens, settings):
        settings.OSCAR_MAX_BASKET_QUANTITY_THRESHOLD = 6
        _add(client, factories.product(stock=50), 4)

        _add(client, greens, 2)

        assert Basket.objects.get().lines.get(product=greens).quantity == 2


class TestBasketFigures:
    def test_say_what_oscars_basket_says(self, client, site, greens):
        _add(client, factories.product(stock=50), 4)
        _add(client, greens, 2)
        basket = Basket.objects.get()

        figures = basket.figures(greens)

        assert figures == BasketFigures(items=basket.num_items, of_product=2, currency="VND")
        assert figures.of_product == basket.product_quantity(greens)

    def test_of_a_basket_not_saved_yet(self, greens):
        assert Basket().figures(greens) == BasketFigures(0, 0, None)

    def test_the_currency_read_before_and_after_the_lines_are_loaded(self, client, greens):
        _add(client, greens, 1)
        basket = Basket.objects.get()

        assert basket.currency == "VND"  # from one column of the first line
        list(basket.all_lines())
        assert basket.currency == "VND"  # from the loaded lines, as Oscar does
        assert Basket().currency is None

    def test_the_currency_is_read_again_once_the_lines_change(self, client, greens):
        _add(client, greens, 1)
        basket = Basket.objects.get()
        assert basket.figures(greens).currency == "VND"

        basket.flush()

        assert basket.currency is None
