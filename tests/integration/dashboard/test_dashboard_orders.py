"""Oscar's order dashboard as a cooperative's staff and as a market officer see it."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency
from oscar.test.factories import ShippingAddressFactory, create_basket, create_order

from dashboard.orders import views
from dashboard.orders.views import (
    NOTE_REFUSED,
    ORDER_PAYMENT_REFUSED,
    ORDER_STATUS_REFUSED,
    OTHER_LINES_REFUSED,
    OWN_LINES_CSV_COLUMNS,
    SHIPPING_ADDRESS_REFUSED,
)
from fulfilment.services import order_parts_create, part_note_create
from tests import factories

Country = get_model("address", "Country")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
ShippingEvent = get_model("order", "ShippingEvent")
ShippingEventType = get_model("order", "ShippingEventType")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Transaction = get_model("payment", "Transaction")
EventHandler = get_class("order.processing", "EventHandler")


def place_order(*products, shipping_address=None):
    """An order of one unit of each product, through Oscar's basket and OrderCreator."""
    basket = create_basket(empty=True)
    for product in products:
        basket.add_product(product)
    order = create_order(basket=basket, user=factories.user(), shipping_address=shipping_address)
    coop_ids = {product.stockrecords.get().partner.cooperative.pk for product in products}
    order_parts_create(order=order, choices=dict.fromkeys(coop_ids, "delivery"), language="vi")
    return order


def line_of(order, product):
    return order.lines.get(product=product)


def detail_url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def translated(message):
    with translation.override("vi"):
        return str(message)


def money(amount):
    """An amount as the dashboard shows it in Vietnamese, e.g. 50.000 ₫."""
    with translation.override("vi"):
        return currency(Decimal(amount), "VND")


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


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


@pytest.fixture(params=["superuser", "officer with order permissions"])
def officer_client(request, client, site):
    if request.param == "superuser":
        officer = factories.user(is_staff=True, is_superuser=True)
    else:
        officer = factories.officer()
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

    def test_order_list_shows_total_and_items_of_own_lines_only(self, staff_client, shared_order):
        response = staff_client.get(reverse("dashboard:order-list"))
        html = response.content.decode()
        assert money(50000) in html
        assert money(120000) not in html
        assert 'value="change_order_statuses"' not in html
        [order] = response.context["orders"]
        assert (order.own_total_incl_tax, order.own_num_items) == (Decimal("50000"), 1)

    def test_order_list_sorts_by_own_lines_total(self, staff_client, two_cooperatives):
        ours, theirs = two_cooperatives
        small_share = place_order(
            factories.product(ours, price=Decimal("40000")), factories.product(theirs, price=Decimal("300000"))
        )
        own_only = place_order(factories.product(ours, price=Decimal("90000")))
        url = reverse("dashboard:order-list")
        for direction, expected in [("asc", [small_share, own_only]), ("desc", [own_only, small_share])]:
            response = staff_client.get(url, {"sort": "total_incl_tax", "dir": direction})
            assert [order.pk for order in response.context["orders"]] == [order.pk for order in expected]

    @pytest.mark.parametrize(("field", "attribute"), [("product_title", "title"), ("partner_sku", "partner_sku")])
    def test_order_search_by_product_matches_own_lines_only(self, staff_client, shared_order, field, attribute):
        own, other = (getattr(line, attribute) for line in (shared_order.own_line, shared_order.other_line))
        url = reverse("dashboard:order-list")
        assert [order.pk for order in staff_client.get(url, {field: own}).context["orders"]] == [shared_order.pk]
        assert not staff_client.get(url, {field: other}).context["orders"]

    def test_order_csv_shows_total_and_items_of_own_lines_only(self, staff_client, shared_order):
        url = reverse("dashboard:order-list")
        downloaded = staff_client.get(url, {"response_format": "csv"})
        selected = staff_client.post(url, {"action": "download_selected_orders", "selected_order": [shared_order.id]})
        value, items = (translated(OWN_LINES_CSV_COLUMNS[column]) for column in ("value", "num_items"))
        for response in (downloaded, selected):
            [row] = csv_rows(response)
            assert (Decimal(row[value]), row[items]) == (Decimal("50000"), "1")

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


