"""Product cards tell what other buyers did: the average rating (stars, with the whole of it for screen
readers) and how many orders the product is in, counted in the listing's own query."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.cache_version import catalogue_version_bump
from catalog.popularity import with_popularity
from tests import factories

Line = get_model("order", "Line")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")


def _review(product, score):
    ProductReview.objects.create(product=product, user=factories.user(), title="Ngon", score=score, body="Ngọt.")


def _card(html, title):
    """The card (article) whose title is ``title``."""
    cards = re.findall(r'<article class="product_pod">.*?</article>', html, re.S)
    return next(card for card in cards if title in card)


@pytest.fixture
def melon(site):
    return factories.product(title="Dưa lưới Củ Chi")


class TestCardPopularity:
    def test_shows_the_average_rating_and_how_many_bought(self, client, melon):
        _review(melon, 4)
        _review(melon, 5)
        for _ in range(3):
            factories.order_with_parts((melon, 2))
        cancelled = factories.order_with_parts((melon, 1))
        Order.objects.filter(pk=cancelled.pk).update(status="cancelled")

        card = _card(client.get(reverse("catalogue:index")).content.decode(), "Dưa lưới Củ Chi")

        assert 'role="img" aria-label="4,5 trên 5 sao, 2 đánh giá"' in card
        assert '<span class="rating-average" aria-hidden="true">4,5 (2)</span>' in card
        assert '<span class="product-bought">3 đã mua</span>' in card

    def test_each_card_counts_its_own_orders(self, client, melon):
        # The count is a subquery per card (catalog/review_rules.ordered_lines): each product its own lines.
        rice = factories.product(title="Gạo ST25")
        factories.product(title="Bưởi da xanh")
        for _ in range(2):
            factories.order_with_parts((melon, 1))
        factories.order_with_parts((rice, 3), (melon, 1))  # one order of both: one purchase each

        html = client.get(reverse("catalogue:index")).content.decode()

        assert '<span class="product-bought">3 đã mua</span>' in _card(html, "Dưa lưới Củ Chi")
        assert '<span class="product-bought">1 đã mua</span>' in _card(html, "Gạo ST25")
        assert "product-bought" not in _card(html, "Bưởi da xanh")

    def test_a_product_with_variants_counts_its_variants_orders(self, melon):
        # Lines are of the variants, the card is the parent's: "product X or a variant of X", each order once.
        small = factories.product(title="Bưởi da xanh 1 kg")
        large = factories.product(title="Bưởi da xanh 2 kg")
        parent = Product.objects.create(
            title="Bưởi da xanh", structure=Product.PARENT, product_class=small.product_class
        )
        Product.objects.filter(pk__in=[small.pk, large.pk]).update(parent=parent, structure=Product.CHILD)
        small.refresh_from_db()
        large.refresh_from_db()
        factories.order_with_parts((small, 1), (large, 1))  # both variants in one order: one purchase
        factories.order_with_parts((large, 2))
        factories.order_with_parts((melon, 1))

        counts = dict(with_popularity(Product.objects.all()).values_list("pk", "order_count"))

        assert counts[parent.pk] == 2
        assert (counts[small.pk], counts[large.pk], counts[melon.pk]) == (1, 2, 1)

    def test_says_it_in_english_under_en(self, client, melon):
        _review(melon, 5)
        factories.order_with_parts((melon, 1))

        card = _card(client.get("/en" + reverse("catalogue:index")).content.decode(), "Dưa lưới Củ Chi")

        assert 'aria-label="5.0 out of 5 stars, 1 review"' in card
        assert '<span class="product-bought">1 bought</span>' in card

    def test_a_product_nobody_rated_or_bought_shows_neither(self, client, melon):
        card = _card(client.get(reverse("catalogue:index")).content.decode(), "Dưa lưới Củ Chi")

        assert "product-popularity" not in card

    def test_a_review_awaiting_moderation_does_not_count(self, client, melon):
        _review(melon, 5)
        ProductReview.objects.update(status=ProductReview.FOR_MODERATION)
        melon.update_rating()

        card = _card(client.get(reverse("catalogue:index")).content.decode(), "Dưa lưới Củ Chi")

        assert "product-rating" not in card

    def test_a_new_order_refreshes_a_cached_card(self, client, settings, melon):
        settings.PRODUCT_CARD_CACHE_SECONDS = 3600
        settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
        factories.order_with_parts((melon, 1))
        assert "1 đã mua" in client.get(reverse("catalogue:index")).content.decode()

        factories.order_with_parts((melon, 1))

        assert "2 đã mua" in client.get(reverse("catalogue:index")).content.decode()


@pytest.mark.parametrize("count", [10, 60])
def test_ratings_and_orders_on_cards_cost_no_query_per_card(
    client, site, settings, count, django_assert_max_num_queries
):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    settings.PRODUCT_CARD_CACHE_SECONDS = 0
    coop = factories.cooperative()
    products = [factories.product(coop, title=f"Rau cải {i}") for i in range(count)]
    for product in products:
        _review(product, 4)
    newest = products[-12:]  # the catalogue lists the newest first
    for first in range(0, len(newest), 3):
        factories.order_with_parts(*[(product, 1) for product in newest[first : first + 3]])
    client.get(reverse("catalogue:index"))  # warm the thumbnail store
    catalogue_version_bump()

    # The same budget as the catalogue without ratings or orders (tests/integration/catalog/test_catalogue.py).
    with django_assert_max_num_queries(12):
        html = client.get(reverse("catalogue:index")).content.decode()

    assert html.count("product-rating") == min(count, 24)
    assert html.count("1 đã mua") == min(count, 12)
