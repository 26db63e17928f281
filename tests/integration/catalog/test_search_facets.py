"""Facets on /search/: values with counts for the current words, chosen by GET parameters."""

import io
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.utils.http import urlencode
from oscar.core.loading import get_model

from catalog import selectors
from catalog.models import Certification
from catalog.search import PRICE_RANGES
from cooperatives.models import Cooperative
from marketplace.demo import bench_catalog as bench_data
from tests import factories

Category = get_model("catalogue", "Category")
URL = "/en/search/"


class _FacetParser(HTMLParser):
    """{facet: {label: (count, chosen, href)}} from the side bar, and the chips' {label: href}."""

    def __init__(self):
        super().__init__()
        self.facets, self.chips = {}, {}
        self._facet = self._link = None
        self._text = ""
        self._last_label = None
        self._in_count = self._in_chip = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "section" and "data-facet" in attrs:
            self._facet = self.facets.setdefault(attrs["data-facet"], {})
        elif tag == "a" and "search-chip" in classes:
            self._in_chip, self._link, self._text = True, attrs["href"], ""
        elif tag == "a" and self._facet is not None:
            self._link, self._text = (attrs["href"], attrs.get("aria-current") == "true"), ""
        elif tag == "span" and "search-facet-count" in classes:
            self._in_count, self._text = True, ""

    def handle_endtag(self, tag):
        if tag == "section":
            self._facet = None
        elif tag == "a" and self._in_chip:
            self.chips[self._text.replace("×", "").strip()] = self._link
            self._in_chip = False
        elif tag == "a" and self._facet is not None and self._link:
            self._last_label = (self._text.replace("✓", "").strip(), *self._link)
            self._link = None
        elif tag == "span" and self._in_count:
            label, href, chosen = self._last_label
            self._facet[label] = (int(self._text.strip("() ")), chosen, href)
            self._in_count = False

    def handle_data(self, data):
        self._text += data


@pytest.fixture(autouse=True)
def _count_facets_every_time(settings):
    # Each request counts its facets, so the counts and the query counts below are this request's.
    settings.CATALOG_SEARCH_FACETS_CACHE_SECONDS = 0


def page(client, params=None, url=URL):
    if isinstance(params, str):
        response = client.get(url + params)
    else:
        response = client.get(url, params or {})
    assert response.status_code == 200
    html = response.content.decode()
    parser = _FacetParser()
    parser.feed(html)
    return html, parser


def counts(parser, facet):
    return {label: count for label, (count, _chosen, _href) in parser.facets.get(facet, {}).items()}


def chosen(parser, facet):
    return [label for label, (_count, is_chosen, _href) in parser.facets.get(facet, {}).items() if is_chosen]


def titles(html):
    return re.findall(r"<h3[^>]*>\s*<a[^>]*>([^<]*)</a>", html)


@pytest.fixture
def market(site):
    """Two cooperatives in two districts; coffee and rice at several prices, OCOP ratings and certifications."""
    phuoc_an = factories.cooperative(
        name="HTX Phước An", commune=factories.commune("Phước Vĩnh An", "Củ Chi"), registration_code="HTX-A"
    )
    tan_nhut = factories.cooperative(
        name="HTX Tân Nhựt", commune=factories.commune("Tân Nhựt", "Bình Chánh"), registration_code="HTX-B"
    )
    drinks, rice = factories.category("Cà phê và trà"), factories.category("Gạo")
    vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
    organic = Certification.objects.create(code="organic", name="Hữu cơ")
    make = factories.product
    make(phuoc_an, "Cà phê rang xay", price=Decimal(180000), category=drinks, certifications=[vietgap], ocop_stars=4)
    make(phuoc_an, "Cà phê hạt", price=Decimal(90000), category=drinks, ocop_stars=3)
    make(tan_nhut, "Cà phê sữa", price=Decimal(40000), category=drinks, certifications=[vietgap, organic])
    make(tan_nhut, "Gạo ST25", price=Decimal(38000), category=rice, certifications=[organic], ocop_stars=4)
    make(tan_nhut, "Gạo lứt", price=Decimal(650000), category=rice, ocop_stars=5)
    return {"phuoc_an": phuoc_an, "tan_nhut": tan_nhut, "drinks": drinks, "rice": rice, "vietgap": vietgap}


