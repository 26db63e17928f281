"""The order's pages after checkout say what each price buys and show the mobile as people write it
("090 123 4567", never "+84901234567"): the buyer's order page, the guest's, the thank-you page and
the dashboard's order page for officers and for the cooperative's staff."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories
from tests.integration.fulfilment.test_part_notes_and_reviews import deliver, review_url

Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
ProductReview = get_model("reviews", "ProductReview")

NBSP = "\u00a0"
UNIT_PRICE = f"14.000{NBSP}₫ / 500 g · 28.000{NBSP}₫/kg"
SHOWN = "090 123 4567"
STORED = "+84901234567"
ORDER_PAGE_QUERIES = 19  # the same with 1 line and with 12
BUYERS_ORDER_PAGE_QUERIES = 36  # the same with 1 line and with 12


@pytest.fixture
def bitter_melon(site):
    coop = factories.cooperative(name="HTX Rau sạch Phước An")
    return factories.product(
        coop, title="Khổ qua", price=Decimal("14000"), stock=40, selling_unit="kg", weight_step_grams=500
    )


def with_address(order):
    address = ShippingAddress.objects.create(
        first_name="Nguyễn Thị Lan",
        line1="12 Lê Lợi",
        line3="Phường Bến Thành",
        line4="Thành phố Hồ Chí Minh",
        phone_number="0901234567",
        country=Country.objects.get(iso_3166_1_a2="VN"),
    )
    Order.objects.filter(pk=order.pk).update(shipping_address=address)
    order.refresh_from_db()
    return order


@pytest.fixture
def buyers_order(bitter_melon):
    return with_address(factories.order_with_parts((bitter_melon, 2), buyer=factories.user()))


def assert_vietnamese_phone(html):
    assert SHOWN in html
    assert STORED not in html.replace(f'href="tel:{STORED}"', "")


class TestBuyersOrderPage:
    def test_each_line_says_what_its_price_buys_and_the_mobile_reads_as_written(self, client, buyers_order):
        client.force_login(buyers_order.user)

        html = client.get(reverse("customer:order", kwargs={"order_number": buyers_order.number})).content.decode()

        assert f'<small class="line-unit-price">{UNIT_PRICE}</small>' in html
        assert_vietnamese_phone(html)
        assert "Phường Bến Thành" in html and "12 Lê Lợi" in html


class TestQueryBudget:
    @pytest.mark.parametrize("lines", [1, 12])
    def test_the_guests_order_page_runs_as_many_queries_with_1_line_as_with_12(
        self, client, bitter_melon, lines, django_assert_max_num_queries
    ):
        products = [(factories.product(bitter_melon.cooperative), 1) for _ in range(lines)]
        order = with_address(factories.order_with_parts(*products, buyer=factories.user()))
        Order.objects.filter(pk=order.pk).update(user=None)
        session = client.session
        session["guest_orders"] = [order.number]  # as the lookup by number and mobile leaves it
        session.save()
        url = reverse("guest-order", kwargs={"number": order.number})
        client.get(url)

        with django_assert_max_num_queries(ORDER_PAGE_QUERIES):
            assert client.get(url).status_code == 200


class TestBuyersQueryBudget:
    @pytest.mark.parametrize("lines", [1, 12])
    def test_the_buyers_order_page_runs_as_many_queries_with_1_line_as_with_12(
        self, client, bitter_melon, lines, django_assert_max_num_queries
    ):
        products = [(factories.product(bitter_melon.cooperative), 1) for _ in range(lines)]
        order = with_address(factories.order_with_parts(*products, buyer=factories.user()))
        client.force_login(order.user)
        url = reverse("customer:order", kwargs={"order_number": order.number})
        client.get(url)

        with django_assert_max_num_queries(BUYERS_ORDER_PAGE_QUERIES):
            assert client.get(url).status_code == 200


class TestReviewButtons:
    def test_only_the_delivered_products_not_yet_reviewed_offer_a_review(self, client, bitter_melon):
        rice = factories.product(factories.cooperative(name="HTX Gạo Hóc Môn"), title="Gạo ST25")
        honey = factories.product(factories.cooperative(name="HTX Ong Bình Chánh"), title="Mật ong")
        order = factories.order_with_parts((bitter_melon, 1), (rice, 1), (honey, 1), buyer=factories.user())
        officer = factories.officer()
        for product in (bitter_melon, rice):
            deliver(order.parts.get(cooperative=product.stockrecords.get().partner.cooperative), officer)
        ProductReview.objects.create(product=rice, user=order.user, title="Ngon", score=5, body="Gạo dẻo.")
        client.force_login(order.user)

        html = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()

        assert review_url(bitter_melon) in html
        assert review_url(rice) not in html and review_url(honey) not in html


class TestGuestsOrderPage:
    def test_each_line_says_what_its_price_buys_and_the_mobile_reads_as_written(self, client, bitter_melon):
        order = with_address(factories.order_with_parts((bitter_melon, 2), buyer=AnonymousUser()))
        Order.objects.filter(pk=order.pk).update(guest_email="khach@example.com")
        session = client.session
        session["anon_order_email"] = "khach@example.com"  # what Oscar's order-status form stores
        session.save()

        url = reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
        html = client.get(url).content.decode()

        assert f'<small class="line-unit-price">{UNIT_PRICE}</small>' in html
        assert_vietnamese_phone(html)


class TestDashboardOrderPage:
    def test_an_officer_reads_the_mobile_as_written(self, client, buyers_order):
        officer = factories.officer()
        officer.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="order", codename__in=["view_order", "change_order"])
        )
        client.force_login(officer)

        html = client.get(reverse("dashboard:order-detail", kwargs={"number": buyers_order.number})).content.decode()

        assert_vietnamese_phone(html)
        assert reverse("dashboard:order-shipping-address", kwargs={"number": buyers_order.number}) in html

    def test_the_cooperatives_staff_read_it_too(self, client, buyers_order, bitter_melon):
        client.force_login(factories.cooperative_staff(bitter_melon.cooperative))

        html = client.get(reverse("dashboard:order-detail", kwargs={"number": buyers_order.number})).content.decode()

        assert_vietnamese_phone(html)


class TestWorkspacePart:
    def test_the_cooperatives_part_page_offers_to_call_the_mobile_as_written(self, client, buyers_order, bitter_melon):
        client.force_login(factories.cooperative_staff(bitter_melon.cooperative))
        part = buyers_order.parts.get()

        html = client.get(reverse("workspace:order-part", kwargs={"pk": part.pk})).content.decode()

        assert_vietnamese_phone(html)
