"""`manage.py load_adoption_bench_data`: the adoption dashboard's benchmark data, consistent as real data would be."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from cooperatives.models import Application, Cooperative, Decision
from cooperatives.pages import StorefrontPage
from fulfilment.models import OrderPart
from marketplace.demo import bench_adoption as bench_data
from regions.models import Layout, Level
from valuechains.models import DigitalTechnologyAdoption, LinkageModel

Order = get_model("order", "Order")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")


def load(**options):
    out = io.StringIO()
    call_command("load_adoption_bench_data", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaded(site):
    return load(cooperatives=30, linkages=5, order_lines=200, buyers=40, storefronts=2)


def bench_cooperatives():
    return Cooperative.objects.filter(registration_code__startswith=bench_data.CODE_PREFIX)


def test_creates_the_numbers_asked_for(loaded):
    assert bench_cooperatives().count() == 30
    assert LinkageModel.objects.count() == 5
    assert Line.objects.count() == 200
    assert StorefrontPage.objects.count() == 2
    assert "30 cooperatives" in loaded and "200 lines" in loaded


def test_cooperatives_have_partners_and_sit_in_distinct_rural_communes_of_the_old_layout(loaded):
    coops = bench_cooperatives().select_related("commune", "partner")
    assert all(coop.partner.name == coop.name for coop in coops)
    assert {(coop.commune.layout, coop.commune.level) for coop in coops} == {(Layout.BEFORE_2025, Level.COMMUNE)}
    assert len({coop.commune_id for coop in coops}) == 30
    assert len({coop.commune.parent_id for coop in coops}) == 5  # all five rural districts
    statuses = list(coops.values_list("status", flat=True))
    assert statuses.count("verified") > len(statuses) / 2
    assert min(coop.created_at for coop in coops) > timezone.now() - timedelta(days=731)


def test_approved_applications_date_each_verification(loaded):
    approved = Application.objects.filter(status="approved").select_related("cooperative")
    assert approved.exists()
    for application in approved:
        decision = Decision.objects.get(application=application, action="approved")
        assert decision.cooperative == application.cooperative
        assert decision.decided_at == application.cooperative.created_at > application.submitted_at
    assert Application.objects.filter(cooperative=None, status__in=["submitted", "returned"]).exists()
    for coop in bench_cooperatives().filter(status="suspended"):
        assert Decision.objects.get(cooperative=coop, action="suspended").decided_at > coop.created_at


def test_products_belong_to_cooperatives_that_were_verified_and_some_are_out_of_stock(loaded):
    records = StockRecord.objects.select_related("partner__cooperative")
    assert records.exists()
    assert {record.partner.cooperative.status for record in records} <= {"verified", "suspended"}
    assert records.filter(num_in_stock=0).exists()
    assert records.filter(num_in_stock__gt=0).exists()


def test_linkage_models_lead_by_cooperatives_with_their_own_areas(loaded):
    for model in LinkageModel.objects.prefetch_related("areas"):
        assert model.lead_cooperative.status != "applied"
        assert all(area.cooperative_id == model.lead_cooperative_id for area in model.areas.all())
    assert LinkageModel.objects.filter(status="active").exists()
    assert LinkageModel.objects.filter(areas__isnull=False).exists()
    assert (
        DigitalTechnologyAdoption.objects.filter(evidence__gt="").count() == DigitalTechnologyAdoption.objects.count()
    )


def test_every_order_line_is_sold_by_a_cooperative_from_its_stock(loaded):
    lines = Line.objects.select_related("partner__cooperative", "stockrecord")
    assert all(line.partner.cooperative.registration_code.startswith("HTX-ADOPT-") for line in lines)
    assert all(line.stockrecord.partner_id == line.partner_id for line in lines)
    assert all(line.stockrecord.product_id == line.product_id for line in lines)
    assert all(line.line_price_incl_tax == line.unit_price_incl_tax * line.quantity for line in lines)


def test_order_totals_are_their_lines_plus_the_parts_delivery_fees(loaded):
    orders = Order.objects.annotate(lines_total=Sum("lines__line_price_incl_tax"))
    fees = dict(OrderPart.objects.values_list("order").annotate(Sum("delivery_fee")))
    assert orders.count() > 50
    for order in orders:
        assert order.shipping_incl_tax == fees[order.pk]
        assert order.total_incl_tax == order.total_excl_tax == order.lines_total + order.shipping_incl_tax
        assert order.currency == "VND"
        assert bool(order.user_id) != bool(order.guest_email)  # a registered buyer or a guest


def test_each_order_has_one_part_per_cooperative_in_its_lines(loaded):
    from_lines = set(Line.objects.values_list("order", "partner__cooperative").distinct())
    from_parts = set(OrderPart.objects.values_list("order", "cooperative"))
    assert from_parts == from_lines
    assert Order.objects.annotate(n=Count("parts")).filter(n=0).count() == 0


def test_orders_are_spread_over_the_last_18_months_after_their_cooperatives_joined(loaded):
    now = timezone.now()
    dates = sorted(Order.objects.values_list("date_placed", flat=True))
    assert dates[0] > now - timedelta(days=18 * 31) and dates[-1] <= now
    assert dates[-1] - dates[0] > timedelta(days=180)
    for part in OrderPart.objects.select_related("order", "cooperative"):
        assert part.order.date_placed >= part.cooperative.created_at
        assert part.created_at == part.order.date_placed


def test_buyers_are_registered_and_guests(loaded):
    assert Order.objects.exclude(user=None).exists()
    assert Order.objects.exclude(guest_email="").exists()


def test_refuses_to_load_twice(loaded):
    with pytest.raises(CommandError, match="already loaded"):
        load(cooperatives=5, linkages=0, order_lines=0, buyers=0, storefronts=0)


def test_refuses_a_negative_count(site):
    with pytest.raises(CommandError):
        load(cooperatives=5, order_lines=-1)


def test_most_active_linkage_models_have_a_recent_delivery_under_their_contract(loaded):
    from adoption.indicators import active_linkage_models
    from contracts.models import StandingOrder

    today = timezone.localdate()
    active = LinkageModel.objects.filter(status="active")
    delivered = StandingOrder.objects.filter(linkage_model__in=active, status="placed")
    assert delivered.exists()
    assert all(so.order.parts.filter(delivered_at__isnull=False).exists() for so in delivered)
    counted = active_linkage_models(today, 90).count()
    assert 0 < counted <= active.count()
