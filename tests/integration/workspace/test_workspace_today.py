"""Today: what needs a cooperative's staff now, exact on data meant to mislead, in a fixed number of queries."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import ProductReviewFactory

from lifecycle.parts import part_move
from lifecycle.receipts import cash_record
from payments import ledger
from payments.models import CommissionRate, OrderPayment, PaymentMethod
from tests import factories
from tests.integration.workspace.test_workspace_orders import copies_of

pytestmark = pytest.mark.django_db

ProductReview = get_model("reviews", "ProductReview")
StockRecord = get_model("partner", "StockRecord")
# Today, whatever the number of orders, products and reviews.
TODAY_QUERIES = 16


def today_page(client):
    return client.get(reverse("workspace:today")).content.decode()


def block(html, block_id):
    start = html.index(f'id="{block_id}"')
    return html[start : html.index("</section>", start)]


def count_in(html, block_id):
    """The count in the heading of the block ``block_id`` of ``html`` (a page, or that block)."""
    if not html.startswith(f'id="{block_id}"'):
        html = block(html, block_id)
    return int(html.split("data-count>")[1].split("<")[0])


@pytest.fixture
def greens(cooperative):
    return factories.product(cooperative, title="Rau muống", price=Decimal("15000"))


@pytest.fixture
def other_coop(db):
    return factories.cooperative(name="HTX Gạo Hóc Môn")


def parts_moved_to(product, staff, path, count=1):
    parts = []
    for _ in range(count):
        part = factories.order_with_parts((product, 1)).parts.get()
        for status in path:
            part = part_move(part=part, status=status, user=staff)
        parts.append(part)
    return parts


class TestOrdersToday:
    def test_new_parts_to_confirm_and_to_hand_over_each_link_to_the_part(self, staff_client, staff, greens, other_coop):
        [pending] = parts_moved_to(greens, staff, [])
        [confirmed] = parts_moved_to(greens, staff, ["confirmed"])
        parts_moved_to(greens, staff, ["confirmed", "shipped"])
        parts_moved_to(greens, staff, ["cancelled"])
        theirs = factories.order_with_parts((factories.product(other_coop), 1)).parts.get()

        html = today_page(staff_client)

        assert count_in(html, "to-confirm") == 1
        assert count_in(html, "to-ship") == 1
        assert reverse("workspace:order-part", kwargs={"pk": pending.pk}) in block(html, "to-confirm")
        assert reverse("workspace:order-part", kwargs={"pk": confirmed.pk}) in block(html, "to-ship")
        assert f'data-part="{theirs.pk}"' not in html

    def test_shows_five_and_leads_to_the_rest_oldest_first(self, staff_client, staff, greens):
        parts = parts_moved_to(greens, staff, [], count=7)
        html = block(today_page(staff_client), "to-confirm")
        assert html.count("data-part=") == 5
        assert f'data-part="{parts[0].pk}"' in html and f'data-part="{parts[6].pk}"' not in html
        assert f"{reverse('workspace:orders')}?status=pending" in html
        assert "7" in html.split("data-count>")[1][:3]

    def test_english_under_en(self, staff_client, staff, greens):
        parts_moved_to(greens, staff, [])
        html = staff_client.get(f"/en{reverse('workspace:today')}").content.decode()
        assert "New orders to confirm" in html and "Next payout" in html and "Running low" in html

    def test_nothing_to_do_says_so(self, staff_client):
        html = today_page(staff_client)
        assert "Không có đơn hàng mới nào chờ xác nhận." in html
        assert "Sản phẩm nào cũng còn đủ hàng." in html


class TestLowStock:
    def test_stock_at_or_below_the_threshold_less_what_is_reserved(
        self, staff_client, cooperative, other_coop, settings
    ):
        settings.LOW_STOCK_THRESHOLD = 5
        at = factories.product(cooperative, title="Cải ngọt", stock=5)
        above = factories.product(cooperative, title="Cải xoăn", stock=6)
        reserved = factories.product(cooperative, title="Dưa leo", stock=8)
        StockRecord.objects.filter(product=reserved).update(num_allocated=3)
        empty = factories.product(cooperative, title="Bí đỏ", stock=0)
        off_sale = factories.product(cooperative, title="Khổ qua", stock=1)
        off_sale.is_public = False
        off_sale.save()
        factories.product(other_coop, title="Gạo ST25", stock=1)
        oversold = factories.product(cooperative, title="Mướp", stock=2)
        StockRecord.objects.filter(product=oversold).update(num_allocated=5)

        html = block(today_page(staff_client), "low-stock")

        titles = ("Bí đỏ", "Mướp", "Cải ngọt", "Dưa leo", "Cải xoăn", "Khổ qua", "Gạo ST25")
        shown = [title for title in titles if title in html]
        assert shown == ["Bí đỏ", "Mướp", "Cải ngọt", "Dưa leo"]
        assert html.index("Bí đỏ") < html.index("Mướp") < html.index("Cải ngọt")  # the emptiest first, then by name
        assert "còn -" not in html  # more reserved than in stock: none left, not a negative
        assert count_in(html, "low-stock") == 4
        assert "còn 5" in html and "còn 0" in html
        assert reverse("workspace:products") in html
        assert f'data-product="{above.pk}"' not in html and f'data-product="{at.pk}"' in html
        assert f'data-product="{empty.pk}"' in html


    def test_each_low_product_leads_to_its_form_and_the_list_agrees(self, staff_client, cooperative, settings):
        settings.LOW_STOCK_THRESHOLD = 5
        low = factories.product(cooperative, title="Cải ngọt", stock=2)
        reserved = factories.product(cooperative, title="Dưa leo", stock=8)
        StockRecord.objects.filter(product=reserved).update(num_allocated=4)
        factories.product(cooperative, title="Cải xoăn", stock=6)

        html = block(today_page(staff_client), "low-stock")
        assert reverse("workspace:product-edit", args=[low.pk]) in html
        assert reverse("workspace:product-edit", args=[reserved.pk]) in html
        assert reverse("workspace:products") + "?show=low" in html

        listed = staff_client.get(reverse("workspace:products"), {"show": "low"}).content.decode()
        assert "Cải ngọt" in listed and "Dưa leo" in listed and "Cải xoăn" not in listed


class TestReviews:
    def test_approved_reviews_of_own_products_from_the_last_seven_days(self, staff_client, greens, other_coop):
        recent = ProductReviewFactory(product=greens, title="Rau rất tươi", score=5, status=ProductReview.APPROVED)
        old = ProductReviewFactory(product=greens, title="Rau hơi héo", score=2, status=ProductReview.APPROVED)
        ProductReview.objects.filter(pk=old.pk).update(date_created=timezone.now() - timedelta(days=8))
        ProductReviewFactory(product=greens, title="Chờ duyệt", status=ProductReview.FOR_MODERATION)
        ProductReviewFactory(product=factories.product(other_coop), title="Gạo thơm", status=ProductReview.APPROVED)

        html = block(today_page(staff_client), "reviews")

        assert "Rau rất tươi" in html and "5/5 sao" in html
        assert "Rau hơi héo" not in html and "Chờ duyệt" not in html and "Gạo thơm" not in html
        assert count_in(html, "reviews") == 1
        assert greens.get_absolute_url() in html
        assert f'data-review="{recent.pk}"' in html


class TestMoney:
    def test_balance_next_payout_and_cash_to_record(self, staff_client, staff, cooperative, greens):
        CommissionRate.objects.create(percent=Decimal("5"), valid_from=datetime.date(2020, 1, 1))
        # Paid by transfer: the market holds 15.000 ₫ + fee, less 5 % commission, for the cooperative.
        by_transfer = factories.order_with_parts((greens, 1))
        OrderPayment.objects.create(order=by_transfer, method=PaymentMethod.BANK_TRANSFER, amount=Decimal(1))
        factories.pay(by_transfer)
        # Two cash parts delivered: one's cash recorded (the cooperative owes commission on it), one's not.
        recorded, unrecorded = parts_moved_to(greens, staff, ["confirmed", "shipped", "delivered"], count=2)
        cash_record(part=recorded, amount=Decimal(15000) + recorded.delivery_fee, user=staff)

        html = block(today_page(staff_client), "money")

        balance = ledger.balance(cooperative)
        assert balance > 0
        assert html.split("data-balance>")[1].startswith(f"{balance:,.0f}".replace(",", "."))
        assert html.split("data-next-payout>")[1].startswith(f"{balance:,.0f}".replace(",", "."))
        due = Decimal(15000) + unrecorded.delivery_fee
        assert html.split("data-cash>")[1].startswith(f"{due:,.0f}".replace(",", "."))
        assert "Ghi tiền thu hộ của 1 đơn hàng" in html
        assert f"{reverse('workspace:orders')}?status=cash" in html
        assert "data-owed" not in html

    def test_a_cash_only_cooperative_sees_the_commission_it_owes(self, staff_client, staff, greens):
        CommissionRate.objects.create(percent=Decimal("10"), valid_from=datetime.date(2020, 1, 1))
        [part] = parts_moved_to(greens, staff, ["confirmed", "shipped", "delivered"])
        cash_record(part=part, amount=Decimal(100000), user=staff)

        html = block(today_page(staff_client), "money")

        assert html.split("data-owed>")[1].startswith("10.000")
        assert html.split("data-next-payout>")[1].startswith("0")
        assert html.split("data-cash>")[1].startswith("0")


@pytest.mark.parametrize("count", [10, 500])
def test_query_count_does_not_grow_with_orders(
    staff_client, staff, cooperative, greens, count, settings, django_assert_max_num_queries
):
    settings.LOW_STOCK_THRESHOLD = 5
    [pending] = parts_moved_to(greens, staff, [])
    copies_of(pending.order, count // 2)
    [confirmed] = parts_moved_to(greens, staff, ["confirmed"])
    copies_of(confirmed.order, count // 2 - 2)
    for index in range(6):
        product = factories.product(cooperative, title=f"Rau {index}", stock=index)
        ProductReviewFactory(product=product, status=ProductReview.APPROVED)

    with django_assert_max_num_queries(TODAY_QUERIES):
        html = today_page(staff_client)

    assert count_in(html, "to-confirm") == count // 2 + 1
    assert count_in(html, "low-stock") == 6
    assert count_in(html, "reviews") == 6
