"""An order's parts, one per cooperative: created with the order, moved on by their own cooperative only."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from fulfilment import signals
from fulfilment.models import OrderPart
from fulfilment.services import order_parts_create
from lifecycle.parts import part_move as order_part_change_status
from tests import factories

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
# The buyer's order history (a page of up to 20 orders), whatever the number of orders and parts.
ORDER_HISTORY_QUERIES = 17


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def greens(site):
    return factories.cooperative(
        name="HTX Rau Củ Chi", delivery_fee=Decimal("20000"), offers_pickup=True, pickup_address="Ấp 2, Tân Thông Hội"
    )


@pytest.fixture
def rice(site):
    return factories.cooperative(name="HTX Gạo Hóc Môn", delivery_fee=Decimal("30000"))


@pytest.fixture
def order(greens, rice):
    spinach = factories.product(greens, title="Rau muống", price=Decimal("15000"))
    kale = factories.product(greens, title="Cải xoăn", price=Decimal("40000"))
    st25 = factories.product(rice, title="Gạo ST25", price=Decimal("38000"))
    return factories.order_with_parts((spinach, 2), (kale, 1), (st25, 3), choices={greens: "pickup"})


def part_of(order, cooperative):
    return order.parts.get(cooperative=cooperative)


class TestOrderPartsCreate:
    def test_one_part_per_cooperative_with_its_lines_and_fee(self, order, greens, rice):
        greens_part, rice_part = part_of(order, greens), part_of(order, rice)

        assert order.parts.count() == 2
        assert sorted(line.title for line in greens_part.lines) == ["Cải xoăn", "Rau muống"]
        assert [line.title for line in rice_part.lines] == ["Gạo ST25"]
        assert (greens_part.delivery_method, greens_part.delivery_fee) == ("pickup", 0)
        assert (rice_part.delivery_method, rice_part.delivery_fee) == ("delivery", 30000)
        assert {greens_part.status, rice_part.status} == {"pending"}

    def test_refuses_a_method_the_cooperative_does_not_offer_and_writes_nothing(self, rice, english):
        basket_order = factories.order_with_parts((factories.product(rice), 1))
        basket_order.parts.all().delete()

        with pytest.raises(ValidationError) as error:
            order_parts_create(order=basket_order, choices={rice.pk: "pickup"}, language="en")

        assert "HTX Gạo Hóc Môn no longer offers pickup" in error.value.messages[0]
        assert not basket_order.parts.exists()

    def test_refuses_an_order_with_a_cooperative_left_without_a_choice(self, greens, rice):
        basket_order = factories.order_with_parts((factories.product(greens), 1), (factories.product(rice), 1))
        basket_order.parts.all().delete()

        with pytest.raises(ValidationError):
            order_parts_create(order=basket_order, choices={greens.pk: "delivery"}, language="vi")

        assert not basket_order.parts.exists()

    def test_announces_the_parts_once_committed(self, rice, django_capture_on_commit_callbacks):
        received = []

        def receiver(sender, order, parts, **kwargs):
            received.append((order, parts))

        signals.order_parts_created.connect(receiver)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                placed = factories.order_with_parts((factories.product(rice), 1), language="en")
        finally:
            signals.order_parts_created.disconnect(receiver)

        assert len(received) == 1
        assert received[0][0] == placed
        assert [part.language for part in received[0][1]] == ["en"]


class TestOrderPartChangeStatus:
    def test_staff_move_their_part_and_its_lines_follow(self, order, greens, rice):
        staff = factories.cooperative_staff(greens)

        order_part_change_status(part=part_of(order, greens), status="confirmed", user=staff)

        assert part_of(order, greens).status == "confirmed"
        assert {line.status for line in part_of(order, greens).lines} == {"confirmed"}
        assert part_of(order, rice).status == "pending"
        assert {line.status for line in part_of(order, rice).lines} == {"pending"}

    def test_announces_the_change_once_committed(self, order, greens, django_capture_on_commit_callbacks):
        staff = factories.cooperative_staff(greens)
        received = []

        def receiver(sender, part, old_status, new_status, user, **kwargs):
            received.append((part.pk, old_status, new_status, user))

        signals.order_part_status_changed.connect(receiver)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                order_part_change_status(part=part_of(order, greens), status="confirmed", user=staff)
        finally:
            signals.order_part_status_changed.disconnect(receiver)

        assert received == [(part_of(order, greens).pk, "pending", "confirmed", staff)]

    def test_refuses_a_jump_along_the_pipeline(self, order, greens):
        staff = factories.cooperative_staff(greens)

        with translation.override("en"), pytest.raises(ValidationError) as error:
            order_part_change_status(part=part_of(order, greens), status="delivered", user=staff)

        assert error.value.messages == [
            "The part of HTX Rau Củ Chi cannot go from “pending” to “delivered”. Nothing was changed."
        ]
        assert part_of(order, greens).status == "pending"

    def test_refuses_another_cooperatives_staff(self, order, greens, rice):
        outsider = factories.cooperative_staff(rice)

        with pytest.raises(PermissionDenied):
            order_part_change_status(part=part_of(order, greens), status="confirmed", user=outsider)

        assert part_of(order, greens).status == "pending"

    def test_cancelling_puts_the_stock_back_on_sale(self, order, rice):
        line = part_of(order, rice).lines.get()
        stockrecord = StockRecord.objects.get(pk=line.stockrecord_id)
        assert stockrecord.num_allocated == 3

        order_part_change_status(part=part_of(order, rice), status="cancelled", user=factories.officer())

        stockrecord.refresh_from_db()
        assert stockrecord.num_allocated == 0
        assert part_of(order, rice).lines.get().status == "cancelled"

    def test_full_pipeline_to_delivered(self, order, rice):
        staff = factories.cooperative_staff(rice)
        for status in ("confirmed", "shipped", "delivered"):
            order_part_change_status(part=part_of(order, rice), status=status, user=staff)

        assert part_of(order, rice).status == "delivered"
        assert part_of(order, rice).available_statuses() == []


class TestDashboardParts:
    def test_staff_see_their_part_with_its_next_statuses_only(self, client, order, greens, rice):
        client.force_login(factories.cooperative_staff(greens))

        response = client.get(en("dashboard:order-detail", number=order.number))

        html = response.content.decode()
        assert "Your part" in html
        assert [part.cooperative for part in response.context["parts"]] == [greens]
        greens_part = part_of(order, greens)
        assert en("fulfilment:part-status", pk=greens_part.pk) in html
        assert en("fulfilment:part-status", pk=part_of(order, rice).pk) not in html
        assert 'value="confirmed"' in html and 'value="cancelled"' in html

    def test_staff_move_their_part_from_the_order_page(self, client, order, greens):
        client.force_login(factories.cooperative_staff(greens))

        response = client.post(en("fulfilment:part-status", pk=part_of(order, greens).pk), {"status": "confirmed"})

        assert response.status_code == 302
        assert response.url.endswith("#parts")
        assert part_of(order, greens).status == "confirmed"
        assert shown_messages(response) == ["The part of HTX Rau Củ Chi is now “confirmed”."]

    def test_cooperative_a_cannot_change_cooperative_bs_part(self, client, order, greens, rice):
        client.force_login(factories.cooperative_staff(rice))
        before = {line.pk: line.status for line in order.lines.all()}

        response = client.post(en("fulfilment:part-status", pk=part_of(order, greens).pk), {"status": "cancelled"})

        assert shown_messages(response) == [
            "You can only change your own cooperative's part of an order. Nothing was changed."
        ]
        assert part_of(order, greens).status == "pending"
        assert {line.pk: line.status for line in order.lines.all()} == before
        assert StockRecord.objects.filter(num_allocated__gt=0).count() == 3

    def test_a_bad_transition_gets_a_message(self, client, order, greens):
        client.force_login(factories.cooperative_staff(greens))

        response = client.post(en("fulfilment:part-status", pk=part_of(order, greens).pk), {"status": "shipped"})

        assert shown_messages(response) == [
            "The part of HTX Rau Củ Chi cannot go from “pending” to “shipped”. Nothing was changed."
        ]
        assert part_of(order, greens).status == "pending"

    def test_officers_see_and_move_every_part(self, client, order, greens, rice):
        officer = factories.user(is_staff=True, is_superuser=True)
        client.force_login(officer)

        response = client.get(en("dashboard:order-detail", number=order.number))
        assert [part.cooperative for part in response.context["parts"]] == [rice, greens]  # by name
        client.post(en("fulfilment:part-status", pk=part_of(order, rice).pk), {"status": "confirmed"})

        assert part_of(order, rice).status == "confirmed"

    def test_buyers_and_strangers_cannot_move_a_part(self, client, order, greens):
        client.force_login(order.user)
        client.post(en("fulfilment:part-status", pk=part_of(order, greens).pk), {"status": "cancelled"})
        client.logout()
        response = client.post(en("fulfilment:part-status", pk=part_of(order, greens).pk), {"status": "cancelled"})

        assert response.status_code == 302 and "login" in response.url
        assert part_of(order, greens).status == OrderPart.Status.PENDING


class TestBuyerSeesParts:
    @pytest.fixture
    def buyer_client(self, client, order):
        client.force_login(order.user)
        return client

    def test_order_history_shows_each_cooperatives_part_and_status(self, buyer_client, order, greens, rice):
        order_part_change_status(part=part_of(order, rice), status="confirmed", user=factories.officer())

        html = buyer_client.get(en("customer:order-list")).content.decode()

        assert str(order.number) in html
        assert "HTX Rau Củ Chi: pickup – <strong>pending</strong>" in html
        assert "HTX Gạo Hóc Môn: delivery – <strong>confirmed</strong>" in html

    @pytest.mark.parametrize("more_orders", [4, 19])
    def test_order_history_query_count_does_not_grow_with_orders(
        self, buyer_client, order, rice, more_orders, django_assert_max_num_queries
    ):
        for _ in range(more_orders):
            factories.order_with_parts((factories.product(rice), 1), buyer=order.user)

        with django_assert_max_num_queries(ORDER_HISTORY_QUERIES):
            html = buyer_client.get(en("customer:order-list")).content.decode()

        assert html.count('class="order-part"') >= more_orders

    def test_order_page_shows_each_part_with_its_delivery_fee_and_status(self, buyer_client, order):
        html = buyer_client.get(en("customer:order", order_number=order.number)).content.decode()

        parts = html[html.index('id="order-parts"') :]
        assert parts.index("HTX Gạo Hóc Môn") < parts.index("HTX Rau Củ Chi")
        assert "Pickup at the cooperative: Ấp 2, Tân Thông Hội" in parts
        assert "Fee: 30.000\xa0₫" in parts and "Fee: 0\xa0₫" in parts
        assert parts.count("pending") >= 2

    def test_guest_order_status_page_shows_the_parts(self, client, greens, rice):
        order = factories.order_with_parts(
            (factories.product(greens), 1), (factories.product(rice), 1), buyer=AnonymousUser()
        )
        order.guest_email = "khach@example.com"
        order.save()
        session = client.session
        session["anon_order_email"] = "khach@example.com"  # what Oscar's order-status form stores
        session.save()
        url = en("customer:anon-order", order_number=order.number, hash=order.verification_hash())

        html = client.get(url).content.decode()

        assert "Your order, by cooperative" in html
        assert "HTX Gạo Hóc Môn" in html and "HTX Rau Củ Chi" in html

    def test_reorder_the_whole_order(self, buyer_client, order):
        buyer_client.post(en("customer:order", order_number=order.number), {"order_id": order.pk, "action": "reorder"})

        basket = buyer_client.get(en("basket:summary")).context["basket"]
        assert sorted((line.product.title, line.quantity) for line in basket.all_lines()) == [
            ("Cải xoăn", 1),
            ("Gạo ST25", 3),
            ("Rau muống", 2),
        ]

    def test_reorder_one_line(self, buyer_client, order, rice):
        line = part_of(order, rice).lines.get()

        buyer_client.post(en("customer:order-line", order_number=order.number, line_id=line.pk), {"action": "reorder"})

        basket = buyer_client.get(en("basket:summary")).context["basket"]
        assert [(line.product.title, line.quantity) for line in basket.all_lines()] == [("Gạo ST25", 3)]
