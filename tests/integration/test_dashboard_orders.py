"""Oscar's order dashboard as a cooperative's staff and as a market officer see it."""

import csv
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.test.factories import ShippingAddressFactory, create_basket, create_order

from dashboard.orders.views import ORDER_PAYMENT_REFUSED, ORDER_STATUS_REFUSED, OTHER_LINES_REFUSED
from tests import factories

Country = get_model("address", "Country")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
ShippingEvent = get_model("order", "ShippingEvent")
ShippingEventType = get_model("order", "ShippingEventType")
EventHandler = get_class("order.processing", "EventHandler")


def place_order(*products, shipping_address=None):
    """An order of one unit of each product, through Oscar's basket and OrderCreator."""
    basket = create_basket(empty=True)
    for product in products:
        basket.add_product(product)
    return create_order(basket=basket, user=factories.user(), shipping_address=shipping_address)


def line_of(order, product):
    return order.lines.get(product=product)


def detail_url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def translated(message):
    with translation.override("vi"):
        return str(message)


@pytest.fixture
def two_cooperatives(site):
    ours, theirs = factories.cooperative(name="HTX Rau Củ Chi"), factories.cooperative(name="HTX Gạo Hóc Môn")
    return ours, theirs


@pytest.fixture
def shared_order(two_cooperatives):
    ours, theirs = two_cooperatives
    own = factories.product(ours, title="Rau muống Củ Chi", price=Decimal("50000"))
    other = factories.product(theirs, title="Gạo ST25 Hóc Môn", price=Decimal("70000"))
    vn = Country.objects.get(iso_3166_1_a2="VN")
    order = place_order(own, other, shipping_address=ShippingAddressFactory(country=vn))
    order.own_line, order.other_line = line_of(order, own), line_of(order, other)
    return order


@pytest.fixture
def staff_client(client, two_cooperatives):
    client.force_login(factories.cooperative_staff(two_cooperatives[0]))
    return client


@pytest.fixture(params=["superuser", "staff with order permissions"])
def officer_client(request, client, site):
    if request.param == "superuser":
        officer = factories.user(is_staff=True, is_superuser=True)
    else:
        officer = factories.user(is_staff=True)
        officer.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="order", codename__in=["view_order", "change_order"])
        )
    client.force_login(officer)
    return client


def post_line_action(client, order, lines, action, **data):
    data.update(line_action=action, selected_line=[line.id for line in lines])
    data.update({f"selected_line_qty_{line.id}": line.quantity for line in lines})
    return client.post(detail_url(order), data)


