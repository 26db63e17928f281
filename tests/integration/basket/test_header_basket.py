"""The header's basket shows how many products it holds (basket/selectors.py), without loading the basket:
a page that does not show the basket reads neither its lines, nor its offers, nor its prices."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories

Basket = get_model("basket", "Basket")
# What the header shows of a basket of three: on a phone and from md up (the same link twice).
BADGE = re.compile(r'<span class="badge badge-pill badge-light basket-count" aria-hidden="true">(\d+)</span>')


def _badges(response) -> list[str]:
    return BADGE.findall(response.content.decode())


def _add(client, product, quantity=1):
    assert client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity}).status_code == 302


@pytest.fixture
def products(site):
    return [factories.product(title=title, stock=20) for title in ("Dưa lưới", "Gạo ST25", "Rau muống")]


def _basket_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    read = [query["sql"] for query in queries.captured_queries]
    return response, read


class TestTheHeaderCountsProducts:
    def test_a_signed_in_buyer_sees_how_many_products_without_the_basket_loaded(self, client, products):
        client.force_login(factories.user())
        for product in products:
            _add(client, product, 2)  # two of each: three products, six items

        response, read = _basket_queries(client, reverse("catalogue:index"))

        assert _badges(response) == ["3", "3"]
        assert "(3 sản phẩm)" in response.content.decode()
        assert not [sql for sql in read if 'FROM "basket_line"' in sql and "COUNT" not in sql.upper()]
        assert not [sql for sql in read if "offer_conditionaloffer" in sql or "voucher_voucher" in sql]

    def test_a_guest_with_a_basket_sees_it_by_the_cookie(self, client, products):
        _add(client, products[0])
        _add(client, products[1])
        assert settings.OSCAR_BASKET_COOKIE_OPEN in client.cookies

        response, read = _basket_queries(client, reverse("catalogue:index"))

        assert _badges(response) == ["2", "2"]
        assert not [sql for sql in read if "offer_conditionaloffer" in sql]

    def test_a_visitor_without_a_basket_sees_no_count_and_costs_no_query(self, client, products):
        response, read = _basket_queries(client, reverse("catalogue:index"))

        assert _badges(response) == []
        assert response.content.decode().count(f'href="{reverse("basket:summary")}">') == 2  # the link, without a count
        assert not [sql for sql in read if "basket_" in sql]

    def test_a_forged_cookie_counts_nothing(self, client, products):
        client.cookies[settings.OSCAR_BASKET_COOKIE_OPEN] = "12:forged"

        response, _read = _basket_queries(client, reverse("catalogue:index"))

        assert _badges(response) == []

    def test_signing_in_with_a_guest_basket_merges_it_and_counts_both(self, client, products):
        buyer = factories.user()
        client.force_login(buyer)
        _add(client, products[0])
        client.logout()
        _add(client, products[1])  # a guest basket, in the cookie
        _add(client, products[2])
        client.force_login(buyer)

        response = client.get(reverse("catalogue:index"))

        assert _badges(response) == ["3", "3"]
        assert Basket.open.get(owner=buyer).lines.count() == 3

    def test_the_basket_page_counts_the_lines_it_loaded(self, client, products):
        client.force_login(factories.user())
        _add(client, products[0], 3)

        response = client.get(reverse("basket:summary"))

        assert _badges(response) == ["1"]  # the phone's link: Oscar's basket page has no mini basket

    def test_says_it_in_english_under_en(self, client, products):
        _add(client, products[0])

        html = client.get("/en" + reverse("catalogue:index")).content.decode()

        assert "(1 product)" in html
        assert re.search(r'basket/">\s*Cart\s*<span class="badge', html)
