"""Notes and reviews belong to an order's part.

A note a cooperative's staff write on an order (a free note, a line's cancellation) is about their
part: other cooperatives on the same order never read it; officers read every note, labelled with
its cooperative. A buyer may review a product only once the part holding it was delivered to them.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from cooperatives.services import cooperative_add_staff
from dashboard.orders.views import NOTE_REFUSED
from fulfilment import models as fulfilment_models
from fulfilment.models import OrderPart
from fulfilment.services import part_note_create
from lifecycle.parts import part_move as order_part_change_status
from payments.services import cash_on_delivery_type
from tests import factories

OrderNote = get_model("order", "OrderNote")
ProductReview = get_model("reviews", "ProductReview")
Source = get_model("payment", "Source")

REASON = "Hết gạo ST25 do mưa bão"
REVIEW = {"title": "Ngọt và giòn", "score": 4, "body": "Dưa lưới rất ngọt, giao nhanh."}
NOT_DELIVERED_YET = "You can review this product once it has been delivered to you."


def detail_url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def note_url(note):
    return reverse("dashboard:order-detail-note", kwargs={"number": note.order.number, "note_id": note.id})


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def translated(message):
    with translation.override("vi"):
        return str(message)


def page(client, user, order):
    """The order page as ``user`` sees it, in a browser of their own (no message left by another user)."""
    browser = Client()
    browser.force_login(user)
    return browser.get(detail_url(order)).content.decode()


def deliver(part, officer, *, until=OrderPart.Status.DELIVERED):
    for status in ("confirmed", "shipped", "delivered"):
        part = order_part_change_status(part=part, status=status, user=officer)
        if status == until:
            break
    return part


@pytest.fixture
def rice(site):
    return factories.cooperative(name="HTX Gạo Hóc Môn")


@pytest.fixture
def greens(site):
    return factories.cooperative(name="HTX Rau Củ Chi")


@pytest.fixture
def greens_staff(greens):
    return factories.cooperative_staff(greens, email="kho@rau-cuchi.example")


@pytest.fixture
def rice_staff(rice):
    return factories.cooperative_staff(rice, email="kho@gao-hocmon.example")


@pytest.fixture
def officer(site):
    officer = factories.officer(email="canbo@so-nong-nghiep.example")
    officer.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="order", codename__in=["view_order", "change_order"])
    )
    return officer


@pytest.fixture
def order(greens, rice):
    spinach = factories.product(greens, title="Rau muống Củ Chi", price=Decimal("50000"))
    st25 = factories.product(rice, title="Gạo ST25 Hóc Môn", price=Decimal("70000"))
    order = factories.order_with_parts((spinach, 1), (st25, 2))
    order.greens_part, order.rice_part = order.parts.get(cooperative=greens), order.parts.get(cooperative=rice)
    order.rice_line = order.lines.get(product=st25)
    return order


def cancel_line(client, staff, line, reason):
    client.force_login(staff)
    return client.post(
        detail_url(line.order),
        {
            "line_action": "change_line_statuses",
            "selected_line": [line.id],
            f"selected_line_qty_{line.id}": line.quantity,
            "new_status": "cancelled",
            "cancellation_reason": reason,
        },
    )


def write_note(client, user, order, message, **data):
    client.force_login(user)
    return client.post(detail_url(order), {"order_action": "save_note", "message": message, **data})


class TestNotesBelongToAPart:
    def test_another_cooperatives_cancellation_note_does_not_show_on_our_page(
        self, client, order, greens_staff, rice_staff, officer
    ):
        cancel_line(client, rice_staff, order.rice_line, REASON)
        ours = page(client, greens_staff, order)
        assert REASON not in ours and "kho@gao-hocmon.example" not in ours
        for reader in (rice_staff, officer):
            theirs = page(client, reader, order)
            assert REASON in theirs and "kho@gao-hocmon.example" in theirs

    def test_another_cooperatives_free_note_does_not_show_on_our_page(
        self, client, order, greens_staff, rice_staff, officer
    ):
        write_note(client, rice_staff, order, "Giao gạo trước Tết")
        ours = page(client, greens_staff, order)
        assert "Giao gạo trước Tết" not in ours and "kho@gao-hocmon.example" not in ours
        for reader in (rice_staff, officer):
            theirs = page(client, reader, order)
            assert "Giao gạo trước Tết" in theirs and "kho@gao-hocmon.example" in theirs

    def test_a_note_by_staff_is_tied_to_their_cooperatives_part(self, client, order, rice_staff):
        write_note(client, rice_staff, order, "Giao gạo trước Tết")
        cancel_line(client, rice_staff, order.rice_line, REASON)
        notes = fulfilment_models.PartNote.objects.filter(note__order=order).select_related("note")
        assert sorted((n.note.note_type, n.part_id) for n in notes) == [
            ("", order.rice_part.pk),
            ("Cancellation", order.rice_part.pk),
        ]

    def test_staff_cannot_address_a_note_to_another_cooperatives_part(self, client, order, greens_staff):
        write_note(client, greens_staff, order, "Gửi nhầm", part=order.rice_part.pk)
        note = OrderNote.objects.get(message="Gửi nhầm")
        assert note.part_note.part == order.greens_part

    def test_a_note_is_tied_only_to_a_part_its_author_may_act_on_of_its_own_order(
        self, order, greens_staff, rice_staff, officer
    ):
        note = OrderNote.objects.create(order=order, user=greens_staff, message="Gửi nhầm")
        with pytest.raises(PermissionDenied):
            part_note_create(note=note, part=order.rice_part)
        other_order = factories.order_with_parts((factories.product(order.greens_part.cooperative), 1))
        officers_note = OrderNote.objects.create(order=other_order, user=officer, message="Nhầm đơn")
        with pytest.raises(ValidationError):
            part_note_create(note=officers_note, part=order.greens_part)
        assert not fulfilment_models.PartNote.objects.exists()

    def test_cannot_edit_another_cooperatives_note(self, client, order, greens_staff, rice_staff):
        write_note(client, rice_staff, order, "Giao gạo trước Tết")
        note = OrderNote.objects.get(message="Giao gạo trước Tết")
        client.force_login(greens_staff)
        assert client.get(note_url(note)).context["note_form"].instance.pk is None
        response = client.post(note_url(note), {"order_action": "save_note", "message": "Đã sửa"})
        assert translated(NOTE_REFUSED) in shown_messages(response)
        assert OrderNote.objects.get(pk=note.pk).message == "Giao gạo trước Tết"
        assert not OrderNote.objects.filter(message="Đã sửa").exists()

    def test_cannot_delete_another_cooperatives_note(self, client, order, greens_staff, rice_staff):
        write_note(client, rice_staff, order, "Giao gạo trước Tết")
        note = OrderNote.objects.get(message="Giao gạo trước Tết")
        client.force_login(greens_staff)
        response = client.post(detail_url(order), {"order_action": "delete_note", "note_id": note.id})
        assert translated(NOTE_REFUSED) in shown_messages(response)
        assert OrderNote.objects.filter(pk=note.pk).exists()

    def test_staff_edit_and_delete_their_own_part_note(self, client, order, rice_staff):
        write_note(client, rice_staff, order, "Giao gạo trước Tết")
        note = OrderNote.objects.get(message="Giao gạo trước Tết")
        client.post(note_url(note), {"order_action": "save_note", "message": "Giao gạo sau Tết"})
        note.refresh_from_db()
        assert note.message == "Giao gạo sau Tết" and note.part_note.part == order.rice_part
        client.post(detail_url(order), {"order_action": "delete_note", "note_id": note.id})
        assert not OrderNote.objects.filter(pk=note.pk).exists()
        assert not fulfilment_models.PartNote.objects.exists()

    def test_officer_sees_each_note_labelled_with_its_cooperative(
        self, client, order, greens_staff, rice_staff, officer
    ):
        write_note(client, rice_staff, order, "Giao gạo trước Tết")
        write_note(client, greens_staff, order, "Rau giao buổi sáng")
        write_note(client, officer, order, "Đã gọi cho người mua")
        client.force_login(officer)
        response = client.get(detail_url(order))
        labels = {note.message: str(note.cooperative or "") for note in response.context["notes"]}
        assert labels == {
            "Giao gạo trước Tết": "HTX Gạo Hóc Môn",
            "Rau giao buổi sáng": "HTX Rau Củ Chi",
            "Đã gọi cho người mua": "",
        }
        html = response.content.decode()
        assert '<td class="note-cooperative">HTX Gạo Hóc Môn</td>' in html
        assert '<td class="note-cooperative">HTX Rau Củ Chi</td>' in html

    def test_an_officers_note_without_a_part_is_for_officers_only(
        self, client, order, greens_staff, rice_staff, officer
    ):
        write_note(client, officer, order, "Người mua khiếu nại")
        assert not fulfilment_models.PartNote.objects.exists()
        for staff in (greens_staff, rice_staff):
            assert "Người mua khiếu nại" not in page(client, staff, order)

    def test_officer_addresses_a_note_to_one_part(self, client, order, greens_staff, rice_staff, officer):
        write_note(client, officer, order, "Kiểm tra lại cân nặng", part=order.greens_part.pk)
        assert "Kiểm tra lại cân nặng" in page(client, greens_staff, order)
        assert "Kiểm tra lại cân nặng" not in page(client, rice_staff, order)

    def test_staff_of_two_cooperatives_on_one_order_choose_the_part(self, client, order, rice):
        both = factories.cooperative_staff(order.greens_part.cooperative)
        cooperative_add_staff(cooperative=rice, user=both)
        client.force_login(both)
        form = client.get(detail_url(order)).context["note_form"]
        assert [part.pk for part in form.fields["part"].queryset] == [order.rice_part.pk, order.greens_part.pk]
        assert form.fields["part"].initial == order.rice_part.pk  # the first, by cooperative name
        write_note(client, both, order, "Gộp hai kiện", part=order.greens_part.pk)
        assert OrderNote.objects.get(message="Gộp hai kiện").part_note.part == order.greens_part

    @pytest.mark.parametrize("n_notes", [5, 50])
    def test_order_page_query_count_does_not_grow_with_notes(
        self, client, order, greens_staff, rice_staff, officer, django_assert_max_num_queries, n_notes
    ):
        for n in range(n_notes):
            for staff in (greens_staff, rice_staff):
                write_note(client, staff, order, f"Ghi chú {n}")
        # The same bounds with 5 notes a cooperative and with 50.
        for reader, max_queries, n_read in ((greens_staff, 19, n_notes), (officer, 26, 2 * n_notes)):
            client.force_login(reader)
            client.get(detail_url(order))
            with django_assert_max_num_queries(max_queries):
                response = client.get(detail_url(order))
            assert len(response.context["notes"]) == n_read


def review_url(product):
    return reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})


def customer_order_url(order):
    return reverse("customer:order", kwargs={"order_number": order.number})


@pytest.fixture
def melon(greens):
    return factories.product(greens, title="Dưa lưới Củ Chi")


@pytest.fixture
def buyer(site):
    return factories.user()


@pytest.fixture
def cod_order(melon, buyer):
    """The buyer's order of the melon, paid in cash on delivery: nothing is paid before it arrives."""
    order = factories.order_with_parts((melon, 1), buyer=buyer)
    Source.objects.create(order=order, source_type=cash_on_delivery_type(), amount_allocated=order.total_incl_tax)
    order.part = order.parts.get()
    return order


