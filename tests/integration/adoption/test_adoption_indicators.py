"""The plan's indicators counted from known data, on HCMC's real communes and the 2025 merger."""

import datetime

import pytest

from adoption.indicators import AdoptionFacts, Figure
from adoption.models import Indicator
from adoption.snapshots import snapshots_take
from cooperatives.models import Cooperative
from tests import factories
from valuechains.models import LinkageModel

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)
RECENT = TODAY - datetime.timedelta(days=1)  # a delivery under the contract: the evidence a model counts on
AN_PHU = "27502"  # Củ Chi → Xã An Nhơn Tây (whole)
PHU_MY_HUNG = "27499"  # Củ Chi → Xã An Nhơn Tây (whole)
TAN_KIEN = "27616"  # Bình Chánh, split between Phường Tân Tạo and Xã Tân Nhựt
BINH_HUNG = "27619"  # Bình Chánh, left out of the programme (urbanised)
LONG_HOA = "27679"  # Cần Giờ
CU_CHI_TOWNSHIP = "27496"  # Thị trấn Củ Chi: a township, not a commune of the programme


@pytest.fixture
def geography(db):
    factories.real_geography()


def coop_in(code, status=Cooperative.Status.VERIFIED, stock=10):
    coop = factories.cooperative(commune=factories.unit(code), status=Cooperative.Status.VERIFIED)
    if stock is not None:
        factories.product(coop=coop, stock=stock)
    if status != Cooperative.Status.VERIFIED:
        Cooperative.objects.filter(pk=coop.pk).update(status=status)
    return coop


def figures():
    return AdoptionFacts(today=TODAY).figures()


class TestCommunesWithOnlineCooperative:
    def test_counts_programme_communes_with_a_verified_cooperative_selling(self, geography):
        coop_in(AN_PHU)
        coop_in(AN_PHU)  # a second one in the same commune counts the commune once
        coop_in(TAN_KIEN)
        assert figures()["communes_with_online_cooperative"] == Figure(2, 56)

    def test_suspended_applied_out_of_stock_and_non_programme_do_not_count(self, geography):
        coop_in(AN_PHU, status=Cooperative.Status.SUSPENDED)
        coop_in(PHU_MY_HUNG, status=Cooperative.Status.APPLIED)
        coop_in(TAN_KIEN, stock=0)
        coop_in(LONG_HOA, stock=None)  # verified, nothing to sell
        coop_in(BINH_HUNG)  # selling, but Bình Hưng is not a programme commune
        assert figures()["communes_with_online_cooperative"] == Figure(0, 56)

    def test_allocated_stock_is_gone_and_unpublished_products_do_not_count(self, geography):
        from oscar.core.loading import get_model

        StockRecord = get_model("partner", "StockRecord")
        Product = get_model("catalogue", "Product")
        all_allocated = coop_in(AN_PHU, stock=3)
        StockRecord.objects.filter(partner=all_allocated.partner).update(num_allocated=3)
        hidden = coop_in(TAN_KIEN)
        Product.objects.filter(stockrecords__partner=hidden.partner).update(is_public=False)
        assert figures()["communes_with_online_cooperative"] == Figure(0, 56)


class TestDistrictsWithLinkageModel:
    def test_counts_programme_districts_with_an_active_model_for_a_key_product(self, geography):
        factories.linkage_model(coop_in(AN_PHU), delivered_on=RECENT)  # Củ Chi
        factories.linkage_model(coop_in(LONG_HOA, stock=None), delivered_on=RECENT)  # Cần Giờ (lead need not sell)
        factories.linkage_model(coop_in(PHU_MY_HUNG), delivered_on=RECENT)  # Củ Chi again
        assert figures()["districts_with_linkage_model"] == Figure(2, 5)

    def test_planned_ended_and_expired_models_do_not_count(self, geography):
        factories.linkage_model(coop_in(AN_PHU), status=LinkageModel.Status.PLANNED, delivered_on=RECENT)
        factories.linkage_model(coop_in(TAN_KIEN), status=LinkageModel.Status.ENDED, delivered_on=RECENT)
        factories.linkage_model(coop_in(LONG_HOA), contract_end=TODAY - datetime.timedelta(days=1), delivered_on=RECENT)
        assert figures()["districts_with_linkage_model"] == Figure(0, 5)

    def test_a_model_without_a_key_product_does_not_count(self, geography):
        factories.linkage_model(coop_in(AN_PHU), key_product_name="", delivered_on=RECENT)
        assert figures()["districts_with_linkage_model"] == Figure(0, 5)


