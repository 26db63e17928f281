"""The printable pick list: what a cooperative's staff gather and pack, for one part or all their open parts."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model
from oscar.test.factories import create_basket, create_order

from catalog.models import SellingUnit
from fulfilment import services
from fulfilment.models import OrderPart
from tests import factories

Country = get_model("address", "Country")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")


def place_order(*items, choices, buyer_name=("Lan", "Nguyễn"), language="en"):
    """An order of ``(product, quantity)`` pairs with its parts, ``choices`` mapping a cooperative to its method."""
    basket = create_basket(empty=True)
    for product, quantity in items:
        basket.add_product(product, quantity=quantity)
    address = ShippingAddress.objects.create(
        first_name=buyer_name[0],
        last_name=buyer_name[1],
        line1="12 Lê Lợi",
        line4="Thủ Đức",
        phone_number="0901234567",
        notes="Giao buổi sáng",
        country=Country.objects.get(iso_3166_1_a2="VN"),
    )
    order = create_order(basket=basket, user=factories.user(), shipping_address=address)
    services.order_parts_create(
        order=order, choices={coop.pk: method for coop, method in choices.items()}, language=language
    )
    return order


def pick_list_url(part):
    with translation.override("en"):
        return reverse("fulfilment:pick-list", kwargs={"pk": part.pk})


def open_parts_url(**params):
    with translation.override("en"):
        url = reverse("fulfilment:open-parts-pick-list")
    return f"{url}?{urlencode(params)}" if params else url


@pytest.fixture
def ours(site):
    coop = factories.cooperative(name="HTX Rau Phước An")
    coop.offers_pickup, coop.pickup_address = True, "Ấp 3, Phước An"
    coop.save()
    return coop


@pytest.fixture
def theirs(site):
    return factories.cooperative(name="HTX Gạo Tân Nhựt")


@pytest.fixture
def staff(ours):
    return factories.cooperative_staff(ours)


@pytest.fixture
def their_staff(theirs):
    return factories.cooperative_staff(theirs)


@pytest.fixture
def shared_order(ours, theirs):
    mangoes = factories.product(
        ours, title="Xoài cát Hòa Lộc", price=Decimal("45000"), weight_step_grams=500, selling_unit=SellingUnit.GRAM_500
    )
    spinach = factories.product(ours, title="Rau dền", price=Decimal("15000"))
    rice = factories.product(theirs, title="Gạo ST25", price=Decimal("120000"))
    return place_order((mangoes, 3), (spinach, 2), (rice, 1), choices={ours: "delivery", theirs: "delivery"})


def our_part(order, ours):
    return order.parts.get(cooperative=ours)


class TestPartPickList:
    def test_lists_order_buyer_delivery_and_each_line_with_its_weight(self, client, staff, shared_order, ours):
        client.force_login(staff)
        response = client.get(pick_list_url(our_part(shared_order, ours)))
        assert response.status_code == 200
        html = response.content.decode()
        assert f"Order {shared_order.number}" in html
        assert "Lan Nguyễn" in html and "090 123 4567" in html
        assert "12 Lê Lợi" in html and "Giao buổi sáng" in html
        assert "Xoài cát Hòa Lộc" in html and "3 × 0,5 kg = 1,5 kg" in html
        assert "Rau dền" in html
        assert "Delivery fee" in html and "30.000\xa0₫" in html
        assert "@media print" in html

    def test_does_not_list_other_cooperatives_lines(self, client, staff, shared_order, ours):
        client.force_login(staff)
        html = client.get(pick_list_url(our_part(shared_order, ours))).content.decode()
        assert "Gạo ST25" not in html

    def test_pickup_part_says_pickup_without_the_address(self, client, staff, ours):
        order = place_order((factories.product(ours, title="Cải ngọt"), 1), choices={ours: "pickup"})
        client.force_login(staff)
        html = client.get(pick_list_url(our_part(order, ours))).content.decode()
        assert "Pickup at the cooperative" in html
        assert "12 Lê Lợi" not in html and "Delivery fee" not in html
        assert "090 123 4567" in html  # to call the buyer when it is ready

    def test_leaves_out_lines_cancelled_one_by_one(self, client, staff, shared_order, ours):
        shared_order.lines.filter(title="Rau dền").update(status="cancelled")
        client.force_login(staff)
        html = client.get(pick_list_url(our_part(shared_order, ours))).content.decode()
        assert "Rau dền" not in html and "Xoài cát Hòa Lộc" in html

    def test_another_cooperatives_staff_get_not_found(self, client, their_staff, shared_order, ours):
        client.force_login(their_staff)
        assert client.get(pick_list_url(our_part(shared_order, ours))).status_code == 404

    def test_a_buyer_gets_not_found(self, client, shared_order, ours):
        client.force_login(shared_order.user)
        assert client.get(pick_list_url(our_part(shared_order, ours))).status_code == 404

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, shared_order, ours):
        response = client.get(pick_list_url(our_part(shared_order, ours)))
        assert response.status_code == 302
        assert reverse("customer:login") in response["Location"]

    def test_officers_see_any_part(self, client, shared_order, ours):
        client.force_login(factories.officer())
        assert client.get(pick_list_url(our_part(shared_order, ours))).status_code == 200


class TestOpenPartsPickList:
    def test_lists_own_open_parts_only(self, client, staff, shared_order, ours, theirs):
        rice_only = place_order((factories.product(theirs, title="Gạo nếp"), 1), choices={theirs: "delivery"})
        shipped = place_order((factories.product(ours, title="Dưa lưới"), 1), choices={ours: "delivery"})
        OrderPart.objects.filter(order=shipped).update(status=OrderPart.Status.SHIPPED)
        client.force_login(staff)
        html = client.get(open_parts_url()).content.decode()
        assert f"Order {shared_order.number}" in html and "Xoài cát Hòa Lộc" in html
        assert "Gạo ST25" not in html  # the other cooperative's line of a shared order
        assert f"Order {rice_only.number}" not in html  # the other cooperative's order
        assert "Dưa lưới" not in html  # already shipped

    def test_orders_placed_after_the_day_are_left_out(self, client, staff, shared_order):
        Order.objects.filter(pk=shared_order.pk).update(date_placed=timezone.now() + timedelta(days=2))
        client.force_login(staff)
        html = client.get(open_parts_url(date=timezone.localdate().isoformat())).content.decode()
        assert "No open orders to pick." in html

    def test_a_date_that_is_not_a_date_says_so_and_shows_today(self, client, staff, shared_order):
        client.force_login(staff)
        response = client.get(open_parts_url(date="hôm-nay"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "is not a date (YYYY-MM-DD): showing today." in html
        assert "Xoài cát Hòa Lộc" in html

    def test_officers_choose_the_cooperative(self, client, shared_order, ours):
        client.force_login(factories.officer())
        assert client.get(open_parts_url()).status_code == 404
        html = client.get(open_parts_url(cooperative=ours.pk)).content.decode()
        assert "Xoài cát Hòa Lộc" in html and "Gạo ST25" not in html

    def test_staff_cannot_name_another_cooperative(self, client, staff, shared_order, theirs):
        client.force_login(staff)
        assert client.get(open_parts_url(cooperative=theirs.pk)).status_code == 404

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, site):
        assert client.get(open_parts_url()).status_code == 302

    @pytest.mark.parametrize("orders", [2, 20])
    def test_query_count_does_not_grow_with_the_parts(
        self, client, staff, ours, theirs, orders, django_assert_max_num_queries
    ):
        veg = factories.product(ours, title="Rau muống", weight_step_grams=500, selling_unit=SellingUnit.GRAM_500)
        rice = factories.product(theirs, title="Gạo ST25")
        for _ in range(orders):
            place_order((veg, 2), (rice, 1), choices={ours: "delivery", theirs: "delivery"})
        client.force_login(staff)
        with django_assert_max_num_queries(6):
            html = client.get(open_parts_url()).content.decode()
        assert html.count("Rau muống") == orders


class TestDashboardLink:
    def test_the_dashboard_order_page_links_to_the_own_parts_pick_list_only(
        self, client, staff, shared_order, ours, theirs
    ):
        client.force_login(staff)
        with translation.override("en"):
            url = reverse("dashboard:order-detail", kwargs={"number": shared_order.number})
        html = client.get(url).content.decode()
        assert f'href="{pick_list_url(our_part(shared_order, ours))}"' in html
        assert pick_list_url(shared_order.parts.get(cooperative=theirs)) not in html