@pytest.mark.usefixtures("english")
class TestReviewsAfterDelivery:
    @pytest.mark.parametrize("status", ["pending", "confirmed", "shipped"])
    def test_an_undelivered_cash_on_delivery_order_unlocks_no_review(
        self, client, melon, buyer, cod_order, officer, status
    ):
        if status != "pending":
            deliver(cod_order.part, officer, until=status)
        client.force_login(buyer)
        product_page = client.get(melon.get_absolute_url()).content.decode()
        assert 'id="write_review"' not in product_page
        assert NOT_DELIVERED_YET in product_page
        order_page = client.get(customer_order_url(cod_order)).content.decode()
        assert review_url(melon) not in order_page and "Write a review" not in order_page
        response = client.post(review_url(melon), REVIEW)
        assert response.status_code == 302
        assert shown_messages(response) == [NOT_DELIVERED_YET]
        assert not ProductReview.objects.exists()

    def test_after_the_part_is_delivered_the_buyer_reviews(self, client, melon, buyer, cod_order, officer):
        deliver(cod_order.part, officer)
        client.force_login(buyer)
        assert 'id="write_review"' in client.get(melon.get_absolute_url()).content.decode()
        order_page = client.get(customer_order_url(cod_order)).content.decode()
        assert review_url(melon) in order_page
        response = client.post(review_url(melon), REVIEW)
        assert response.status_code == 302
        assert ProductReview.objects.get(product=melon).user == buyer
        assert "Verified purchase" in client.get(melon.get_absolute_url()).content.decode()

    def test_another_buyers_delivered_order_does_not_unlock_it(self, client, melon, buyer, cod_order, officer):
        other = factories.order_with_parts((melon, 1))
        deliver(other.parts.get(), officer)
        client.force_login(buyer)
        assert 'id="write_review"' not in client.get(melon.get_absolute_url()).content.decode()
        client.post(review_url(melon), REVIEW)
        assert not ProductReview.objects.exists()

    def test_only_the_delivered_part_unlocks_its_own_products(self, client, melon, buyer, rice, officer):
        st25 = factories.product(rice, title="Gạo ST25 Hóc Môn")
        order = factories.order_with_parts((melon, 1), (st25, 1), buyer=buyer)
        deliver(order.parts.get(cooperative=rice), officer)
        client.force_login(buyer)
        order_page = client.get(customer_order_url(order)).content.decode()
        assert review_url(st25) in order_page and review_url(melon) not in order_page
        client.post(review_url(melon), REVIEW)
        client.post(review_url(st25), REVIEW)
        assert list(ProductReview.objects.values_list("product", flat=True)) == [st25.pk]

    def test_a_review_is_a_verified_purchase_only_once_delivered(self, client, melon, buyer, cod_order, officer):
        ProductReview.objects.create(product=melon, user=buyer, **REVIEW)  # written before the rule
        assert "Verified purchase" not in client.get(melon.get_absolute_url()).content.decode()
        deliver(cod_order.part, officer)
        cache.clear()  # the product page keeps its reviews for 5 minutes
        assert "Verified purchase" in client.get(melon.get_absolute_url()).content.decode()

    def test_the_reason_is_in_vietnamese_by_default(self, client, melon, buyer, cod_order):
        client.force_login(buyer)
        with translation.override("vi"):
            html = client.get(melon.get_absolute_url()).content.decode()
        assert "Bạn có thể đánh giá sản phẩm này sau khi đã nhận hàng." in html