def test_each_facet_counts_the_products_the_words_find(client, market):
    html, facets = page(client, {"q": "ca phe"})
    assert sorted(titles(html)) == ["Cà phê hạt", "Cà phê rang xay", "Cà phê sữa"]
    assert counts(facets, "category") == {"Cà phê và trà": 3}
    assert counts(facets, "district") == {"Bình Chánh": 1, "Củ Chi": 2}
    assert counts(facets, "cooperative") == {"HTX Phước An": 2, "HTX Tân Nhựt": 1}
    assert counts(facets, "certification") == {"Hữu cơ": 1, "VietGAP": 2}
    assert counts(facets, "ocop") == {"OCOP 4★": 1, "OCOP 3★": 1}
    assert counts(facets, "price") == {
        "Under 50.000\xa0₫": 1,
        "50.000\xa0₫ – 100.000\xa0₫": 1,
        "100.000\xa0₫ – 200.000\xa0₫": 1,
    }


def test_browsing_without_words_shows_every_product_with_facets(client, market):
    html, facets = page(client)
    assert len(titles(html)) == 5
    assert counts(facets, "category") == {"Cà phê và trà": 3, "Gạo": 2}
    assert counts(facets, "price")["500.000\xa0₫ and over"] == 1
    assert counts(facets, "ocop") == {"OCOP 5★": 1, "OCOP 4★": 2, "OCOP 3★": 1}


def test_choosing_a_value_narrows_the_results_and_the_other_facets(client, market):
    _html, facets = page(client, {"q": "ca phe"})
    href = facets.facets["district"]["Củ Chi"][2]
    html, facets = page(client, href)
    assert sorted(titles(html)) == ["Cà phê hạt", "Cà phê rang xay"]
    assert chosen(facets, "district") == ["Củ Chi"]
    # The district facet still offers the other district, counted without the district chosen...
    assert counts(facets, "district") == {"Bình Chánh": 1, "Củ Chi": 2}
    # ...while the other facets count with it.
    assert counts(facets, "cooperative") == {"HTX Phước An": 2}
    assert counts(facets, "certification") == {"VietGAP": 1}
    assert counts(facets, "price") == {"50.000\xa0₫ – 100.000\xa0₫": 1, "100.000\xa0₫ – 200.000\xa0₫": 1}


def test_values_of_one_facet_add_up_and_facets_combine(client, market):
    params = [
        ("category", market["drinks"].pk),
        ("category", market["rice"].pk),
        ("price", "0-50000"),
    ]
    html, facets = page(client, "?" + urlencode(params))
    assert sorted(titles(html)) == ["Cà phê sữa", "Gạo ST25"]
    assert counts(facets, "category") == {"Cà phê và trà": 1, "Gạo": 1}
    assert sorted(chosen(facets, "category")) == ["Cà phê và trà", "Gạo"]
    assert chosen(facets, "price") == ["Under 50.000\xa0₫"]
    params.append(("ocop", "4"))
    html, _facets = page(client, "?" + urlencode(params))
    assert titles(html) == ["Gạo ST25"]


def test_chips_remove_their_value_and_clear_keeps_the_words(client, market):
    query = urlencode(
        [("q", "ca phe"), ("cooperative", market["tan_nhut"].pk), ("certification", market["vietgap"].pk)]
    )
    html, facets = page(client, "?" + query)
    assert titles(html) == ["Cà phê sữa"]
    assert set(facets.chips) == {"HTX Tân Nhựt", "VietGAP"}
    html, after = page(client, facets.chips["VietGAP"])
    assert titles(html) == ["Cà phê sữa"]
    assert set(after.chips) == {"HTX Tân Nhựt"}
    clear = re.search(r'class="search-clear-filters[^"]*" href="([^"]*)"', html).group(1)
    html, cleared = page(client, clear.replace("&amp;", "&"))
    assert cleared.chips == {}
    assert len(titles(html)) == 3


