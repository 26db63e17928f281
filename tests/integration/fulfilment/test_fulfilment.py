"""A cooperative's staff fulfilling their own order lines, and the sales summary they and officers see."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import localdate, now
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from dashboard.orders.views import CANCELLATION_REASON_REQUIRED, LINE_CANCEL_REFUSED, OTHER_LINES_REFUSED
from lifecycle import parts as lifecycle
from tests import factories

Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
StockRecord = get_model("partner", "StockRecord")


def place_order(*items):
    """An order of ``(product, quantity)`` pairs with its parts, as checkout makes it."""
    return factories.order_with_parts(*items)


def detail_url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def translated(message, **params):
    with translation.override("vi"):
        return str(message) % params if params else str(message)


def money(amount):
    with translation.override("vi"):
        return currency(Decimal(amount), "VND")


def change_status(client, line, new_status, **data):
    data.update(
        line_action="change_line_statuses",
        selected_line=[line.id],
        new_status=new_status,
        **{f"selected_line_qty_{line.id}": line.quantity},
    )
    return client.post(detail_url(line.order), data)


def allocated(line):
    """How many units of ``line`` its stock record and the line itself still hold back."""
    line.refresh_from_db()
    return StockRecord.objects.get(pk=line.stockrecord_id).num_allocated, line.num_allocated


@pytest.fixture
def ours(site):
    return factories.cooperative(name="HTX Rau Củ Chi")


@pytest.fixture
def theirs(site):
    return factories.cooperative(name="HTX Gạo Hóc Môn")


@pytest.fixture
def staff(ours):
    return factories.cooperative_staff(ours)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def shared_order(ours, theirs):
    own = factories.product(ours, title="Rau muống Củ Chi", price=Decimal("50000"), stock=10)
    other = factories.product(theirs, title="Gạo ST25 Hóc Môn", price=Decimal("70000"), stock=10)
    order = place_order((own, 2), (other, 1))
    order.own_line, order.other_line = order.lines.get(product=own), order.lines.get(product=other)
    return order


class TestLineFulfilment:
    def test_confirms_ships_and_delivers_own_line(self, staff_client, shared_order):
        line = shared_order.own_line
        for status in ("confirmed", "shipped", "delivered"):
            change_status(staff_client, line, status)
            line.refresh_from_db()
            assert line.status == status
        html = staff_client.get(detail_url(shared_order)).content.decode()
        assert "<td>delivered</td>" in html

    def test_page_offers_a_reason_with_the_status_change(self, staff_client, shared_order):
        html = staff_client.get(detail_url(shared_order)).content.decode()
        assert 'name="cancellation_reason"' in html
        assert 'value="change_line_statuses"' in html

    def test_cancels_own_line_with_a_reason_and_puts_its_stock_back(
        self, staff, staff_client, shared_order, ours, theirs
    ):
        line = shared_order.own_line
        assert allocated(line) == (2, 2)
        response = change_status(staff_client, line, "cancelled", cancellation_reason="Hết hàng do mưa bão")
        line.refresh_from_db()
        assert line.status == "cancelled"
        assert allocated(line) == (0, 0)
        assert line.stockrecord.net_stock_level == 10  # all of it can be sold again
        [note] = OrderNote.objects.filter(order=shared_order)
        assert (note.note_type, note.user) == ("Cancellation", staff)
        assert f"#{line.id}" in note.message and "Rau muống Củ Chi" in note.message
        assert "Hết hàng do mưa bão" in note.message
        assert note.part_note.part.cooperative == ours  # read by our staff and officers only
        assert shown_messages(response) == [note.message]
        html = staff_client.get(detail_url(shared_order)).content.decode()
        assert "Hết hàng do mưa bão" in html and "Cancellation" in html
        # The other cooperative's line is untouched.
        assert allocated(shared_order.other_line) == (1, 1)

    @pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "blank"])
    def test_cannot_cancel_without_a_reason(self, staff_client, shared_order, reason):
        line = shared_order.own_line
        response = change_status(staff_client, line, "cancelled", cancellation_reason=reason)
        assert shown_messages(response) == [translated(CANCELLATION_REASON_REQUIRED)]
        line.refresh_from_db()
        assert line.status == "pending"
        assert allocated(line) == (2, 2)
        assert not OrderNote.objects.filter(order=shared_order).exists()

    def test_cannot_cancel_a_delivered_line(self, staff_client, shared_order):
        line = shared_order.own_line
        for status in ("confirmed", "shipped", "delivered"):
            line.set_status(status)
        response = change_status(staff_client, line, "cancelled", cancellation_reason="Khách đổi ý")
        assert shown_messages(response) == [translated(LINE_CANCEL_REFUSED, line_ids=line.id)]
        line.refresh_from_db()
        assert line.status == "delivered"
        assert allocated(line) == (2, 2)
        assert not OrderNote.objects.filter(order=shared_order).exists()

    @pytest.mark.parametrize(("start", "new_status"), [("pending", "delivered"), ("shipped", "confirmed")])
    def test_cannot_skip_or_go_back_in_the_pipeline(self, staff, staff_client, shared_order, start, new_status):
        line = shared_order.own_line
        part = shared_order.parts.get(cooperative__partner_id=line.partner_id)
        path = {"pending": [], "shipped": ["confirmed", "shipped"]}[start]
        for status in path:
            part = lifecycle.part_move(part=part, status=status, user=staff)
        response = change_status(staff_client, line, new_status)
        with translation.override("vi"):
            expected = translation.gettext(
                "The part of %(cooperative)s cannot go from “%(old)s” to “%(new)s”. Nothing was changed."
            ) % {
                "cooperative": part.cooperative.name,
                "old": translation.gettext(start),
                "new": translation.gettext(new_status),
            }
        assert shown_messages(response) == [expected]
        line.refresh_from_db()
        assert line.status == start

    def test_cannot_cancel_another_cooperatives_line(self, staff_client, shared_order):
        line = shared_order.other_line
        response = change_status(staff_client, line, "cancelled", cancellation_reason="Không phải của tôi")
        assert shown_messages(response) == [translated(OTHER_LINES_REFUSED)]
        line.refresh_from_db()
        assert line.status == "pending"
        assert allocated(line) == (1, 1)
        assert not OrderNote.objects.filter(order=shared_order).exists()

    def test_service_refuses_another_cooperatives_staff(self, theirs, shared_order):
        with pytest.raises(PermissionDenied):
            lifecycle.line_cancel(
                line=shared_order.own_line, user=factories.cooperative_staff(theirs), reason="Nhầm"
            )
        assert Line.objects.get(pk=shared_order.own_line.pk).status == "pending"

    def test_officer_cancels_any_line_with_a_reason(self, client, shared_order):
        officer = factories.user(is_staff=True, is_superuser=True)
        client.force_login(officer)
        line = shared_order.other_line
        change_status(client, line, "cancelled", cancellation_reason="HTX ngừng bán")
        line.refresh_from_db()
        assert line.status == "cancelled"
        assert allocated(line) == (0, 0)
        assert OrderNote.objects.get(order=shared_order).user == officer


@pytest.fixture
def market(ours, theirs, staff):
    """Sales of both cooperatives: some this month, some two months ago, one 13 months ago, one cancelled."""
    rau = factories.product(ours, title="Rau muống Củ Chi", price=Decimal("50000"), stock=1000)
    cai = factories.product(ours, title="Cải ngọt Củ Chi", price=Decimal("30000"), stock=1000)
    gao = factories.product(theirs, title="Gạo ST25 Hóc Môn", price=Decimal("70000"), stock=1000)
    place_order((rau, 2), (gao, 1))  # ours 100.000, theirs 70.000
    place_order((cai, 1))  # ours 30.000
    cancelled = place_order((rau, 5))  # ours 250.000, cancelled
    lifecycle.line_cancel(line=cancelled.lines.get(), user=staff, reason="Khách hủy")
    earlier = place_order((cai, 3), (gao, 2))  # ours 90.000, theirs 140.000
    too_old = place_order((rau, 1))  # ours 50.000, before the last 12 months
    Order.objects.filter(pk=earlier.pk).update(date_placed=now() - timedelta(days=62))
    Order.objects.filter(pk=too_old.pk).update(date_placed=now() - timedelta(days=400))
    return {"earlier_month": localdate(now() - timedelta(days=62)).replace(day=1)}


class TestSalesSummary:
    @staticmethod
    def summary(client):
        return client.get(reverse("dashboard:sales"))

    def test_counts_own_lines_only_without_cancelled_ones(self, staff_client, market):
        response = self.summary(staff_client)
        assert response.status_code == 200
        assert response.context["totals"] == {
            "revenue": Decimal("220000"),
            "num_orders": 3,
            "num_lines": 3,
            "units": 6,
        }
        html = response.content.decode()
        assert money(220000) == "220.000\xa0₫"
        assert money(220000) in html
        assert "Gạo ST25 Hóc Môn" not in html

    def test_groups_sales_by_month_over_the_last_12_months(self, staff_client, market):
        months = self.summary(staff_client).context["months"]
        assert len(months) == 12
        assert months[-1]["month"] == localdate().replace(day=1)
        by_month = {row["month"]: row for row in months}
        this_month = by_month[localdate().replace(day=1)]
        earlier = by_month[market["earlier_month"]]
        assert (this_month["revenue"], this_month["num_orders"], this_month["units"]) == (Decimal("130000"), 2, 3)
        assert (earlier["revenue"], earlier["num_orders"], earlier["units"]) == (Decimal("90000"), 1, 3)
        assert sum(row["num_lines"] for row in months) == 3

    def test_lists_top_products_by_revenue(self, staff_client, market):
        top = self.summary(staff_client).context["top_products"]
        assert [(row["title"], row["revenue"], row["units"]) for row in top] == [
            ("Cải ngọt Củ Chi", Decimal("120000"), 4),
            ("Rau muống Củ Chi", Decimal("100000"), 2),
        ]

    def test_officer_sees_the_whole_market(self, client, market):
        client.force_login(factories.officer())
        response = self.summary(client)
        assert response.context["totals"] == {
            "revenue": Decimal("430000"),
            "num_orders": 3,
            "num_lines": 5,
            "units": 9,
        }
        assert response.context["top_products"][0]["title"] == "Gạo ST25 Hóc Môn"
        assert money(430000) in response.content.decode()

    def test_is_in_the_workspace_menu_for_staff_and_the_dashboard_menu_for_officers(self, staff_client, client, site):
        assert reverse("dashboard:sales") in staff_client.get(reverse("workspace:more")).content.decode()
        client.force_login(factories.officer())
        assert reverse("dashboard:sales") in client.get(reverse("dashboard:index")).content.decode()

    def test_is_closed_to_customers(self, client, site):
        client.force_login(factories.user())
        response = self.summary(client)
        assert response.status_code in (302, 403)

    @pytest.mark.parametrize("n_orders", [3, 30])
    def test_query_count_does_not_grow_with_orders(
        self, staff_client, ours, theirs, django_assert_max_num_queries, n_orders
    ):
        products = [factories.product(ours, stock=1000) for _ in range(3)]
        other = factories.product(theirs, stock=1000)
        for n in range(n_orders):
            place_order((products[n % 3], 1), (other, 1))
        with django_assert_max_num_queries(12):
            response = self.summary(staff_client)
        assert response.context["totals"]["num_orders"] == n_orders
