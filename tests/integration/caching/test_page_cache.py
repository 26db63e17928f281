"""The anonymous page cache (caching/page_cache.py): anonymous visitors without a basket get
the catalogue, product, search and place pages from the cache; nobody ever sees a stale price,
another language, someone else's basket or someone else's CSRF token."""

import re
import subprocess
import sys
from decimal import Decimal
from unittest import mock

from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from catalog import cache_version
from catalog.cache_version import listing_version, product_version
from cooperatives.models import Cooperative
from tests import factories

ProductRecord = get_model("analytics", "ProductRecord")

CATALOGUE = "/en/catalogue/"
# What catalog.cache_version._bump does to the shared file, from another process.
_BUMP_IN_ANOTHER_PROCESS = "import os, time; os.utime(%r, ns=(time.time_ns(), time.time_ns() + 10**9))"


def _served_from_cache(client, url, django_assert_max_num_queries, max_queries=0):
    """The page, asked for twice: the second time it is served with at most ``max_queries`` queries."""
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_max_num_queries(max_queries):
        second = client.get(url)
    assert second.status_code == 200
    return first, second


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"', "", html)


class TestHits:
    def test_second_anonymous_visitor_gets_the_same_catalogue_without_queries(
        self, site, django_assert_max_num_queries
    ):
        factories.product(title="Bưởi da xanh", image=None)
        first = Client().get(CATALOGUE)
        with django_assert_max_num_queries(0):
            second = Client().get(CATALOGUE)
        assert "Bưởi da xanh" in second.content.decode()
        assert _without_csrf(second.content.decode()) == _without_csrf(first.content.decode())

    def test_category_search_and_place_pages_are_cached(self, client, site, django_assert_max_num_queries):
        fruit = factories.category("Trái cây")
        factories.product(title="Bưởi da xanh", category=fruit, image=None)
        for url in (fruit.get_absolute_url(), "/en/search/?q=buoi", reverse("places:index")):
            _first, second = _served_from_cache(client, url, django_assert_max_num_queries)
            assert second.content

    def test_product_page_hit_still_counts_the_view_and_remembers_it(self, client, site, django_assert_max_num_queries):
        product = factories.product(title="Bưởi da xanh", image=None)
        url = "/en" + product.get_absolute_url()
        Client().get(url)
        # The recently-viewed cookie of a first visit; a visitor who has it gets the page rendered.
        visitor = Client()
        with django_assert_max_num_queries(3):
            response = visitor.get(url)
        assert "Bưởi da xanh" in response.content.decode()
        assert str(product.pk) in response.cookies["oscar_history"].value
        assert ProductRecord.objects.get(product=product).num_views == 2

    def test_cache_can_be_turned_off(self, client, site, settings):
        settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
        factories.product(image=None)
        client.get(CATALOGUE)
        again = client.get(CATALOGUE)
        # Rendered again (the test client records the templates; a page from the page cache renders none),
        # though from the listing and card caches, without a query.
        assert "oscar/catalogue/browse.html" in [template.name for template in again.templates]
        settings.ANONYMOUS_PAGE_CACHE_SECONDS = 300
        client.get(CATALOGUE)
        assert client.get(CATALOGUE).templates == []


class TestWhoIsNeverServedFromCache:
    def test_signed_in_buyer_sees_their_own_page(self, site):
        factories.product(title="Bưởi da xanh", image=None)
        Client().get(CATALOGUE)  # cached for anonymous visitors
        buyer = factories.user(email="buyer@example.com")
        client = Client()
        client.force_login(buyer)
        html = client.get(CATALOGUE).content.decode()
        assert "buyer@example.com" in html or reverse("customer:logout") in html

    def test_visitor_with_a_basket_sees_it(self, site):
        product = factories.product(title="Bưởi da xanh", image=None)
        Client().get(CATALOGUE)  # cached with an empty basket
        shopper = Client()
        shopper.get(CATALOGUE)
        shopper.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        assert "oscar_open_basket" in shopper.cookies
        html = shopper.get(CATALOGUE).content.decode()
        assert "50.000\xa0₫" in html
        assert reverse("basket:summary") in html
        # The basket's total shows in the header: the cached empty page would not show one item.
        mini = shopper.get(CATALOGUE).content.decode()
        assert mini != Client().get(CATALOGUE).content.decode()

    def test_pending_message_is_shown_not_a_cached_page(self, site):
        product = factories.product(title="Bưởi da xanh", image=None)
        Client().get(CATALOGUE)
        shopper = Client()
        shopper.get(CATALOGUE)
        response = shopper.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, follow=False)
        assert response.status_code == 302
        html = shopper.get(CATALOGUE).content.decode()
        assert "<strong>Bưởi da xanh</strong>" in html  # the "added to your basket" message