class TestCooperativeStaffOrderNotes:
    @pytest.fixture
    def notes(self, shared_order, two_cooperatives):
        """Notes on the parts of the order (tests/integration/fulfilment/test_part_notes_and_reviews.py for more)."""
        ours, theirs = two_cooperatives
        our_part, their_part = shared_order.parts.get(cooperative=ours), shared_order.parts.get(cooperative=theirs)
        staff = factories.cooperative_staff(ours)
        others = [factories.cooperative_staff(theirs), factories.officer()]
        own = OrderNote.objects.create(order=shared_order, user=staff, message="Giao trước 9 giờ sáng")
        part_note_create(note=own, part=our_part)
        foreign = [
            OrderNote.objects.create(order=shared_order, user=other, message=f"Ghi chú của người khác {n}")
            for n, other in enumerate(others)
        ]
        part_note_create(note=foreign[0], part=their_part)
        # An officer's note to our part: we read it, but it is not ours to change.
        foreign.append(OrderNote.objects.create(order=shared_order, user=others[1], message="Cán bộ nhắn HTX"))
        part_note_create(note=foreign[2], part=our_part)
        return staff, own, foreign

    def note_url(self, note):
        return reverse("dashboard:order-detail-note", kwargs={"number": note.order.number, "note_id": note.id})

    def test_sees_own_parts_notes_but_edit_links_for_own_only(self, client, notes):
        staff, own, (their_note, officers_note, note_to_us) = notes
        client.force_login(staff)
        html = client.get(detail_url(own.order)).content.decode()
        for note in (own, note_to_us):
            assert note.message in html
        for note in (their_note, officers_note):
            assert note.message not in html
        assert self.note_url(own) in html
        for note in (their_note, officers_note, note_to_us):
            assert self.note_url(note) not in html

    def test_edits_own_note(self, client, notes):
        staff, own, _ = notes
        client.force_login(staff)
        client.post(self.note_url(own), {"order_action": "save_note", "message": "Giao trước 10 giờ sáng"})
        own.refresh_from_db()
        assert own.message == "Giao trước 10 giờ sáng"

    @pytest.mark.parametrize(
        "author", [0, 1, 2], ids=["another cooperative's staff", "an officer", "an officer, to our part"]
    )
    def test_cannot_edit_a_note_written_by_someone_else(self, client, notes, author):
        staff, _, foreign = notes
        note = foreign[author]
        client.force_login(staff)
        response = client.post(self.note_url(note), {"order_action": "save_note", "message": "Đã sửa"})
        assert shown_messages(response) == [translated(NOTE_REFUSED)]
        assert OrderNote.objects.get(pk=note.pk).message == note.message
        assert not OrderNote.objects.filter(message="Đã sửa").exists()

    def test_note_form_is_empty_on_the_url_of_someone_elses_note(self, client, notes):
        staff, _, foreign = notes
        client.force_login(staff)
        response = client.get(self.note_url(foreign[0]))
        assert response.context["note_form"].instance.pk is None

    @pytest.mark.parametrize(
        "author", [0, 1, 2], ids=["another cooperative's staff", "an officer", "an officer, to our part"]
    )
    def test_cannot_delete_a_note_written_by_someone_else(self, client, notes, author):
        staff, _, foreign = notes
        note = foreign[author]
        client.force_login(staff)
        response = client.post(detail_url(note.order), {"order_action": "delete_note", "note_id": note.id})
        assert shown_messages(response) == [translated(NOTE_REFUSED)]
        assert OrderNote.objects.filter(pk=note.pk).exists()

    def test_cannot_edit_own_note_after_5_minutes(self, client, notes):
        staff, own, _ = notes
        OrderNote.objects.filter(pk=own.pk).update(date_updated=own.date_updated - timedelta(minutes=6))
        client.force_login(staff)
        response = client.post(self.note_url(own), {"order_action": "save_note", "message": "Đã sửa"})
        assert shown_messages(response) == [translated(NOTE_REFUSED)]
        assert OrderNote.objects.get(pk=own.pk).message == own.message

    def test_deletes_own_note(self, client, notes):
        staff, own, _ = notes
        client.force_login(staff)
        client.post(detail_url(own.order), {"order_action": "delete_note", "note_id": own.id})
        assert not OrderNote.objects.filter(pk=own.pk).exists()

    def test_officer_edits_a_cooperatives_note(self, officer_client, notes):
        _, own, _ = notes
        officer_client.post(self.note_url(own), {"order_action": "save_note", "message": "Đã xác nhận"})
        own.refresh_from_db()
        assert own.message == "Đã xác nhận"


