"""Reviews and ratings come from buyers who bought the product: only a signed-in user with an
order line of it that was not cancelled, in a part delivered to them, may write one; others are told
why and nothing is stored. (Before delivery: tests/integration/fulfilment/test_part_notes_and_reviews.py.)"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.review_rules import has_bought, review_permission
from lifecycle.parts import order_cancel
from lifecycle.parts import part_move as order_part_change_status
from tests import factories

ProductReview = get_model("reviews", "ProductReview")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")

REVIEW = {"title": "Ngọt và giòn", "score": 4, "body": "Dưa lưới rất ngọt, giao nhanh."}


def _buy(user, product):
    """An order of one unit of ``product``, delivered to ``user``."""
    order = factories.order_with_parts((product, 1), buyer=user)
    officer = factories.officer()
    part = order.parts.get()
    for status in ("confirmed", "shipped", "delivered"):
        part = order_part_change_status(part=part, status=status, user=officer)
    return order


def _add_url(product):
    return reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def product(site):
    return factories.product(title="Dưa lưới Củ Chi")


@pytest.mark.usefixtures("english")
class TestReviewRule:
    def test_buyer_who_bought_may_review(self, product):
        buyer = factories.user()
        _buy(buyer, product)
        assert has_bought(user=buyer, product=product)
        assert review_permission(user=buyer, product=product).allowed

    def test_buyer_who_did_not_buy_may_not(self, product):
        other = factories.user()
        _buy(other, factories.product())
        permission = review_permission(user=other, product=product)
        assert not permission.allowed and not permission.needs_login
        assert "bought" in str(permission.reason)

    def test_a_cancelled_line_does_not_count(self, product):
        buyer = factories.user()
        order = _buy(buyer, product)
        Line.objects.filter(order=order).update(status="cancelled")
        assert not review_permission(user=buyer, product=product).allowed

    def test_a_cancelled_order_does_not_count(self, product):
        buyer = factories.user()
        order = _buy(buyer, product)
        order.status = "cancelled"
        order.save()
        assert not review_permission(user=buyer, product=product).allowed

    def test_anonymous_visitor_must_sign_in(self, product):
        from django.contrib.auth.models import AnonymousUser

        permission = review_permission(user=AnonymousUser(), product=product)
        assert permission.needs_login and not permission.allowed

    def test_one_review_per_buyer(self, product):
        buyer = factories.user()
        _buy(buyer, product)
        ProductReview.objects.create(product=product, user=buyer, **REVIEW)
        permission = review_permission(user=buyer, product=product)
        assert not permission.allowed
        assert "already" in str(permission.reason)


class TestWritingAReview:
    def test_buyer_who_bought_writes_a_review_and_the_rating_shows(self, client, product):
        buyer = factories.user()
        _buy(buyer, product)
        client.force_login(buyer)
        assert client.get(_add_url(product)).status_code == 200
        response = client.post(_add_url(product), REVIEW)
        assert response.status_code == 302
        review = ProductReview.objects.get(product=product)
        assert (review.user, review.score) == (buyer, 4)

        html = client.get("/en" + product.get_absolute_url()).content.decode()
        assert "Ngọt và giòn" in html
        assert "Verified purchase" in html
        assert "4.0/5" in html
        card = client.get("/en/catalogue/").content.decode()
        assert 'aria-label="4.0 out of 5 stars, 1 review"' in card

    def test_buyer_who_did_not_buy_is_told_why_and_nothing_is_stored(self, client, product):
        other = factories.user()
        client.force_login(other)
        response = client.post("/en" + _add_url(product), REVIEW)
        assert response.status_code == 302
        assert response["Location"].endswith(product.get_absolute_url())
        assert _messages(response) == ["Only buyers who bought this product can review it."]
        assert not ProductReview.objects.exists()
        page = client.get("/en" + product.get_absolute_url()).content.decode()
        assert "Only buyers who bought this product can review it." in page
        assert 'id="write_review"' not in page

    def test_anonymous_visitor_is_sent_to_sign_in(self, client, product):
        response = client.post(_add_url(product), {**REVIEW, "name": "Khách", "email": "khach@example.com"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("customer:login"))
        assert not ProductReview.objects.exists()
        page = client.get("/en" + product.get_absolute_url()).content.decode()
        assert "Sign in to review this product" in page

    def test_average_rating_of_several_buyers(self, client, product):
        for score in (5, 2):
            buyer = factories.user()
            _buy(buyer, product)
            client.force_login(buyer)
            client.post(_add_url(product), {**REVIEW, "score": score})
        product.refresh_from_db()
        assert product.rating == 3.5
        assert "3.5/5" in client.get("/en" + product.get_absolute_url()).content.decode()

    def test_a_review_from_before_the_rule_is_not_marked_verified(self, client, product):
        ProductReview.objects.create(product=product, user=factories.user(), **REVIEW)
        html = client.get("/en" + product.get_absolute_url()).content.decode()
        assert "Ngọt và giòn" in html
        assert "Verified purchase" not in html


class TestTheProductPageFollowsTheBuyersOrder:
    """The product page keeps a buyer's permission under the product's version (catalog/templatetags/
    review_tags.py): each step of their order changes what the page says at once."""

    def test_order_delivery_review_and_cancellation_show_at_once(self, client, product, settings):
        settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
        buyer = factories.user()
        client.force_login(buyer)
        url = product.get_absolute_url()

        def says():
            html = client.get(url).content.decode()
            return html.split('class="product-reviews"')[1].split("</section>")[0]

        assert "Chỉ người đã mua sản phẩm này mới được đánh giá" in says()
        order = factories.order_with_parts((product, 1), buyer=buyer)
        assert "sau khi đã nhận hàng" in says()
        officer = factories.officer()
        part = order.parts.get()
        for status in ("confirmed", "shipped", "delivered"):
            part = order_part_change_status(part=part, status=status, user=officer)
        assert 'id="write_review"' in says()
        ProductReview.objects.create(product=product, user=buyer, **REVIEW)
        assert "Bạn đã đánh giá sản phẩm này" in says()

    def test_a_cancelled_order_shows_at_once(self, client, product, settings):
        settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
        buyer = factories.user()
        client.force_login(buyer)
        order = factories.order_with_parts((product, 1), buyer=buyer)
        assert "sau khi đã nhận hàng" in client.get(product.get_absolute_url()).content.decode()

        order_cancel(order=order, user=None, reason="Khách đổi ý")

        html = client.get(product.get_absolute_url()).content.decode()
        assert "sau khi đã nhận hàng" not in html
        assert "Chỉ người đã mua sản phẩm này mới được đánh giá" in html

    def test_a_kept_permission_speaks_each_pages_language(self, client, product, settings):
        # Kept once for both languages: its reason is translated when the page shows it.
        settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
        client.force_login(factories.user())
        vietnamese = client.get(product.get_absolute_url()).content.decode()
        english = client.get("/en" + product.get_absolute_url()).content.decode()
        assert "Chỉ người đã mua sản phẩm này mới được đánh giá" in vietnamese
        assert "Only buyers who bought this product can review it." in english
        assert "Chỉ người đã mua" not in english
