"""The dashboard home page: officers see the whole market; a cooperative's staff go to their workspace."""

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
    def test_staff_are_sent_to_their_workspace(self, staff_client, orders):
        for url in (reverse("dashboard:index"), "/en/dashboard/"):
            response = staff_client.get(url)
            assert response.status_code == 302
            assert response["Location"] in (reverse("workspace:today"), "/en/workspace/")

    def test_signing_in_from_the_dashboard_lands_staff_in_the_workspace(self, staff_client):
        response = staff_client.get(reverse("dashboard:index"), follow=True)
        assert response.redirect_chain == [(reverse("workspace:today"), 302)]
        assert 'class="ws-nav"' in response.content.decode()


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