class TestCooperativeStaffPayments:
    @pytest.fixture
    def paid_order(self, shared_order):
        cod = SourceType.objects.create(name="Thanh toán khi nhận hàng")
        source = Source.objects.create(
            order=shared_order,
            source_type=cod,
            amount_allocated=Decimal("120000"),
            amount_debited=Decimal("120000"),
            reference="COD-120",
        )
        Transaction.objects.create(source=source, txn_type="Debit", amount=Decimal("120000"), reference="TXN-120")
        return shared_order

    def test_sees_the_payment_method_without_whole_order_amounts(self, staff_client, paid_order):
        response = staff_client.get(detail_url(paid_order))
        html = response.content.decode()
        assert "Thanh toán khi nhận hàng" in html
        for hidden in ("COD-120", "TXN-120", money(120000)):
            assert hidden not in html
        assert not response.context["payment_transactions"]

    def test_officer_sees_payment_sources_and_transactions(self, officer_client, paid_order):
        html = officer_client.get(detail_url(paid_order)).content.decode()
        for shown in ("Thanh toán khi nhận hàng", "COD-120", "TXN-120"):
            assert shown in html

    def test_sees_the_amount_of_a_payment_event_only_when_it_covers_own_lines_only(self, staff_client, shared_order):
        own, other = shared_order.own_line, shared_order.other_line
        deposit, paid = (PaymentEventType.objects.create(name=name) for name in ("Deposit", "Paid"))
        handler = EventHandler()
        handler.handle_payment_event(shared_order, deposit, Decimal("45000"), [own], [1], reference="OWN-45")
        handler.handle_payment_event(shared_order, paid, Decimal("115000"), [own, other], [1, 1], reference="ALL-115")
        response = staff_client.get(detail_url(shared_order))
        html = response.content.decode()
        assert "OWN-45" in html and money(45000) in html
        assert "ALL-115" in html and money(115000) not in html
        assert {event.reference: event.covers_other_lines for event in response.context["payment_events"]} == {
            "OWN-45": False,
            "ALL-115": True,
        }


class TestCooperativeStaffShippingAddress:
    def address_url(self, order):
        return reverse("dashboard:order-shipping-address", kwargs={"number": order.number})

    def address_form(self, order):
        return {
            "first_name": "Nguyễn Văn An",
            "line1": "12 Nguyễn Huệ",
            "line4": "Quận 1",
            "country": order.shipping_address.country_id,
            "phone_number": "+84901234567",
        }

    def test_sees_the_shipping_address_without_a_link_to_change_it(self, staff_client, shared_order):
        html = staff_client.get(detail_url(shared_order)).content.decode()
        assert "Streetname" in html
        assert self.address_url(shared_order) not in html

    def test_cannot_change_the_shipping_address(self, staff_client, shared_order):
        response = staff_client.post(self.address_url(shared_order), self.address_form(shared_order))
        assert response.status_code == 302
        assert response["Location"].startswith(detail_url(shared_order))
        assert shown_messages(response) == [translated(SHIPPING_ADDRESS_REFUSED)]
        shared_order.shipping_address.refresh_from_db()
        assert shared_order.shipping_address.first_name == "John"
        assert not shared_order.notes.exists()

    def test_is_sent_back_to_the_order_from_the_address_form(self, staff_client, shared_order):
        response = staff_client.get(self.address_url(shared_order))
        assert response.status_code == 302
        assert response["Location"].startswith(detail_url(shared_order))

    def test_officer_changes_the_shipping_address(self, officer_client, shared_order):
        html = officer_client.get(detail_url(shared_order)).content.decode()
        assert self.address_url(shared_order) in html
        officer_client.post(self.address_url(shared_order), self.address_form(shared_order))
        shared_order.shipping_address.refresh_from_db()
        assert shared_order.shipping_address.first_name == "Nguyễn Văn An"


