"""The workspace's orders: the cooperative's parts, one part's page, and its moves through the lifecycle."""

import copy
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import ShippingAddressFactory

from fulfilment.models import OrderPart
from lifecycle.parts import part_move
from payments.models import OrderPayment, PaymentMethod, Receipt
from tests import factories

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
# The orders page, whatever the number of parts (session, user, cooperative, counts, page, rows).
ORDERS_QUERIES = 10
# One part's page, whatever the number of its lines.
PART_QUERIES = 8


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def copies_of(order, count):
    """``count`` more orders like ``order``, each placed a minute earlier than the last, with copies of
    its lines and parts: the rows the lists read, bulk-created so 500 take a second."""
    lines, parts = list(order.lines.all()), list(order.parts.all())
    orders = []
    for index in range(count):
        twin = copy.copy(order)
        twin.pk = None
        twin.number = f"{order.number}{index:04d}"
        twin.date_placed = order.date_placed - timedelta(minutes=index + 1)
        orders.append(twin)
    orders = Order.objects.bulk_create(orders)
    new_lines, new_parts = [], []
    for twin in orders:
        for line in lines:
            new_line = copy.copy(line)
            new_line.pk, new_line.order = None, twin
            new_lines.append(new_line)
        for part in parts:
            new_part = copy.copy(part)
            new_part.pk, new_part.order = None, twin
            new_parts.append(new_part)
    Line.objects.bulk_create(new_lines)
    OrderPart.objects.bulk_create(new_parts)
    return orders


@pytest.fixture
def greens(cooperative):
    return factories.product(cooperative, title="Rau muống", price=Decimal("15000"))


@pytest.fixture
def other_coop(db):
    return factories.cooperative(name="HTX Gạo Hóc Môn")


@pytest.fixture
def rice(other_coop):
    return factories.product(other_coop, title="Gạo ST25", price=Decimal("38000"))


