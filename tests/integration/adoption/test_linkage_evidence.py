"""Issue 18, item 6: a linkage model counts for the plan's indicators on evidence, its contract's deliveries
in the last N days (N is data), on adversarial data: no deliveries, deliveries just outside the window,
orders placed but not delivered, ended contracts."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from adoption.indicators import AdoptionFacts, Figure
from adoption.models import ApiToken, IndicatorSettings
from cooperatives.models import Cooperative
from tests import factories
from valuechains.models import LinkageModel

from .test_adoption_dashboard import element, get

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)
AN_PHU = "27502"  # Củ Chi → Xã An Nhơn Tây (whole)
TAN_KIEN = "27616"  # Bình Chánh, split between Phường Tân Tạo and Xã Tân Nhựt
LONG_HOA = "27679"  # Cần Giờ
CU_CHI = "783"


@pytest.fixture
def geography(site):
    factories.real_geography()


def days_ago(n, today=TODAY):
    return today - datetime.timedelta(days=n)


def lead_in(code, name=None):
    return factories.cooperative(name=name, commune=factories.unit(code), status=Cooperative.Status.VERIFIED)


def model_with_area(lead, **kwargs):
    return factories.linkage_model(
        lead, areas=[factories.raw_material_area(lead)], technologies=["traceability"], **kwargs
    )


def counted(today=TODAY):
    facts = AdoptionFacts(today=today)
    figures = facts.figures()
    return facts.total().linkages, figures["districts_with_linkage_model"], figures["linkages_with_digital_technology"]


def window(days):
    settings = IndicatorSettings.current()
    settings.linkage_evidence_days = days
    settings.save()


class TestWhatCountsAsEvidence:
    def test_a_model_with_no_delivery_under_its_contract_does_not_count(self, geography):
        model_with_area(lead_in(AN_PHU))  # active, key product, verified lead, area, technology: all but evidence
        assert counted() == (0, Figure(0, 5), Figure(0, 0))

    def test_a_delivery_on_the_windows_first_day_counts_and_one_the_day_before_does_not(self, geography):
        on_the_edge = model_with_area(lead_in(AN_PHU))
        factories.linkage_delivery(on_the_edge, days_ago(90))
        just_outside = model_with_area(lead_in(LONG_HOA))
        factories.linkage_delivery(just_outside, days_ago(91))

        assert counted() == (1, Figure(1, 5), Figure(1, 1))
        # A day later the first one has fallen out too.
        assert counted(TODAY + datetime.timedelta(days=1)) == (0, Figure(0, 5), Figure(0, 0))

    def test_a_delivery_after_the_day_counted_is_not_evidence_for_that_day(self, geography):
        model = model_with_area(lead_in(AN_PHU))
        factories.linkage_delivery(model, TODAY + datetime.timedelta(days=1))
        assert counted() == (0, Figure(0, 5), Figure(0, 0))
        assert counted(TODAY + datetime.timedelta(days=1))[0] == 1

    def test_an_order_placed_but_not_delivered_is_not_evidence(self, geography):
        model = model_with_area(lead_in(AN_PHU))
        factories.linkage_delivery(model, days_ago(3), delivered=False)
        assert counted() == (0, Figure(0, 5), Figure(0, 0))

    def test_a_delivery_under_another_contract_is_not_evidence_for_this_one(self, geography):
        lead = lead_in(AN_PHU)
        model_with_area(lead, name="Liên kết không giao hàng")
        factories.linkage_delivery(model_with_area(lead, name="Liên kết có giao hàng"), days_ago(5))
        assert counted() == (1, Figure(1, 5), Figure(1, 1))

    def test_an_ended_contract_stops_counting_even_with_deliveries_in_the_window(self, geography):
        # Ended yesterday, delivered 10 days before its end: the trade was real, the linkage is over.
        ended = model_with_area(lead_in(AN_PHU), contract_end=days_ago(1))
        factories.linkage_delivery(ended, days_ago(11))
        marked_ended = model_with_area(lead_in(LONG_HOA), status=LinkageModel.Status.ENDED)
        factories.linkage_delivery(marked_ended, days_ago(2))
        assert counted() == (0, Figure(0, 5), Figure(0, 0))

    def test_a_contract_ending_today_with_a_delivery_still_counts(self, geography):
        model = model_with_area(lead_in(AN_PHU), contract_end=TODAY)
        factories.linkage_delivery(model, days_ago(10))
        assert counted() == (1, Figure(1, 5), Figure(1, 1))

    def test_evidence_does_not_make_a_suspended_cooperatives_model_count(self, geography):
        lead = lead_in(AN_PHU)
        model = model_with_area(lead)
        factories.linkage_delivery(model, days_ago(5))
        Cooperative.objects.filter(pk=lead.pk).update(status=Cooperative.Status.SUSPENDED)
        assert counted() == (0, Figure(0, 5), Figure(0, 0))

    def test_the_technology_indicator_keeps_its_rule_over_the_counted_models(self, geography):
        lead = lead_in(AN_PHU)
        for technologies in (["traceability"], []):
            model = factories.linkage_model(lead, areas=[factories.raw_material_area(lead)], technologies=technologies)
            factories.linkage_delivery(model, days_ago(4))
        factories.linkage_delivery(factories.linkage_model(lead, technologies=["sensors"]), days_ago(4))  # no area
        model_with_area(lead)  # technology and area, but no delivery: outside both counts
        assert counted() == (3, Figure(1, 5), Figure(1, 2))


class TestTheWindowIsData:
    def test_the_window_is_ninety_days_unless_changed(self, geography):
        assert IndicatorSettings.current().linkage_evidence_days == 90

    def test_changing_the_window_changes_the_counts(self, geography):
        model = model_with_area(lead_in(AN_PHU))
        factories.linkage_delivery(model, days_ago(100))
        assert counted()[0] == 0
        window(120)
        assert counted() == (1, Figure(1, 5), Figure(1, 1))
        window(30)
        factories.linkage_delivery(model, days_ago(31))
        assert counted()[0] == 0


class TestBothGeographies:
    def test_the_2025_layout_counts_the_same_models_as_before_2025(self, geography):
        for code in (AN_PHU, TAN_KIEN, LONG_HOA):
            factories.linkage_delivery(model_with_area(lead_in(code)), days_ago(20))
        model_with_area(lead_in(AN_PHU))  # no delivery
        factories.linkage_delivery(model_with_area(lead_in(TAN_KIEN)), days_ago(200))

        facts = AdoptionFacts(today=TODAY)
        rows, split_rows = facts.by_unit_2025()
        in_2025 = sum(row.linkages for row in rows + split_rows)
        with_area_2025 = sum(row.linkages_with_area for row in rows + split_rows)
        assert (in_2025, with_area_2025) == (facts.total().linkages, facts.total().linkages_with_area) == (3, 3)
        tan_kien = next(row for row in split_rows if row.unit.code == TAN_KIEN)
        assert tan_kien.linkages == 1


class TestDashboardApiAndExports:
    """Live pages count on the real today."""

    def test_the_dashboard_states_the_rule_with_the_window(self, client, geography):
        english = element(get(client, "/en/adoption/"), "indicator-districts_with_linkage_model")
        assert "had a delivery under its contract in the last 90 days" in english
        vietnamese = element(get(client, "/adoption/"), "indicator-linkages_with_digital_technology")
        assert "giao hàng trong 90 ngày qua" in vietnamese
        window(60)
        assert "giao hàng trong 60 ngày qua" in element(
            get(client, "/adoption/"), "indicator-districts_with_linkage_model"
        )

    def test_api_and_export_report_the_dashboards_figures(self, client, geography):
        today = timezone.localdate()
        factories.linkage_delivery(model_with_area(lead_in(AN_PHU)), days_ago(3, today))
        factories.linkage_delivery(model_with_area(lead_in(LONG_HOA)), days_ago(95, today))
        model_with_area(lead_in(TAN_KIEN))

        page = get(client, "/en/adoption/")
        assert "1 / 5" in element(page, "indicator-districts_with_linkage_model")
        assert "1 / 1" in element(page, "indicator-linkages_with_digital_technology")

        _token, raw = ApiToken.issue(name="Cổng báo cáo")
        client.logout()
        body = client.get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
        api = {item["code"]: (item["numerator"], item["denominator"]) for item in body["indicators"]}
        assert api["districts_with_linkage_model"] == (1, 5)
        assert api["linkages_with_digital_technology"] == (1, 1)
        rules = {item["code"]: item["rule"] for item in body["indicators"]}
        assert "giao hàng trong 90 ngày qua" in rules["districts_with_linkage_model"]  # Vietnamese by default
        assert rules["communes_with_online_cooperative"] is None

        client.force_login(factories.officer())
        rows = list(
            csv.reader(io.StringIO(client.get("/en/adoption/export/indicators.csv").content.decode("utf-8-sig")))
        )
        exported = {row[0]: (row[2], row[3]) for row in rows[1:]}
        assert exported["districts_with_linkage_model"] == ("1", "5")
        assert exported["linkages_with_digital_technology"] == ("1", "1")
        # The export states each figure's counting rule, as the dashboard and the API do.
        rule_column = rows[0].index("Counting rule")
        exported_rules = {row[0]: row[rule_column] for row in rows[1:]}
        assert "had a delivery under its contract in the last 90 days" in exported_rules["districts_with_linkage_model"]
        assert exported_rules["communes_with_online_cooperative"] == ""


class TestDrillDown:
    def test_a_district_lists_the_deliveries_behind_each_counted_model(self, client, geography):
        today = timezone.localdate()
        model = model_with_area(lead_in(AN_PHU, name="HTX Dẫn đầu"), name="Liên kết dưa lưới")
        site = factories.delivery_site(factories.organisation("Trường Tiểu học An Phú"), name="Bếp ăn bán trú")
        recent = factories.linkage_delivery(model, days_ago(3, today), site=site)
        older = factories.linkage_delivery(model, days_ago(40, today), site=site)
        stale = factories.linkage_delivery(model, days_ago(120, today), site=site)

        linkages = element(get(client, f"/en/adoption/districts/{CU_CHI}/"), "linkage-models")

        for delivery in (recent, older):
            assert (
                f"{delivery.delivery_date:%d/%m/%Y} Bếp ăn bán trú (Trường Tiểu học An Phú) "
                f"order {delivery.order.number}" in linkages
            )
        assert str(stale.order.number) not in linkages
        assert linkages.index(f"{days_ago(3, today):%d/%m/%Y}") < linkages.index(f"{days_ago(40, today):%d/%m/%Y}")

    def test_a_commune_page_says_a_model_without_recent_deliveries_does_not_count(self, client, geography):
        today = timezone.localdate()
        model = model_with_area(lead_in(AN_PHU), name="Liên kết cũ")
        factories.linkage_delivery(model, days_ago(91, today))
        linkages = element(get(client, f"/en/adoption/communes/{AN_PHU}/"), "linkage-models")
        assert "active no: no delivery under the contract in the last 90 days" in linkages

    @pytest.mark.parametrize("deliveries", [1, 6])
    def test_the_district_page_lists_deliveries_in_a_fixed_number_of_queries(
        self, client, geography, deliveries, django_assert_max_num_queries
    ):
        today = timezone.localdate()
        lead = lead_in(AN_PHU)
        site = factories.delivery_site(factories.organisation())
        numbers = []
        for n in range(3):
            model = model_with_area(lead)
            for day in range(deliveries):
                delivery = factories.linkage_delivery(model, days_ago(1 + day + 10 * n, today), site=site)
                numbers.append(str(delivery.order.number))
        client.force_login(factories.officer())
        with django_assert_max_num_queries(19):
            response = client.get(f"/en/adoption/districts/{CU_CHI}/")
        linkages = element(response.content.decode(), "linkage-models")
        assert all(f"order {number}" in linkages for number in numbers)


class TestDemo:
    def test_the_demos_linkage_models_count_on_their_deliveries_and_loading_again_adds_none(self, site):
        import io

        from django.core.management import call_command

        from contracts.models import StandingOrder

        call_command("load_demo_data", stdout=io.StringIO())
        deliveries = StandingOrder.objects.count()
        call_command("load_demo_data", stdout=io.StringIO())
        assert StandingOrder.objects.count() == deliveries

        facts = AdoptionFacts()
        figures = facts.figures()
        active = LinkageModel.objects.filter(status=LinkageModel.Status.ACTIVE).count()
        # Every active model has a delivery under its contract; one, delivered 120 days ago only, does not count.
        assert not LinkageModel.objects.filter(status=LinkageModel.Status.ACTIVE, standing_orders__isnull=True).exists()
        assert 0 < facts.total().linkages < active
        assert figures["districts_with_linkage_model"].numerator >= 3
        assert figures["linkages_with_digital_technology"].numerator >= 1