def test_a_chosen_value_that_lists_nothing_can_still_be_unchosen(client, market):
    query = urlencode([("q", "gao"), ("certification", market["vietgap"].pk)])
    html, facets = page(client, "?" + query)
    assert titles(html) == []
    assert counts(facets, "certification")["VietGAP"] == 0
    assert chosen(facets, "certification") == ["VietGAP"]


def test_a_category_counts_the_products_of_the_categories_under_it(client, site):
    fruit = factories.category("Trái cây")
    melons = fruit.add_child(name="Dưa")
    citrus = fruit.add_child(name="Cam quýt")
    factories.product(title="Dưa lưới", category=melons)
    both = factories.product(title="Dưa cam", category=melons)
    both.categories.add(citrus)  # in two categories under "Trái cây": counted there once
    factories.product(title="Bưởi", category=citrus)
    _html, facets = page(client)
    assert counts(facets, "category") == {"Trái cây": 3, "Dưa": 2, "Cam quýt": 2}
    html, facets = page(client, {"category": fruit.pk})
    assert sorted(titles(html)) == ["Bưởi", "Dưa cam", "Dưa lưới"]
    html, facets = page(client, {"category": citrus.pk})
    assert sorted(titles(html)) == ["Bưởi", "Dưa cam"]


@pytest.mark.parametrize(
    "params",
    [
        "?category=abc&district=-1&cooperative=1.5&certification=&ocop=7&price=cheap",
        "?category=999999&district=999999&cooperative=999999&certification=999999",
        "?category=99999999999999999999&page=1",
        "?ocop=3&ocop=3&price=0-50000&price=0-50000",
    ],
)
def test_bad_parameters_are_ignored_never_a_500(client, market, params):
    html, facets = page(client, params)
    assert facets.chips == {} or set(facets.chips) <= {"OCOP 3★", "Under 50.000\xa0₫"}
    if "ocop=3" not in params:
        assert len(titles(html)) == 5


def test_a_suspended_cooperative_is_no_facet_value(client, market):
    suspended = factories.cooperative(name="HTX Đình chỉ", status=Cooperative.Status.SUSPENDED)
    factories.product(suspended, "Cà phê ẩn")
    _html, facets = page(client, {"q": "ca phe"})
    assert "HTX Đình chỉ" not in counts(facets, "cooperative")
    html, facets = page(client, {"cooperative": suspended.pk})
    assert facets.chips == {}  # an id of a cooperative not selling is dropped like an unknown one
    assert "Cà phê ẩn" not in titles(html)


def test_facets_fold_into_a_details_box_for_phones(client, market):
    html, _facets = page(client, {"q": "ca phe"})
    assert re.search(r'<details class="search-facets[^"]*" id="search-facets"', html)
    assert "<summary" in html


def test_vietnamese_page_has_facets_too(client, market):
    html, facets = page(client, {"q": "ca phe"}, url="/search/")
    assert counts(facets, "cooperative") == {"HTX Phước An": 2, "HTX Tân Nhựt": 1}