@pytest.fixture
def buyer(db):
    return factories.user(email="nguoimua@example.com", first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def order(greens, rice, buyer):
    """Two cooperatives' parts: ours (2 × 15.000 ₫ + the delivery fee) and the rice cooperative's."""
    order = factories.order_with_parts((greens, 2), (rice, 1), buyer=buyer)
    order.shipping_address = ShippingAddressFactory(
        first_name="Lan",
        last_name="Nguyễn",
        line1="12 Ấp Chợ",
        line4="Củ Chi",
        phone_number="+84909123456",
        notes="Gọi trước khi giao",
    )
    order.save()
    return order


@pytest.fixture
def part(order, cooperative):
    return order.parts.get(cooperative=cooperative)


@pytest.fixture
def their_part(order, other_coop):
    return order.parts.get(cooperative=other_coop)


def orders_page(client, **params):
    return client.get(reverse("workspace:orders"), params).content.decode()


def part_page(client, part):
    return client.get(reverse("workspace:order-part", kwargs={"pk": part.pk}))


def move(client, part, status, seen=None, reason=""):
    data = {"status": status, "seen_status": seen or part.status, "reason": reason}
    return client.post(reverse("workspace:order-part-move", kwargs={"pk": part.pk}), data, follow=True)


class TestOrdersList:
    def test_lists_own_parts_with_number_buyer_total_status_and_payment(self, staff_client, part, order):
        html = orders_page(staff_client)
        row = html[html.index(f'data-part="{part.pk}"') :]
        assert f"Đơn hàng {order.number}" in row
        assert "Lan Nguyễn" in row
        assert "Chờ xác nhận" in row
        assert "Thanh toán khi nhận hàng" in row
        total = Decimal("30000") + part.delivery_fee
        assert f"{total:,.0f}".replace(",", ".") + "\xa0₫" in row
        assert "Gạo ST25" not in html and "38.000" not in html

    def test_newest_first(self, staff_client, part, order):
        older = copies_of(order, 2)
        html = orders_page(staff_client)
        positions = [html.index(f"Đơn hàng {number}") for number in (order.number, older[0].number, older[1].number)]
        assert positions == sorted(positions)

    def test_a_cancelled_line_and_another_cooperatives_lines_stay_out_of_the_total(
        self, staff_client, cooperative, greens, rice
    ):
        kale = factories.product(cooperative, title="Cải xoăn", price=Decimal(40000))
        order = factories.order_with_parts((greens, 1), (kale, 1), (rice, 3))
        part = order.parts.get(cooperative=cooperative)
        Line.objects.filter(order=order, product=kale).update(status="cancelled")
        html = orders_page(staff_client)
        row = html[html.index(f'data-part="{part.pk}"') :]
        total = Decimal("15000") + part.delivery_fee
        assert row.split("data-total>")[1].startswith(f"{total:,.0f}".replace(",", "."))

    def test_a_cancelled_part_shows_what_was_ordered(self, staff_client, part, staff):
        part_move(part=part, status="cancelled", user=staff, reason="Hết hàng")
        html = orders_page(staff_client)
        row = html[html.index(f'data-part="{part.pk}"') :]
        total = Decimal("30000") + part.delivery_fee
        assert row.split("data-total>")[1].startswith(f"{total:,.0f}".replace(",", "."))
        assert "Đã hủy" in row

    def test_tabs_count_each_status_of_own_parts_only(self, staff_client, staff, greens, rice, their_part):
        pending, confirmed, delivered_cash, delivered_recorded, cancelled = (
            factories.order_with_parts((greens, 1)).parts.get() for _ in range(5)
        )
        part_move(part=confirmed, status="confirmed", user=staff)
        for done in (delivered_cash, delivered_recorded):
            for status in ("confirmed", "shipped", "delivered"):
                done = part_move(part=done, status=status, user=staff)
        from lifecycle.receipts import cash_record

        cash_record(part=delivered_recorded, amount=Decimal(100000), user=staff)
        part_move(part=cancelled, status="cancelled", user=staff, reason="Hết hàng")
        paid_by_card = factories.order_with_parts((greens, 1))
        OrderPayment.objects.create(order=paid_by_card, method=PaymentMethod.CARD, amount=Decimal(15000))
        card_part = paid_by_card.parts.get()
        for status in ("confirmed", "shipped", "delivered"):
            card_part = part_move(part=card_part, status=status, user=staff)

        html = orders_page(staff_client)

        def count(name):
            tab = html[html.index(f'data-filter="{name}"') :]
            return int(tab.split('class="ws-count">')[1].split("<")[0])

        # Ours: the fixture's pending part, 5 above and the card part; the rice cooperative's is not counted.
        assert count("all") == 7
        assert count("pending") == 2
        assert count("confirmed") == 1
        assert count("delivered") == 3
        assert count("cancelled") == 1
        assert count("cash") == 1  # delivered, cash, nothing recorded: not the card part, not the recorded one

        html = orders_page(staff_client, status="cash")
        assert f'data-part="{delivered_cash.pk}"' in html
        assert html.count("data-part=") == 1

    def test_twenty_parts_a_page(self, staff_client, part, order):
        copies_of(order, 24)
        first, second = orders_page(staff_client), orders_page(staff_client, page="2")
        assert first.count("data-part=") == 20
        assert second.count("data-part=") == 5
        assert "Trang 2 / 2" in second

    @pytest.mark.parametrize("params", [{"status": "<script>"}, {"page": "٣"}, {"page": "99999999999999999999"}])
    def test_odd_parameters_fall_back_to_the_defaults(self, staff_client, part, params):
        response = staff_client.get(reverse("workspace:orders"), params)
        assert response.status_code == 200
        assert f'data-part="{part.pk}"' in response.content.decode()

    @pytest.mark.parametrize("count", [10, 500])
    def test_query_count_does_not_grow_with_parts(
        self, staff_client, part, order, count, django_assert_max_num_queries
    ):
        copies_of(order, count - 1)
        with django_assert_max_num_queries(ORDERS_QUERIES):
            html = orders_page(staff_client)
        assert html.count("data-part=") == min(count, 20)
        with django_assert_max_num_queries(ORDERS_QUERIES):
            orders_page(staff_client, status="pending", page="2")


class TestPartPage:
    def test_shows_lines_buyer_phone_address_and_payment(self, staff_client, part):
        html = part_page(staff_client, part).content.decode()
        assert "Rau muống" in html and "Gạo ST25" not in html
        assert 'href="tel:+84909123456"' in html
        assert "12 Ấp Chợ" in html and "Gọi trước khi giao" in html
        assert "Lan Nguyễn" in html
        assert "Thanh toán khi nhận hàng" in html and "chưa thanh toán" in html
        assert reverse("fulfilment:pick-list", kwargs={"pk": part.pk}) in html

    @pytest.mark.parametrize(
        "path, shown, hidden",
        [
            ([], ["Xác nhận đơn hàng", "Huỷ phần đơn này"], ["Giao cho bên vận chuyển", "Đã giao cho người mua"]),
            (["confirmed"], ["Giao cho bên vận chuyển", "Huỷ phần đơn này"], ["Xác nhận đơn hàng"]),
            (["confirmed", "shipped"], ["Đã giao cho người mua"], ["Huỷ phần đơn này", "Xác nhận đơn hàng"]),
            (["confirmed", "shipped", "delivered"], ["Ghi tiền thu hộ"], ["Việc tiếp theo"]),
        ],
    )
    def test_offers_only_the_next_allowed_steps(self, staff_client, staff, part, path, shown, hidden):
        for status in path:
            part = part_move(part=part, status=status, user=staff)
        html = part_page(staff_client, part).content.decode()
        for text in shown:
            assert text in html
        for text in hidden:
            assert text not in html

    def test_a_part_picked_up_at_the_cooperative_is_not_handed_to_a_shipper(self, staff_client, staff, cooperative):
        cooperative.offers_pickup, cooperative.pickup_address = True, "Ấp 2, Tân Phú Trung"
        cooperative.save()
        order = factories.order_with_parts((factories.product(cooperative), 1), choices={cooperative: "pickup"})
        part = part_move(part=order.parts.get(), status="confirmed", user=staff)
        html = part_page(staff_client, part).content.decode()
        assert "Hàng đã sẵn sàng, báo người mua đến lấy" in html and "Giao cho bên vận chuyển" not in html
        response = move(staff_client, part, "shipped")
        assert shown_messages(response) == [f"Đơn hàng {order.number} đã sẵn sàng: người mua sẽ được báo đến lấy hàng."]
        assert "Người mua đã đến lấy hàng" in response.content.decode()

    def test_english_under_en(self, staff_client, part):
        html = staff_client.get(f"/en{reverse('workspace:order-part', kwargs={'pk': part.pk})}").content.decode()
        assert "Confirm the order" in html and "Cancel this part" in html and "Print the pick list" in html

    @pytest.mark.parametrize("lines", [1, 30])
    def test_query_count_does_not_grow_with_lines(
        self, staff_client, cooperative, lines, django_assert_max_num_queries
    ):
        products = [factories.product(cooperative, title=f"Rau {index}") for index in range(lines)]
        part = factories.order_with_parts(*((product, 1) for product in products)).parts.get()
        with django_assert_max_num_queries(PART_QUERIES):
            html = part_page(staff_client, part).content.decode()
        assert html.count("<li") >= lines

    def test_another_cooperatives_part_is_not_found(self, staff_client, their_part):
        assert part_page(staff_client, their_part).status_code == 404
        assert staff_client.get(reverse("workspace:order-part", kwargs={"pk": 2**40})).status_code == 404


class TestMoves:
    def test_staff_confirm_hand_to_the_shipper_and_deliver(self, staff_client, part, order):
        response = move(staff_client, part, "confirmed")
        assert response.redirect_chain[-1][0] == reverse("workspace:order-part", kwargs={"pk": part.pk})
        assert shown_messages(response) == [
            f"Đã xác nhận đơn hàng {order.number}. Việc tiếp theo: giao cho bên vận chuyển."
        ]
        part.refresh_from_db()
        assert part.status == "confirmed"
        move(staff_client, part, "shipped")
        part.refresh_from_db()
        response = move(staff_client, part, "delivered")
        part.refresh_from_db()
        assert part.status == "delivered"
        assert set(part.lines.values_list("status", flat=True)) == {"delivered"}
        assert "Đã giao" in response.content.decode()

    def test_cannot_read_or_move_another_cooperatives_part(self, staff_client, their_part):
        notes = OrderNote.objects.count()
        response = staff_client.post(
            reverse("workspace:order-part-move", kwargs={"pk": their_part.pk}),
            {"status": "cancelled", "seen_status": "pending", "reason": "Thử"},
        )
        assert response.status_code == 404
        cash = staff_client.post(reverse("workspace:order-part-cash", kwargs={"pk": their_part.pk}), {"amount": "0"})
        assert cash.status_code == 404
        their_part.refresh_from_db()
        assert their_part.status == "pending" and their_part.cancellation_reason == ""
        assert OrderNote.objects.count() == notes
        assert not Receipt.objects.exists()

    def test_a_stale_form_does_not_move_the_part_twice(self, staff_client, part):
        move(staff_client, part, "confirmed", seen="pending")
        response = move(staff_client, part, "confirmed", seen="pending")  # the same page, sent again
        part.refresh_from_db()
        assert part.status == "confirmed"
        [message] = shown_messages(response)
        assert "đã được chuyển sang “đã xác nhận”" in message and "Chưa có gì thay đổi" in message

    def test_the_lifecycle_refuses_a_move_from_a_status_the_part_has_left(self, staff, part):
        part_move(part=part, status="confirmed", user=staff, seen_status="pending")
        with pytest.raises(ValidationError) as refused:
            part_move(part=part, status="shipped", user=staff, seen_status="pending")
        assert refused.value.code == "stale"
        part.refresh_from_db()
        assert part.status == "confirmed"
        assert set(part.lines.values_list("status", flat=True)) == {"confirmed"}

    def test_a_page_opened_before_a_colleague_confirmed_cannot_cancel(self, staff_client, staff, part):
        part_move(part=part, status="confirmed", user=staff)  # a colleague, in another tab
        response = move(staff_client, part, "cancelled", seen="pending", reason="Hết rau")
        part.refresh_from_db()
        assert part.status == "confirmed"
        assert "Chưa có gì thay đổi" in shown_messages(response)[0]

    def test_cancelling_without_a_reason_is_refused_with_a_message(self, staff_client, part):
        response = move(staff_client, part, "cancelled", reason="   ")
        part.refresh_from_db()
        assert part.status == "pending"
        assert shown_messages(response) == ["Hãy ghi lý do huỷ, người mua sẽ đọc lý do này. Đơn hàng chưa bị huỷ."]

    def test_cancelling_with_a_reason_tells_the_buyer_why(self, staff_client, part, mailoutbox):
        move(staff_client, part, "cancelled", reason="Mưa đá làm dập rau")
        part.refresh_from_db()
        assert part.status == "cancelled" and part.cancellation_reason == "Mưa đá làm dập rau"
        assert "Mưa đá làm dập rau" in part_page(staff_client, part).content.decode()

    def test_a_step_the_pipeline_does_not_allow_is_refused(self, staff_client, part):
        response = move(staff_client, part, "delivered")
        part.refresh_from_db()
        assert part.status == "pending"
        assert "Chưa có gì thay đổi" in shown_messages(response)[0]

    def test_a_form_not_understood_changes_nothing(self, staff_client, part):
        response = move(staff_client, part, "shipped-yesterday")
        part.refresh_from_db()
        assert part.status == "pending"
        assert shown_messages(response) == ["Hãy chọn việc tiếp theo cho đơn hàng. Chưa có gì thay đổi."]


class TestCash:
    @pytest.fixture
    def delivered(self, part, staff):
        for status in ("confirmed", "shipped", "delivered"):
            part = part_move(part=part, status=status, user=staff)
        return part

    def test_staff_record_the_cash_collected(self, staff_client, delivered):
        html = part_page(staff_client, delivered).content.decode()
        total = int(Decimal("30000") + delivered.delivery_fee)
        assert f'value="{total}"' in html  # the amount due, ready to confirm
        response = staff_client.post(
            reverse("workspace:order-part-cash", kwargs={"pk": delivered.pk}), {"amount": str(total)}, follow=True
        )
        receipt = Receipt.objects.get(order_part=delivered)
        assert receipt.amount == total
        assert shown_messages(response)[0].startswith("Đã ghi ")
        html = response.content.decode()
        assert "Tiền mặt đã thu" in html and "Ghi tiền thu hộ" not in html

    def test_less_cash_needs_a_reason_and_records_nothing_without_one(self, staff_client, delivered):
        response = staff_client.post(
            reverse("workspace:order-part-cash", kwargs={"pk": delivered.pk}), {"amount": "1000"}, follow=True
        )
        assert not Receipt.objects.exists()
        [message] = shown_messages(response)
        assert message.startswith("Số tiền thu được ít hơn") and message.endswith("hãy ghi lý do.")

    def test_cash_in_words_is_refused_with_a_message(self, staff_client, delivered):
        response = staff_client.post(
            reverse("workspace:order-part-cash", kwargs={"pk": delivered.pk}), {"amount": "năm chục"}, follow=True
        )
        assert not Receipt.objects.exists()
        assert shown_messages(response) == ["Hãy nhập số tiền mặt đã thu, tính tròn đồng. Chưa ghi nhận gì."]