class TestLinkagesWithDigitalTechnology:
    def test_share_of_active_models_with_an_area_that_apply_a_technology(self, geography):
        coop = coop_in(AN_PHU)
        area = factories.raw_material_area(coop)
        factories.linkage_model(coop, areas=[area], technologies=["traceability", "ecommerce"], delivered_on=RECENT)
        factories.linkage_model(coop, areas=[area], technologies=["farm_diary"], delivered_on=RECENT)
        factories.linkage_model(coop, areas=[area], delivered_on=RECENT)
        factories.linkage_model(coop, technologies=["sensors"], delivered_on=RECENT)  # no area: outside both counts
        factories.linkage_model(
            coop, areas=[area], technologies=["sensors"], status=LinkageModel.Status.ENDED, delivered_on=RECENT
        )
        factories.raw_material_area(coop)  # an area without a model changes nothing
        assert figures()["linkages_with_digital_technology"] == Figure(2, 3)

    def test_a_technology_not_started_yet_does_not_count(self, geography):
        from valuechains.models import DigitalTechnologyAdoption

        coop = coop_in(AN_PHU)
        model = factories.linkage_model(
            coop, areas=[factories.raw_material_area(coop)], technologies=["sensors"], delivered_on=RECENT
        )
        DigitalTechnologyAdoption.objects.filter(linkage_model=model).update(
            started_on=TODAY + datetime.timedelta(days=3)
        )
        assert figures()["linkages_with_digital_technology"] == Figure(0, 1)


class TestWhatCountsAsActive:
    """Issue 16: a linkage model counts while its lead cooperative is verified and its contract is running."""

    def test_a_suspended_cooperatives_models_do_not_count(self, geography):
        coop = coop_in(AN_PHU, status=Cooperative.Status.SUSPENDED)
        factories.linkage_model(
            coop, areas=[factories.raw_material_area(coop)], technologies=["traceability"], delivered_on=RECENT
        )
        counted = figures()
        assert counted["districts_with_linkage_model"] == Figure(0, 5)
        assert counted["linkages_with_digital_technology"] == Figure(0, 0)
        assert AdoptionFacts(today=TODAY).total().linkages == 0

    def test_a_contract_that_has_not_started_does_not_count_until_its_first_day(self, geography):
        coop = coop_in(AN_PHU)
        area = factories.raw_material_area(coop)
        factories.linkage_model(
            coop, areas=[area], technologies=["traceability"], contract_start=TODAY, delivered_on=RECENT
        )
        factories.linkage_model(
            coop,
            areas=[area],
            technologies=["sensors"],
            contract_start=TODAY + datetime.timedelta(days=1),
            delivered_on=RECENT,
        )
        assert figures()["linkages_with_digital_technology"] == Figure(1, 1)
        assert AdoptionFacts(today=TODAY + datetime.timedelta(days=1)).figures()[
            "linkages_with_digital_technology"
        ] == Figure(2, 2)


class TestOneRuleForWhereAModelCounts:
    """Issue 16: the digital-technology card, the district table and the districts indicator count the same
    models: those led from one of the programme's 56 communes."""

    def test_models_led_from_a_township_or_a_commune_outside_the_programme_count_nowhere(self, geography):
        in_programme = coop_in(AN_PHU)
        factories.linkage_model(in_programme, areas=[factories.raw_material_area(in_programme)], delivered_on=RECENT)
        for code in (CU_CHI_TOWNSHIP, BINH_HUNG):
            lead = coop_in(code)
            factories.linkage_model(
                lead, areas=[factories.raw_material_area(lead)], technologies=["traceability"], delivered_on=RECENT
            )

        facts = AdoptionFacts(today=TODAY)
        total = facts.total()
        card = facts.figures()["linkages_with_digital_technology"]

        assert card == Figure(0, 1)
        assert card == Figure(total.linkages_with_technology, total.linkages_with_area)
        assert sum(d.linkages_with_area for d in facts.by_district()) == 1
        assert {d.unit.name: d.linkages for d in facts.by_district()}["Bình Chánh"] == 0
        assert facts.figures()["districts_with_linkage_model"] == Figure(1, 5)