@pytest.mark.parametrize("products", [10, 1000])
def test_query_count_does_not_grow_with_products(client, site, products, settings, django_assert_max_num_queries):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0  # the page itself, as a signed-in buyer gets it
    call_command("load_bench_data", products=products, stdout=io.StringIO())
    cooperative = Cooperative.objects.filter(registration_code__startswith=bench_data.CODE_PREFIX).first()
    # Every facet chosen, so every facet's filter runs, and still products listed.
    params = [
        ("q", "htx"),
        ("cooperative", cooperative.pk),
        ("district", cooperative.commune.parent_id),
        *[("price", key) for key, _low, _high in PRICE_RANGES],
        *[("ocop", stars) for stars in (3, 4, 5)],
        *[("category", category.pk) for category in Category.objects.all()],
        *[("certification", certification.pk) for certification in Certification.objects.all()],
    ]
    page(client, "?" + urlencode(params))  # warm the thumbnail store
    page(client)
    with django_assert_max_num_queries(16):
        html, _facets = page(client, "?" + urlencode(params))
    assert html.count('class="product_pod"') > 0
    with django_assert_max_num_queries(12):
        html, facets = page(client)
    assert html.count('class="product_pod"') == min(products, 24)
    assert sum(counts(facets, "cooperative").values()) == products


def test_facet_counts_are_kept_a_minute_for_the_same_search(client, market, settings, django_assert_max_num_queries):
    settings.CATALOG_SEARCH_FACETS_CACHE_SECONDS = 60
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0  # the page itself, as a signed-in buyer gets it
    first_html, first = page(client, {"q": "ca phe"})
    with django_assert_max_num_queries(8):  # the results' ids are kept too (catalog/search_results.py)
        html, again = page(client, {"q": "ca phe"})
    assert again.facets == first.facets
    assert titles(html) == titles(first_html)
    _html, english = page(client, {"q": "ca phe"}, url="/search/")
    assert "Bình Chánh" in counts(english, "district")  # another language, counted for itself


def test_the_words_are_looked_for_once_per_page_on_postgresql(client, market):
    # At 100,000 products each look for the words costs tens of ms (tests/bench/search_speed.py): the
    # results and the facets take the ids found once, not searching again per facet. SQLite searches per facet.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _html, facets = page(client, {"q": "ca phe", "price": "0-50000"})
    searches = [
        query["sql"]
        for query in queries
        if ("search_text" in query["sql"] and "LIKE" in query["sql"]) or "search_words" in query["sql"]
    ]
    assert counts(facets, "cooperative") == {"HTX Tân Nhựt": 1}
    assert counts(facets, "price")["50.000\xa0₫ – 100.000\xa0₫"] == 1  # the other facets' choices only
    # PostgreSQL: once, the results and the facets take the ids found; SQLite: the results and each facet.
    assert len(searches) == (1 if connection.vendor == "postgresql" else 4)


def test_a_long_cooperative_facet_lists_the_largest_and_says_how_to_find_the_rest(client, site):
    """At 100,000 products the facet named every one of 2,000 cooperatives: 480 KB of links for a phone.
    It lists the largest (and any chosen), and tells the buyer how to reach the others."""
    commune = factories.commune("Phước Vĩnh An", "Củ Chi")
    drinks = factories.category("Cà phê và trà")
    cooperatives = []
    for n in range(selectors.COOPERATIVE_FACET_MAX + 3):
        coop = factories.cooperative(name=f"HTX Cà phê {n:02d}", commune=commune)
        for _copy in range(2 if n < selectors.COOPERATIVE_FACET_MAX else 1):  # the first ones are larger
            factories.product(coop, f"Cà phê hạt {n:02d}", category=drinks)
        cooperatives.append(coop)
    html, facets = page(client, {"q": "ca phe"})
    listed = counts(facets, "cooperative")
    assert len(listed) == selectors.COOPERATIVE_FACET_MAX
    assert all(count == 2 for count in listed.values())
    assert "3 more cooperatives are not listed: type a cooperative's name in the search box" in html

    smallest = cooperatives[-1]  # not among the largest, but chosen: listed, and can be unchosen
    _html, facets = page(client, {"q": "ca phe", "cooperative": smallest.pk})
    assert chosen(facets, "cooperative") == [smallest.name]
    assert len(counts(facets, "cooperative")) == selectors.COOPERATIVE_FACET_MAX
