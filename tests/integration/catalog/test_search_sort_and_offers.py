"""Sorting a search (?sort=) and what a search that finds nothing offers instead."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.integration.catalog.test_search import search, titles


@pytest.fixture
def rice(site):
    factories.product(title="Gạo lứt đỏ", price=Decimal("42000"), image=None)
    factories.product(title="Gạo ST25", price=Decimal("38000"), image=None)
    factories.product(title="Bột gạo lứt", price=Decimal("65000"), image=None)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price", ["Gạo ST25", "Gạo lứt đỏ", "Bột gạo lứt"]),
        ("-price", ["Bột gạo lứt", "Gạo lứt đỏ", "Gạo ST25"]),
        ("newest", ["Bột gạo lứt", "Gạo ST25", "Gạo lứt đỏ"]),
        ("relevance", ["Gạo ST25", "Gạo lứt đỏ", "Bột gạo lứt"]),  # the titles that start with "gạo" first
        ("nonsense", ["Gạo ST25", "Gạo lứt đỏ", "Bột gạo lứt"]),  # an unknown sort is relevance
    ],
)
def test_sort(client, rice, sort, expected):
    assert titles(search(client, "gao", sort=sort)) == expected


def test_sort_links_keep_the_words_and_filters_and_mark_the_chosen_one(client, rice):
    html = search(client, "gao", sort="price", price="0-50000")
    nav = re.search(r'<nav class="search-sort.*?</nav>', html, re.S).group(0)
    assert "Sắp xếp theo" in nav
    assert 'aria-current="true">Giá thấp đến cao' in nav
    assert 'href="?q=gao&amp;sort=-price&amp;price=0-50000"' in nav


def test_price_sort_narrowed_by_a_facet(client, rice):
    assert titles(search(client, "gao", sort="-price", price="0-50000")) == ["Gạo lứt đỏ", "Gạo ST25"]


def test_no_result_offers_nearest_products_categories_and_places(client, site):
    factories.product(title="Gạo ST25", category=factories.category("Gạo và ngũ cốc"), image=None)
    factories.product(title="Dưa lưới ruột cam", category=factories.category("Trái cây"), image=None)
    html = search(client, "gao sau rieng")
    assert "0 kết quả cho “gao sau rieng”" in html
    assert "Thử tìm những món này" in html
    dead_end = html.split('class="search-dead-end"')[1]
    assert titles(html) == []
    assert re.findall(r'<h3[^>]*>\s*<a[^>]*>([^<]*)</a>', dead_end) == ["Gạo ST25"]  # holds "gạo", the nearest
    assert re.search(r'<a class="d-inline-block py-2" href="/catalogue/category/[^"]+">Trái cây</a>', dead_end)
    assert re.search(r'href="/noi-san-xuat/cu-chi/">Củ Chi</a> <span class="text-muted">\(2\)', dead_end)


def test_the_nearest_products_are_kept_until_the_listings_change(client, site, settings):
    # Counting each product's words reads every product that holds one: kept with the listings' version.
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    factories.product(title="Gạo ST25", image=None)
    assert _nearest(search(client, "gao sau rieng")) == ["Gạo ST25"]
    with CaptureQueriesContext(connection) as asked_again:
        assert _nearest(search(client, "gao sau rieng")) == ["Gạo ST25"]
    assert not any("CASE WHEN" in query["sql"] for query in asked_again.captured_queries)
    factories.product(title="Gạo Nàng Hoa", image=None)  # a new product: the listings change
    assert sorted(_nearest(search(client, "gao sau rieng"))) == ["Gạo Nàng Hoa", "Gạo ST25"]


def _nearest(html):
    dead_end = html.split('class="search-dead-end"')[1]
    return re.findall(r"<h3[^>]*>\s*<a[^>]*>([^<]*)</a>", dead_end)


def test_no_result_in_english(client, site):
    factories.product(title="Gạo ST25", category=factories.category("Gạo và ngũ cốc"), image=None)
    html = client.get("/en/search/", {"q": "durian"}).content.decode()
    assert "Try these instead" in html
    assert 'href="/en/noi-san-xuat/cu-chi/"' in html


def test_a_search_that_finds_something_offers_nothing_else(client, rice):
    assert "search-dead-end" not in search(client, "gao")


def test_filters_that_list_nothing_offer_their_chips_not_a_dead_end(client, rice):
    html = search(client, "gao", price="500000-")
    assert "0 kết quả cho “gao”" in html
    assert "search-dead-end" not in html
    assert "search-clear-filters" in html


@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize(
    ("query", "sort"),
    [("rau cu chi", "price"), ("rau cai an phu", "relevance"), ("rau caii", "newest"), ("sau rieng", "relevance")],
)
def test_search_query_budget_with_places_typos_sorts_and_dead_ends(
    client, site, settings, count, query, sort, django_assert_max_num_queries
):
    settings.CATALOG_SEARCH_FACETS_CACHE_SECONDS = 0  # count the facets' queries too
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    coops = [factories.cooperative() for _ in range(3)]  # all in An Phú, Củ Chi (factories.commune)
    for i in range(count):
        factories.product(coops[i % 3], title=f"Rau cải {i}", image=None)
    search(client, query, sort=sort)  # warm the thumbnails, the places and the catalogue's words
    with django_assert_max_num_queries(14):
        html = search(client, query, sort=sort)
    assert html.count('class="product_pod"') == (0 if query == "sau rieng" else min(count, 24))


def test_a_search_whose_cards_are_cached_builds_no_product_rows(client, site, settings):
    # Like the catalogue (catalog/cards.py): the page's cards are looked up under narrow signatures, and the
    # full product rows (every column, with stock records, partners, images) are fetched only for cards missing.
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    for n in range(3):
        factories.product(title=f"Gạo ST25 túi {n}", image=None)
    first = search(client, "gao st25")
    with CaptureQueriesContext(connection) as again:
        assert titles(search(client, "gao st25")) == titles(first)
    assert len(titles(first)) == 3
    assert not any('"catalogue_product"."description"' in query["sql"] for query in again.captured_queries)