class TestInvalidation:
    def test_price_change_shows_at_once(self, client, site):
        product = factories.product(title="Bưởi da xanh", price=Decimal("50000"), image=None)
        assert "50.000\xa0₫" in client.get(CATALOGUE).content.decode()
        stockrecord = product.stockrecords.get()
        stockrecord.price = Decimal("65000")
        stockrecord.save()
        html = client.get(CATALOGUE).content.decode()
        assert "65.000\xa0₫" in html
        assert "50.000\xa0₫" not in html

    def test_suspended_cooperative_disappears_at_once(self, client, site):
        coop = factories.cooperative()
        factories.product(coop, title="Bưởi da xanh", image=None)
        assert "Bưởi da xanh" in client.get(CATALOGUE).content.decode()
        coop.status = Cooperative.Status.SUSPENDED
        coop.save()
        assert "Bưởi da xanh" not in client.get(CATALOGUE).content.decode()

    def test_new_product_and_bulk_writes_bump_the_listings_version(self, client, site):
        client.get(CATALOGUE)
        before = listing_version()
        factories.product(title="Thanh long ruột đỏ", image=None)
        assert listing_version() != before
        assert "Thanh long ruột đỏ" in client.get(CATALOGUE).content.decode()

    def test_a_change_made_by_another_server_process_shows_at_once(self, client, site):
        # Each gunicorn worker has its own local-memory cache: the version is a file they share.
        product = factories.product(title="Bưởi da xanh", price=Decimal("50000"), image=None)
        assert "50.000\xa0₫" in client.get(CATALOGUE).content.decode()
        with mock.patch.object(cache_version, "_bump"):  # this process never learns of the write...
            product.stockrecords.update(price=Decimal("65000"))
            subprocess.run(
                [sys.executable, "-c", _BUMP_IN_ANOTHER_PROCESS % str(cache_version._version_file())], check=True
            )
        assert "65.000\xa0₫" in client.get(CATALOGUE).content.decode()

    def test_stock_allocation_bumps_the_products_version_not_the_listings(self, site):
        # What a listing counts, orders and filters on (catalog/selectors.py) reads no stock level: a sale
        # leaves every listing's ids, counts and facets cached; the pages showing the product refresh.
        product = factories.product(stock=10, image=None)
        before = (product_version(product.pk), listing_version())
        product.stockrecords.get().allocate(2)
        after = (product_version(product.pk), listing_version())
        assert after[0] != before[0]
        assert after[1] == before[1]

    def test_an_order_bumps_its_products_versions_not_the_listings(self, site):
        product = factories.product(stock=10, image=None)
        before = (product_version(product.pk), listing_version())
        factories.order_with_parts((product, 1))
        after = (product_version(product.pk), listing_version())
        assert after[0] != before[0]
        assert after[1] == before[1]

    def test_price_and_new_stock_records_still_bump_the_listings(self, site):
        product = factories.product(price=Decimal("50000"), image=None)
        before = listing_version()
        stockrecord = product.stockrecords.get()
        stockrecord.price = Decimal("65000")  # the search's price facets and sort read it
        stockrecord.save()
        assert listing_version() != before
        before = listing_version()
        stockrecord.num_in_stock = 3  # stock alone: the listings keep
        stockrecord.save()
        assert listing_version() == before

    def test_a_sale_refreshes_the_cached_listing_pages_that_show_the_product(self, site, settings):
        settings.LOW_STOCK_THRESHOLD = 5
        fruit, rice = factories.category("Trái cây"), factories.category("Gạo")
        sold = factories.product(title="Bưởi da xanh", category=fruit, stock=6, image=None)
        factories.product(title="Gạo ST25", category=rice, stock=6, image=None)
        fruit_page, rice_page = "/en" + fruit.get_absolute_url(), "/en" + rice.get_absolute_url()
        for url in (CATALOGUE, fruit_page, rice_page, "/en/search/?q=buoi"):
            assert "In stock" in Client().get(url).content.decode()
        sold.stockrecords.get().allocate(2)
        for url in (CATALOGUE, fruit_page, "/en/search/?q=buoi"):
            assert "Only 4 left" in Client().get(url).content.decode(), url

    def test_a_sale_leaves_the_pages_that_do_not_show_the_product_cached(
        self, site, settings, django_assert_max_num_queries
    ):
        fruit, rice = factories.category("Trái cây"), factories.category("Gạo")
        sold = factories.product(title="Bưởi da xanh", category=fruit, stock=6, image=None)
        factories.product(title="Gạo ST25", category=rice, stock=6, image=None)
        first = Client().get(rice.get_absolute_url()).content.decode()
        factories.order_with_parts((sold, 1))
        with django_assert_max_num_queries(0):
            again = Client().get(rice.get_absolute_url()).content.decode()
        assert _without_csrf(again) == _without_csrf(first)


