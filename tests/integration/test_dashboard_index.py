"""The dashboard home page as a cooperative's staff and as a market officer see it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency
from oscar.test.factories import create_basket, create_order

from tests import factories

Order = get_model("order", "Order")


def place_order(*products):
    """An order of one unit of each product, through Oscar's basket and OrderCreator."""
    basket = create_basket(empty=True)
    for product in products:
        basket.add_product(product)
    return create_order(basket=basket, user=factories.user())


def money(amount):
    """An amount as the dashboard shows it in Vietnamese, e.g. 50.000 ₫."""
    with translation.override("vi"):
        return currency(Decimal(amount), "VND")


@pytest.fixture
def two_cooperatives(site):
    return factories.cooperative(name="HTX Rau Củ Chi"), factories.cooperative(name="HTX Gạo Hóc Môn")


@pytest.fixture
def orders(two_cooperatives):
    """Three orders of today and one of last week; coop A holds 50k + 30k today and 20k last week.

    Coop B holds 70k + 200k today and 400k last week: whole orders today total 350k.
    """
    ours, theirs = two_cooperatives

    def product(coop, price):
        return factories.product(coop, price=Decimal(price))

    shared = place_order(product(ours, 50000), product(theirs, 70000))
    own_only = place_order(product(ours, 30000))
    theirs_only = place_order(product(theirs, 200000))
    last_week = place_order(product(ours, 20000), product(theirs, 400000))
    Order.objects.filter(pk=last_week.pk).update(date_placed=timezone.now() - timedelta(days=7))
    return shared, own_only, theirs_only, last_week


@pytest.fixture
def staff_client(client, two_cooperatives):
    client.force_login(factories.cooperative_staff(two_cooperatives[0]))
    return client


@pytest.fixture
def officer_client(client, site):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    return client


def hourly_revenue(response):
    return sum(hour["total_incl_tax"] for hour in response.context["hourly_report_dict"]["order_total_hourly"])


class TestCooperativeStaffDashboardHome:
    def test_counts_only_orders_and_lines_holding_own_lines(self, staff_client, orders):
        response = staff_client.get(reverse("dashboard:index"))
        stats = {key: response.context[key] for key in ("total_orders", "total_lines")}
        stats_last_day = {key: response.context[key] for key in ("total_orders_last_day", "total_lines_last_day")}
        assert stats == {"total_orders": 3, "total_lines": 3}
        assert stats_last_day == {"total_orders_last_day": 2, "total_lines_last_day": 2}

    def test_revenue_sums_own_lines_only(self, staff_client, orders):
        response = staff_client.get(reverse("dashboard:index"))
        assert response.context["total_revenue"] == Decimal("100000")
        assert response.context["total_revenue_last_day"] == Decimal("80000")
        assert response.context["average_order_costs"] == Decimal("40000")
        assert hourly_revenue(response) == Decimal("80000")
        html = response.content.decode()
        for shown in (money(100000), money(80000), money(40000)):
            assert shown in html
        for whole_orders in (money(570000), money(150000), money(75000)):
            assert whole_orders not in html

    def test_order_status_breakdown_counts_each_order_once(self, staff_client, two_cooperatives):
        ours, _ = two_cooperatives
        place_order(factories.product(ours), factories.product(ours))
        response = staff_client.get(reverse("dashboard:index"))
        assert list(response.context["order_status_breakdown"]) == [{"status": "pending", "freq": 1}]

    @pytest.mark.parametrize("n_orders", [3, 30])
    def test_query_count_does_not_grow_with_orders(
        self, staff_client, two_cooperatives, django_assert_max_num_queries, n_orders
    ):
        ours, theirs = two_cooperatives
        own, other = factories.product(ours, stock=1000), factories.product(theirs, stock=1000)
        for _ in range(n_orders):
            place_order(own, other)
        with django_assert_max_num_queries(33):
            response = staff_client.get(reverse("dashboard:index"))
        assert response.context["total_orders"] == n_orders


class TestOfficerDashboardHome:
    def test_sees_every_order_line_and_whole_order_revenue(self, officer_client, orders):
        response = officer_client.get(reverse("dashboard:index"))
        context = response.context
        assert (context["total_orders"], context["total_lines"]) == (4, 6)
        assert (context["total_orders_last_day"], context["total_lines_last_day"]) == (3, 4)
        assert context["total_revenue"] == Decimal("770000")
        assert context["total_revenue_last_day"] == Decimal("350000")
        assert hourly_revenue(response) == Decimal("350000")
        assert money(770000) in response.content.decode()
