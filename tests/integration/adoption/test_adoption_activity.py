"""Onboarding, buyers and sales for the dashboard: activity.py on known data, and as the officer sees them."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from adoption import activity
from cooperatives.models import Application, Cooperative, Decision
from fulfilment.models import OrderPart
from tests import factories

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")
TODAY = datetime.date(2026, 11, 29)
AN_PHU = "27502"  # Củ Chi
TAN_KIEN = "27616"  # Bình Chánh


@pytest.fixture
def geography(db):
    factories.real_geography()


def at(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def placed_on(order, day):
    Order.objects.filter(pk=order.pk).update(date_placed=at(day))
    return order


def vietnam():
    return Country.objects.get_or_create(iso_3166_1_a2="VN", defaults={"name": "Việt Nam"})[0]


_numbers = itertools.count(1)


def application(officer=None, *, filed_days_before_approval=None):
    n = next(_numbers)
    app = Application.objects.create(
        applicant=factories.user(),
        cooperative_name=f"HTX Ứng tuyển {n}",
        registration_code=f"APP-{n:05d}",
        commune=factories.unit(AN_PHU),
        legal_representative="Trần Văn Bình",
        phone="0909123456",
        member_count=12,
        main_products="Rau",
    )
    if filed_days_before_approval is not None:
        coop = factories.cooperative(commune=app.commune)
        app.cooperative = coop
        app.status = Application.Status.APPROVED
        app.save()
        decision = Decision.objects.create(
            application=app, cooperative=coop, officer=officer, action=Decision.Action.APPROVED
        )
        Application.objects.filter(pk=app.pk).update(submitted_at=at(TODAY))
        Decision.objects.filter(pk=decision.pk).update(
            decided_at=at(TODAY) + datetime.timedelta(days=filed_days_before_approval)
        )
    return app


class TestOnboardingFunnel:
    def test_each_stage_counts_a_subset_of_the_one_before(self, site, geography):
        commune = factories.unit(AN_PHU)
        factories.cooperative(commune=commune, status=Cooperative.Status.APPLIED)
        factories.cooperative(commune=commune)  # verified only
        with_shop = factories.cooperative(commune=commune)
        factories.storefront(with_shop)
        selling = factories.cooperative(commune=commune)
        factories.storefront(selling)
        factories.product(coop=selling)
        ordered = factories.cooperative(commune=commune)
        factories.storefront(ordered)
        factories.order_with_parts((factories.product(coop=ordered), 1))
        factories.cooperative(commune=commune, status=Cooperative.Status.SUSPENDED)
        application()  # still under review: applied, nothing more

        funnel = activity.onboarding_funnel(timezone.localdate())

        assert [(stage.key, stage.count) for stage in funnel] == [
            ("applied", 7),
            ("verified", 4),
            ("storefront", 3),
            ("product", 2),
            ("ordered", 1),
        ]
        counts = [stage.count for stage in funnel]
        assert counts == sorted(counts, reverse=True)

    def test_an_order_older_than_90_days_or_cancelled_leaves_the_last_stage(self, site, geography):
        old = factories.cooperative(commune=factories.unit(AN_PHU))
        factories.storefront(old)
        order = factories.order_with_parts((factories.product(coop=old), 1))
        OrderPart.objects.filter(order=order).update(created_at=at(TODAY - datetime.timedelta(days=91)))
        cancelled = factories.cooperative(commune=factories.unit(AN_PHU))
        factories.storefront(cancelled)
        order = factories.order_with_parts((factories.product(coop=cancelled), 1))
        OrderPart.objects.filter(order=order).update(status=OrderPart.Status.CANCELLED, created_at=at(TODAY))

        funnel = {stage.key: stage.count for stage in activity.onboarding_funnel(TODAY)}

        assert funnel["product"] == 2
        assert funnel["ordered"] == 0


class TestMedianDaysToVerification:
    def test_median_of_the_approved_applications(self, geography):
        officer = factories.officer()
        for days in (2, 4, 9):
            application(officer, filed_days_before_approval=days)
        application()  # not decided: not counted

        assert activity.median_days_to_verification() == 4.0

    def test_none_before_the_first_approval(self, geography):
        application()
        assert activity.median_days_to_verification() is None


class TestActiveBuyers:
    def test_accounts_and_guests_with_an_order_in_the_last_90_days(self, geography):
        coop = factories.cooperative(commune=factories.unit(AN_PHU))
        item = factories.product(coop=coop)
        regular = factories.user()
        placed_on(factories.order_with_parts((item, 1), buyer=regular), TODAY - datetime.timedelta(days=3))
        placed_on(factories.order_with_parts((item, 1), buyer=regular), TODAY - datetime.timedelta(days=40))
        placed_on(factories.order_with_parts((item, 1)), TODAY - datetime.timedelta(days=89))
        for email in ("khach@example.com", "khach@example.com", "ban@example.com"):
            order = placed_on(factories.order_with_parts((item, 1)), TODAY - datetime.timedelta(days=5))
            Order.objects.filter(pk=order.pk).update(user=None, guest_email=email)
        placed_on(factories.order_with_parts((item, 1)), TODAY - datetime.timedelta(days=120))  # too old

        # two accounts and two guests (one of them ordered twice)
        assert activity.active_buyers(TODAY) == 4

    def test_guests_without_an_e_mail_count_once_per_mobile_number(self, geography):
        coop = factories.cooperative(commune=factories.unit(AN_PHU))
        item = factories.product(coop=coop)

        def guest_order(email, phone):
            order = placed_on(factories.order_with_parts((item, 1)), TODAY - datetime.timedelta(days=5))
            Order.objects.filter(pk=order.pk).update(user=None, guest_email=email)
            if phone is None:
                order.shipping_address = None
            else:
                order.shipping_address = ShippingAddress.objects.create(
                    first_name="Khách", line1="12 Lê Lợi", phone_number=phone, country=vietnam()
                )
            order.save(update_fields=["shipping_address"])

        guest_order("", "090 123 4567")
        guest_order("", "+84901234567")  # the same mobile, written otherwise: one buyer
        guest_order("", "0901234567")
        guest_order("", "0912345678")  # another buyer
        guest_order("Mua@Example.com", "0987654321")  # by e-mail, whatever the case
        guest_order("mua@example.com", "0987654321")
        guest_order("", None)  # neither: nobody to count
        guest_order("", "")

        assert activity.active_buyers(TODAY) == 3

    def test_a_guest_is_counted_once_when_orders_share_the_e_mail_or_the_mobile(self, geography):
        coop = factories.cooperative(commune=factories.unit(AN_PHU))
        item = factories.product(coop=coop)

        def guest_order(email, phone):
            order = placed_on(factories.order_with_parts((item, 1)), TODAY - datetime.timedelta(days=5))
            address = None
            if phone is not None:
                address = ShippingAddress.objects.create(
                    first_name="Khách", line1="12 Lê Lợi", phone_number=phone, country=vietnam()
                )
            Order.objects.filter(pk=order.pk).update(user=None, guest_email=email, shipping_address=address)

        # One buyer, linked only through a chain: e-mail → mobile → e-mail → mobile → another e-mail.
        guest_order("lan@example.com", "0901234567")
        guest_order("", "090 123 4567")
        guest_order("LAN@example.com", "0912345678")
        guest_order("lan.nguyen@example.com", "+84912345678")
        guest_order("lan.nguyen@example.com", None)
        # Another: an e-mail alone first, then the same e-mail with a mobile, then the mobile alone.
        guest_order("binh@example.com", None)
        guest_order("Binh@Example.com", "0987654321")
        guest_order("", "0987 654 321")
        # A third, by mobile only; and an order with neither, which counts nobody.
        guest_order("", "0933333333")
        guest_order("", "")

        assert activity.active_buyers(TODAY) == 3


class TestSalesByDistrictAndMonth:
    def test_sales_in_vnd_per_old_district_and_month_without_cancelled_parts(self, geography):
        cu_chi = factories.cooperative(commune=factories.unit(AN_PHU))
        binh_chanh = factories.cooperative(commune=factories.unit(TAN_KIEN))
        rice = factories.product(coop=cu_chi, price=Decimal("50000"))
        herbs = factories.product(coop=binh_chanh, price=Decimal("30000"))
        both = placed_on(factories.order_with_parts((rice, 2), (herbs, 1)), datetime.date(2026, 11, 3))
        OrderPart.objects.filter(order=both, cooperative=binh_chanh).update(status=OrderPart.Status.CANCELLED)
        placed_on(factories.order_with_parts((herbs, 3)), datetime.date(2026, 9, 30))
        placed_on(factories.order_with_parts((rice, 1)), datetime.date(2025, 11, 30))  # 12 months back, too old

        months, table = activity.sales_by_district_and_month(TODAY)

        assert months[0] == datetime.date(2025, 12, 1) and months[-1] == datetime.date(2026, 11, 1)
        cu_chi_id, binh_chanh_id = cu_chi.commune.parent_id, binh_chanh.commune.parent_id
        november, september = datetime.date(2026, 11, 1), datetime.date(2026, 9, 1)
        assert table[cu_chi_id][november].orders == 1
        assert table[cu_chi_id][november].sales == Decimal("100000")
        assert november not in table.get(binh_chanh_id, {})  # its part was cancelled
        assert table[binh_chanh_id][september].orders == 1
        assert table[binh_chanh_id][september].sales == Decimal("90000")
        assert sum(cell.sales for cells in table.values() for cell in cells.values()) == Decimal("190000")

    def test_rolled_up_months_give_the_same_table_and_a_late_cancellation_is_picked_up(self, geography):
        from adoption.models import SalesMonth, SalesMonthRollup

        cu_chi = factories.cooperative(commune=factories.unit(AN_PHU))
        rice = factories.product(coop=cu_chi, price=Decimal("50000"))
        for day in (datetime.date(2026, 3, 9), datetime.date(2026, 9, 30), datetime.date(2026, 11, 3)):
            placed_on(factories.order_with_parts((rice, 2)), day)
        late = placed_on(factories.order_with_parts((rice, 1)), datetime.date(2026, 9, 2))
        live = activity.sales_by_district_and_month(TODAY)

        written = activity.sales_roll_up(TODAY)

        assert written == 2  # March and September; November is still open
        assert SalesMonthRollup.objects.count() == 13
        assert activity.sales_by_district_and_month(TODAY) == live
        OrderPart.objects.filter(order=late).update(status=OrderPart.Status.CANCELLED)
        activity.sales_roll_up(TODAY)
        september = SalesMonth.objects.get(month=datetime.date(2026, 9, 1))
        assert (september.orders, september.sales) == (1, Decimal("100000"))
        assert activity.sales_by_district_and_month(TODAY)[1][cu_chi.commune.parent_id][
            datetime.date(2026, 9, 1)
        ].sales == Decimal("100000")


class TestOnTheDashboard:
    def test_the_officer_sees_funnel_median_buyers_and_sales(self, client, site, geography):
        officer = factories.officer()
        for days in (1, 3, 8):
            application(officer, filed_days_before_approval=days)
        seller = factories.cooperative(commune=factories.unit(AN_PHU))
        factories.storefront(seller)
        factories.order_with_parts((factories.product(coop=seller, price=Decimal("45000")), 2))
        client.force_login(officer)

        page = client.get("/en/adoption/").content.decode()

        assert '<tr id="funnel-applied"><th scope="row">Applied</th><td class="num">4</td>' in page
        assert (
            '<tr id="funnel-ordered"><th scope="row">With an order in the last 90 days</th><td class="num">1</td>'
            in page
        )
        assert '<dd id="median-days">3.0 days</dd>' in page
        assert '<dd id="active-buyers">1</dd>' in page
        assert "90.000\xa0₫" in page  # 2 × 45.000 ₫, in the site's VND format (non-breaking space)
        assert "<small>1 order</small>" in page
        # In Vietnamese the cell counts orders (it once read "thêm 1", "1 more", from a neighbouring string).
        assert "<small>1 đơn hàng</small>" in client.get("/adoption/").content.decode()

    def test_vietnamese_page_shows_the_same_figures(self, client, site, geography):
        client.force_login(factories.officer())
        page = client.get("/adoption/").content.decode()
        assert 'id="median-days"' in page
        assert 'id="funnel-applied"' in page