class TestCooperativeStaffOrders:
    def test_sees_only_own_lines_of_a_shared_order(self, staff_client, shared_order):
        html = staff_client.get(detail_url(shared_order)).content.decode()
        assert "Rau muống Củ Chi" in html
        assert "Gạo ST25 Hóc Môn" not in html
        assert "50.000" in html
        assert "120.000" not in html  # the whole order's total

    def test_sees_events_only_for_own_lines(self, staff_client, shared_order):
        own, other = shared_order.own_line, shared_order.other_line
        shipped = ShippingEventType.objects.create(name="Shipped")
        paid = PaymentEventType.objects.create(name="Paid")
        EventHandler().handle_shipping_event(shared_order, shipped, [own, other], [1, 1])
        EventHandler().handle_payment_event(shared_order, paid, Decimal("70000"), [other], [1])
        response = staff_client.get(detail_url(shared_order))
        assert "Gạo ST25 Hóc Môn" not in response.content.decode()
        [event] = response.context["shipping_events"]
        assert [quantity.line for quantity in event.visible_line_quantities] == [own]
        assert not response.context["payment_events"]

    def test_changes_status_of_own_line(self, staff_client, shared_order):
        post_line_action(
            staff_client, shared_order, [shared_order.own_line], "change_line_statuses", new_status="confirmed"
        )
        shared_order.own_line.refresh_from_db()
        assert shared_order.own_line.status == "confirmed"

    @pytest.mark.parametrize("own_line_too", [False, True], ids=["alone", "with own line"])
    def test_cannot_change_another_cooperatives_line_status(self, staff_client, shared_order, own_line_too):
        lines = [shared_order.other_line] + ([shared_order.own_line] if own_line_too else [])
        response = post_line_action(staff_client, shared_order, lines, "change_line_statuses", new_status="confirmed")
        assert shown_messages(response) == [translated(OTHER_LINES_REFUSED)]
        assert set(Line.objects.filter(order=shared_order).values_list("status", flat=True)) == {"pending"}

    def test_cannot_create_shipping_event_on_another_cooperatives_line(self, staff_client, shared_order):
        shipped = ShippingEventType.objects.create(name="Shipped")
        response = post_line_action(
            staff_client,
            shared_order,
            [shared_order.other_line],
            "create_shipping_event",
            shipping_event_type=shipped.code,
        )
        assert shown_messages(response) == [translated(OTHER_LINES_REFUSED)]
        assert not ShippingEvent.objects.filter(order=shared_order).exists()

    def test_cannot_create_payment_event_on_another_cooperatives_line(self, staff_client, shared_order):
        paid = PaymentEventType.objects.create(name="Paid")
        response = post_line_action(
            staff_client, shared_order, [shared_order.other_line], "create_payment_event", payment_event_type=paid.code
        )
        assert shown_messages(response) == [translated(OTHER_LINES_REFUSED)]
        assert not PaymentEvent.objects.filter(order=shared_order).exists()

    def test_cannot_create_a_payment_event_for_the_whole_order(self, staff_client, shared_order):
        paid = PaymentEventType.objects.create(name="Paid")
        response = staff_client.post(
            detail_url(shared_order),
            {
                "order_action": "create_order_payment_event",
                "payment_event_type": paid.code,
                "amount": "120000",
            },
        )
        assert shown_messages(response) == [translated(ORDER_PAYMENT_REFUSED)]
        assert not PaymentEvent.objects.filter(order=shared_order).exists()

    def test_cannot_change_order_status(self, staff_client, shared_order):
        html = staff_client.get(detail_url(shared_order)).content.decode()
        assert 'value="change_order_status"' not in html
        response = staff_client.post(
            detail_url(shared_order),
            {
                "order_action": "change_order_status",
                "new_status": "processing",
            },
        )
        assert shown_messages(response) == [translated(ORDER_STATUS_REFUSED)]
        shared_order.refresh_from_db()
        assert shared_order.status == "pending"

    def test_cannot_change_order_statuses_from_the_order_list(self, staff_client, shared_order):
        response = staff_client.post(
            reverse("dashboard:order-list"),
            {
                "action": "change_order_statuses",
                "selected_order": [shared_order.id],
                "new_status": "processing",
            },
        )
        assert shown_messages(response) == [translated(ORDER_STATUS_REFUSED)]
        shared_order.refresh_from_db()
        assert shared_order.status == "pending"

    def test_cannot_open_another_cooperatives_line_detail(self, staff_client, shared_order):
        def line_url(line):
            return reverse("dashboard:order-line-detail", kwargs={"number": shared_order.number, "line_id": line.id})

        assert staff_client.get(line_url(shared_order.own_line)).status_code == 200
        assert staff_client.get(line_url(shared_order.other_line)).status_code == 404

    def test_cannot_view_or_edit_the_shipping_address_of_an_order_without_own_lines(
        self, staff_client, two_cooperatives
    ):
        vn = Country.objects.get(iso_3166_1_a2="VN")
        foreign = place_order(
            factories.product(two_cooperatives[1]), shipping_address=ShippingAddressFactory(country=vn)
        )
        address_url = reverse("dashboard:order-shipping-address", kwargs={"number": foreign.number})
        assert staff_client.get(detail_url(foreign)).status_code == 404
        assert staff_client.get(address_url).status_code == 404
        response = staff_client.post(
            address_url,
            {
                "first_name": "Kẻ lạ",
                "line1": "1 Lê Lợi",
                "line4": "Quận 1",
                "country": vn.pk,
                "phone_number": "+84901234567",
            },
        )
        assert response.status_code == 404
        foreign.shipping_address.refresh_from_db()
        assert foreign.shipping_address.first_name == "John"

    def test_order_list_shows_only_orders_with_own_lines(self, staff_client, shared_order, two_cooperatives):
        own_only = place_order(factories.product(two_cooperatives[0]))
        foreign = place_order(factories.product(two_cooperatives[1]))
        html = staff_client.get(reverse("dashboard:order-list")).content.decode()
        assert detail_url(shared_order) in html
        assert detail_url(own_only) in html
        assert detail_url(foreign) not in html

    def test_order_csv_lists_only_orders_with_own_lines(self, staff_client, shared_order, two_cooperatives):
        foreign = place_order(factories.product(two_cooperatives[1]))
        url = reverse("dashboard:order-list")
        downloaded = staff_client.get(url, {"response_format": "csv"})
        selected = staff_client.post(
            url, {"action": "download_selected_orders", "selected_order": [shared_order.id, foreign.id]}
        )
        for response in (downloaded, selected):
            numbers = [row[0] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))][1:]
            assert numbers == [str(shared_order.number)]

    def test_order_statistics_count_only_own_lines(self, staff_client, shared_order):
        response = staff_client.get(reverse("dashboard:order-stats"))
        assert response.context["total_lines"] == 1
        assert response.context["total_revenue"] == Decimal("50000")

    @pytest.mark.parametrize("n_orders", [3, 30])
    def test_order_list_query_count_does_not_grow_with_orders(
        self, staff_client, two_cooperatives, django_assert_max_num_queries, n_orders
    ):
        ours, theirs = two_cooperatives
        own, other = factories.product(ours, stock=1000), factories.product(theirs, stock=1000)
        for _ in range(n_orders):
            place_order(own, other)
        with django_assert_max_num_queries(12):
            response = staff_client.get(reverse("dashboard:order-list"))
        assert len(response.context["orders"]) == min(n_orders, settings.OSCAR_DASHBOARD_ITEMS_PER_PAGE)


class TestOfficerOrders:
    def test_officer_sees_all_lines(self, officer_client, shared_order):
        html = officer_client.get(detail_url(shared_order)).content.decode()
        assert "Rau muống Củ Chi" in html
        assert "Gạo ST25 Hóc Môn" in html
        assert "120.000" in html
        assert 'value="change_order_status"' in html

    def test_officer_changes_order_status(self, officer_client, shared_order):
        officer_client.post(
            detail_url(shared_order), {"order_action": "change_order_status", "new_status": "processing"}
        )
        shared_order.refresh_from_db()
        assert shared_order.status == "processing"

    def test_officer_changes_any_line_status(self, officer_client, shared_order):
        lines = [shared_order.own_line, shared_order.other_line]
        post_line_action(officer_client, shared_order, lines, "change_line_statuses", new_status="confirmed")
        assert set(Line.objects.filter(order=shared_order).values_list("status", flat=True)) == {"confirmed"}