class TestCommunesCollectingFeedback:
    def test_the_base_is_the_programmes_24_communes_of_2025_without_the_two_wards(self, geography):
        from feedback.models import ResidentFeedback

        tan_nhut = factories.unit("27595", layout="2025")
        ResidentFeedback.objects.create(commune=tan_nhut, rating=4, language="vi", voter_key="a" * 64)

        assert figures()["communes_collecting_feedback"] == Figure(1, 24)


class TestBothLayouts:
    def test_2025_rows_regroup_the_same_communes_and_state_the_split_ones(self, geography):
        coop_in(AN_PHU)
        coop_in(PHU_MY_HUNG)
        coop_in(TAN_KIEN)
        facts = AdoptionFacts(today=TODAY)
        rows, split = facts.by_unit_2025()
        an_nhon_tay = next(r for r in rows if r.unit.name == "An Nhơn Tây")
        assert an_nhon_tay.communes_online == 2
        assert {u.code for u in an_nhon_tay.predecessors} >= {AN_PHU, PHU_MY_HUNG}
        tan_kien = next(r for r in split if r.unit.code == TAN_KIEN)
        assert [(u.name, u.level) for u in tan_kien.split_between] == [("Tân Nhựt", "commune"), ("Tân Tạo", "ward")]
        assert tan_kien.communes_online == 1
        # Tân Kiên is counted once, on its own row, in neither of its successors.
        assert all(TAN_KIEN not in {u.code for u in r.predecessors} for r in rows)
        for name in ("programme_communes", "communes_online", "cooperatives", "online", "linkages"):
            old_total = sum(getattr(d, name) for d in facts.by_district())
            new_total = sum(getattr(r, name) for r in rows + split)
            assert old_total == new_total == getattr(facts.total(), name)
        assert facts.total().programme_communes == 56

    def test_district_rows_add_up_to_the_city(self, geography):
        coop_in(AN_PHU)
        coop_in(LONG_HOA)
        facts = AdoptionFacts(today=TODAY)
        districts = {d.unit.name: d for d in facts.by_district()}
        assert districts["Củ Chi"].programme_communes == 20
        assert districts["Bình Chánh"].programme_communes == 14  # 15 less Bình Hưng
        assert districts["Củ Chi"].communes_online == districts["Cần Giờ"].communes_online == 1
        assert sum(d.programme_communes for d in districts.values()) == 56


class TestTargetsAreData:
    def test_an_edited_target_is_used_and_reported(self, geography):
        coop_in(AN_PHU)
        Indicator.objects.filter(code="communes_with_online_cooperative").update(target="0.9")
        items = {i.indicator.code: i for i in AdoptionFacts(today=TODAY).indicator_figures()}
        item = items["communes_with_online_cooperative"]
        assert item.as_api_dict()["target"] == 0.9
        assert item.as_api_dict()["value"] == pytest.approx(1 / 56)
        assert not item.on_track

    def test_an_indicator_removed_by_the_administrator_is_not_reported(self, geography):
        Indicator.objects.filter(code="communes_collecting_feedback").delete()
        codes = [i.indicator.code for i in AdoptionFacts(today=TODAY).indicator_figures()]
        assert codes == [
            "communes_with_online_cooperative",
            "districts_with_linkage_model",
            "linkages_with_digital_technology",
            "cooperatives_with_trained_staff",
            "officials_trained",
        ]


class TestSnapshots:
    def test_once_per_day_and_again_replaces_that_days_figures(self, geography):
        snapshots_take(TODAY)
        coop_in(AN_PHU)
        snapshots_take(TODAY)
        snapshots_take(TODAY + datetime.timedelta(days=1))
        from adoption.models import IndicatorSnapshot

        rows = IndicatorSnapshot.objects.filter(indicator__code="communes_with_online_cooperative").order_by("day")
        assert [(r.day, r.numerator, r.denominator) for r in rows] == [
            (TODAY, 1, 56),
            (TODAY + datetime.timedelta(days=1), 1, 56),
        ]
        assert IndicatorSnapshot.objects.count() == 2 * Indicator.objects.count()

    def test_the_command_prints_what_it_stored(self, geography):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("take_indicator_snapshots", stdout=out)
        assert "communes_with_online_cooperative: 0/56" in out.getvalue()