class TestLanguages:
    def test_vietnamese_and_english_never_mix(self, client, site):
        factories.product(title="Bưởi da xanh", image=None)
        english = client.get(CATALOGUE).content.decode()
        vietnamese = client.get("/catalogue/").content.decode()
        assert 'lang="en"' in english
        assert 'lang="vi"' in vietnamese
        assert client.get(CATALOGUE).content.decode().count('lang="en"') == english.count('lang="en"')
        assert 'lang="vi"' in client.get("/catalogue/").content.decode()


class TestCsrf:
    def test_second_visitor_adds_to_basket_from_a_cached_page(self, site):
        product = factories.product(title="Bưởi da xanh", image=None)
        first = Client(enforce_csrf_checks=True)
        first.get(CATALOGUE)
        second = Client(enforce_csrf_checks=True)
        html = second.get(CATALOGUE).content.decode()
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html)
        assert tokens, "the card has its add-to-basket form"
        assert "__PAGE_CACHE_CSRF_TOKEN__" not in html
        assert "csrftoken" in second.cookies  # set by Django's CSRF middleware on the hit
        response = second.post(
            reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1, "csrfmiddlewaretoken": tokens[0]}
        )
        assert response.status_code == 302
        assert second.get(reverse("basket:summary")).content.decode().count("Bưởi da xanh") >= 1

    def test_first_visitors_token_is_not_served_to_others(self, site):
        factories.product(image=None)
        first = Client()
        first.get(CATALOGUE)
        first_secret = first.cookies["csrftoken"].value
        second = Client()
        second.get(CATALOGUE)
        assert second.cookies["csrftoken"].value != first_secret


class TestProductCards:
    """Cards are cached for everyone (catalog/templatetags/product_card_tags.py), signed-in buyers too."""

    def test_buyer_sees_a_sale_on_the_card_at_once(self, site, settings):
        settings.LOW_STOCK_THRESHOLD = 5
        product = factories.product(title="Bưởi da xanh", stock=6, image=None)
        buyer = Client()
        buyer.force_login(factories.user())
        assert "In stock" in buyer.get(CATALOGUE).content.decode()
        # Oscar's allocation writes with QuerySet.update(): the card's key still changes.
        product.stockrecords.get().allocate(2)
        assert "Only 4 left" in buyer.get(CATALOGUE).content.decode()

    def test_signed_in_buyer_adds_to_basket_from_a_cached_card(self, site):
        product = factories.product(title="Bưởi da xanh", image=None)
        Client().get(CATALOGUE)  # the card is cached with a placeholder token
        buyer = Client(enforce_csrf_checks=True)
        buyer.force_login(factories.user())
        html = buyer.get(CATALOGUE).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html).group(1)
        assert "__PRODUCT_CARD_CSRF_TOKEN__" not in html
        response = buyer.post(
            reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
        assert "Bưởi da xanh" in buyer.get(reverse("basket:summary")).content.decode()

    def test_renamed_cooperative_shows_on_the_card(self, site):
        coop = factories.cooperative(name="HTX Cũ")
        factories.product(coop, title="Bưởi da xanh", image=None)
        buyer = Client()
        buyer.force_login(factories.user())
        assert "HTX Cũ" in buyer.get(CATALOGUE).content.decode()
        coop.name = "HTX Mới"
        coop.save()
        html = buyer.get(CATALOGUE).content.decode()
        assert "HTX Mới" in html and "HTX Cũ" not in html