class TestOfficerOrders:
    def test_officer_sees_all_lines(self, officer_client, shared_order):
        html = officer_client.get(detail_url(shared_order)).content.decode()
        assert "Rau muống Củ Chi" in html
        assert "Gạo ST25 Hóc Môn" in html
        assert "120.000" in html
        assert 'value="change_order_status"' in html

    def test_officer_order_list_and_csv_show_whole_orders(self, officer_client, shared_order):
        url = reverse("dashboard:order-list")
        html = officer_client.get(url).content.decode()
        assert money(120000) in html
        assert 'value="change_order_statuses"' in html
        [row] = csv_rows(officer_client.get(url, {"response_format": "csv"}))
        value, items = (translated(views.OrderListView.CSV_COLUMNS[column]) for column in ("value", "num_items"))
        assert (Decimal(row[value]), row[items]) == (Decimal("120000"), "2")

    def test_officer_cancels_the_whole_order_and_its_parts(self, officer_client, shared_order):
        data = {"order_action": "change_order_status", "new_status": "cancelled"}
        officer_client.post(detail_url(shared_order), data)
        shared_order.refresh_from_db()
        assert shared_order.status == "cancelled"
        assert set(shared_order.parts.values_list("status", flat=True)) == {"cancelled"}

    def test_only_cancelling_is_offered_for_a_whole_order(self, officer_client, shared_order):
        form = officer_client.get(detail_url(shared_order)).context["order_status_form"]
        assert [value for value, _label in form.fields["new_status"].choices] == ["cancelled"]

    def test_other_order_statuses_follow_the_parts(self, officer_client, shared_order):
        officer_client.post(
            detail_url(shared_order), {"order_action": "change_order_status", "new_status": "processing"}
        )
        shared_order.refresh_from_db()
        assert shared_order.status == "pending"

    def test_officer_changes_any_line_status(self, officer_client, shared_order):
        lines = [shared_order.own_line, shared_order.other_line]
        post_line_action(officer_client, shared_order, lines, "change_line_statuses", new_status="confirmed")
        assert set(Line.objects.filter(order=shared_order).values_list("status", flat=True)) == {"confirmed"}


class TestOrderStatusInWords:
    """Officers and cooperatives read an order's status in words ("chờ xác nhận"), never Oscar's code."""

    RAW = (">pending<", ">processing<", ">complete<", ">cancelled<", "pending →", "→ cancelled")

    def assert_words_not_codes(self, html, *words):
        for word in words:
            assert word in html
        for code in self.RAW:
            assert code not in html

    def test_officer_order_list_shows_the_status_and_its_choices_in_words(self, officer_client, shared_order):
        response = officer_client.get(reverse("dashboard:order-list"))
        html = response.content.decode()
        self.assert_words_not_codes(html, "<td>chờ xác nhận</td>", '<option value="cancelled">đã hủy</option>')
        assert ("pending", "chờ xác nhận") in response.context["form"].fields["status"].choices

    def test_staff_order_list_shows_the_status_in_words(self, staff_client, shared_order):
        self.assert_words_not_codes(staff_client.get(reverse("dashboard:order-list")).content.decode(), "chờ xác nhận")

    def test_officer_order_page_shows_the_status_and_its_changes_in_words(self, officer_client, shared_order):
        officer_client.post(
            detail_url(shared_order), {"order_action": "change_order_status", "new_status": "cancelled"}
        )
        html = officer_client.get(detail_url(shared_order)).content.decode()
        self.assert_words_not_codes(self.order_information(html), "<td>đã hủy</td>")
        self.assert_words_not_codes(self.status_changes(html), "<td>chờ xác nhận</td>", "<td>đã hủy</td>")

    def test_staff_order_page_shows_the_status_in_words(self, staff_client, shared_order):
        html = staff_client.get(detail_url(shared_order)).content.decode()
        self.assert_words_not_codes(self.order_information(html), "<td>chờ xác nhận</td>")

    # The order's own tables (the lines' statuses are the parts' and read in the parts' table).
    def order_information(self, html):
        return html.split("Thông tin đơn hàng", 1)[1].split("</table>", 1)[0]

    def status_changes(self, html):
        return html.split("Các lần đổi trạng thái", 1)[1].split("</table>", 1)[0]

    def test_the_search_filter_names_the_status_in_words(self, officer_client, shared_order):
        html = officer_client.get(reverse("dashboard:order-list"), {"status": "pending"}).content.decode()
        self.assert_words_not_codes(html, "chờ xác nhận")
        assert "pending" not in html.split("badge-success", 1)[1].split("</span>", 1)[0]
