"""Rules of the value chain's models and services: ownership, dates, append-only trace events."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Certification
from tests import factories
from valuechains import services
from valuechains.models import (
    AreaCertification,
    Batch,
    DigitalTechnologyAdoption,
    LinkageModel,
    LinkageParticipant,
    RawMaterialArea,
    TraceEvent,
    TraceEventImmutable,
)


@pytest.fixture
def ours(site):
    return factories.cooperative(name="HTX Rau Củ Chi")


@pytest.fixture
def theirs(site):
    return factories.cooperative(name="HTX Gạo Bình Chánh")


class TestRawMaterialArea:
    def test_is_stored_with_its_polygon(self, ours):
        area = factories.raw_material_area(ours, name="Cánh đồng ấp 3")

        stored = RawMaterialArea.objects.get(pk=area.pk)
        assert stored.location == factories.SQUARE_IN_CU_CHI
        assert stored.cooperative == ours

    def test_location_outside_vietnam_is_refused_and_nothing_saved(self, ours, english):
        with pytest.raises(ValidationError) as error:
            factories.raw_material_area(ours, location={"type": "Point", "coordinates": [2.35, 48.85]})

        assert "must lie in Việt Nam" in error.value.message_dict["location"][0]
        assert not RawMaterialArea.objects.exists()

    def test_area_must_be_positive(self, ours):
        with pytest.raises(ValidationError) as error:
            factories.raw_material_area(ours, hectares=Decimal("0"))

        assert "hectares" in error.value.message_dict

    def test_certification_needs_a_name_and_ordered_dates(self, ours, english):
        area = factories.raw_material_area(ours)

        with pytest.raises(ValidationError) as error:
            services.area_certification_add(
                area=area, valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2025, 1, 1)
            )

        assert "Choose a certification or name it." in error.value.messages
        vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
        with pytest.raises(ValidationError) as error:
            services.area_certification_add(
                area=area,
                certification=vietgap,
                valid_from=datetime.date(2026, 1, 1),
                valid_until=datetime.date(2025, 1, 1),
            )
        assert "A certificate cannot end before it starts." in error.value.messages
        assert not AreaCertification.objects.exists()

    def test_certification_validity_includes_both_ends(self, ours):
        area = factories.raw_material_area(ours)
        certification = services.area_certification_add(
            area=area, name="VietGAP", valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2025, 12, 31)
        )

        assert certification.is_valid_on(datetime.date(2025, 1, 1))
        assert certification.is_valid_on(datetime.date(2025, 12, 31))
        assert not certification.is_valid_on(datetime.date(2026, 1, 1))


class TestLinkageModel:
    def test_is_created_with_its_areas_participants_and_technologies(self, ours, theirs, english):
        area = factories.raw_material_area(ours)
        linkage = services.linkage_model_create(
            cooperative=ours,
            name="Liên kết rau an toàn Củ Chi – Saigon Co.op",
            key_product_name="Rau ăn lá",
            contract_start=datetime.date(2026, 1, 1),
            contract_end=datetime.date(2028, 12, 31),
            agreed_volume=Decimal("120"),
            agreed_volume_unit="tonne",
            areas=[area],
            participants=[
                {"role": "household", "name": "32 hộ thành viên"},
                {"role": "cooperative", "name": theirs.name, "cooperative": theirs},
                {"role": "distributor", "name": "Saigon Co.op"},
            ],
        )
        services.technology_adopt(
            linkage_model=linkage,
            technology="traceability",
            started_on=datetime.date(2026, 3, 1),
            evidence="Tem QR trên mọi lô rau.",
        )

        linkage.refresh_from_db()
        assert list(linkage.areas.all()) == [area]
        assert sorted(linkage.participants.values_list("role", flat=True)) == [
            "cooperative",
            "distributor",
            "household",
        ]
        assert linkage.technologies.get().get_technology_display() == "traceability codes"

    def test_needs_a_key_product_and_ordered_contract_dates(self, ours):
        with pytest.raises(ValidationError) as error:
            services.linkage_model_create(
                cooperative=ours,
                name="Liên kết",
                contract_start=datetime.date(2026, 1, 1),
                contract_end=datetime.date(2025, 1, 1),
            )

        assert {"key_product_name", "contract_end"} <= set(error.value.message_dict)
        assert not LinkageModel.objects.exists()

    def test_cannot_tie_another_cooperatives_area(self, ours, theirs):
        their_area = factories.raw_material_area(theirs)

        with pytest.raises(ValidationError):
            services.linkage_model_create(cooperative=ours, name="Liên kết", key_product_name="Gạo", areas=[their_area])

        assert not LinkageModel.objects.exists()

    def test_a_bad_participant_rolls_back_the_whole_model(self, ours):
        with pytest.raises(ValidationError):
            services.linkage_model_create(
                cooperative=ours,
                name="Liên kết",
                key_product_name="Gạo",
                participants=[{"role": "household", "name": "Hộ A"}, {"role": "astronaut", "name": "B"}],
            )

        assert not LinkageModel.objects.exists()
        assert not LinkageParticipant.objects.exists()

    def test_technology_needs_evidence_and_is_recorded_once(self, ours):
        linkage = services.linkage_model_create(cooperative=ours, name="Liên kết", key_product_name="Gạo")
        with pytest.raises(ValidationError):
            services.technology_adopt(linkage_model=linkage, technology="sensors", started_on=datetime.date(2026, 1, 1))
        services.technology_adopt(
            linkage_model=linkage,
            technology="sensors",
            started_on=datetime.date(2026, 1, 1),
            evidence_url="https://example.com/cam-bien",
        )
        with pytest.raises(ValidationError):
            services.technology_adopt(
                linkage_model=linkage, technology="sensors", started_on=datetime.date(2026, 2, 1), evidence="Lần 2"
            )

        assert DigitalTechnologyAdoption.objects.count() == 1


class TestBatch:
    def test_records_a_batch_with_its_first_step(self, ours):
        user = factories.cooperative_staff(ours)
        product = factories.product(coop=ours)
        area = factories.raw_material_area(ours)

        batch = services.batch_create(
            cooperative=ours,
            product=product,
            area=area,
            code="CC-2611-01",
            harvest_date=datetime.date(2026, 11, 20),
            quantity=Decimal("300"),
            unit="kg",
            recorded_by=user,
            first_event={
                "kind": "harvested",
                "occurred_at": datetime.datetime(2026, 11, 20, 6, tzinfo=datetime.UTC),
                "place": "Ấp 3",
                "actor": "Tổ 2",
            },
        )

        assert batch.events.get().recorded_by == user

    def test_must_use_own_product_and_area(self, ours, theirs):
        with pytest.raises(ValidationError) as error:
            factories.batch(
                coop=ours, product_=factories.product(coop=theirs), area=factories.raw_material_area(theirs)
            )

        assert {"product", "area"} <= set(error.value.message_dict)
        assert not Batch.objects.exists()

    def test_codes_are_unique_whatever_the_case(self, ours):
        factories.batch(coop=ours, code="CC-01")

        with pytest.raises(ValidationError) as error:
            factories.batch(coop=ours, code="cc-01")

        assert "code" in error.value.message_dict

    @pytest.mark.parametrize("code", ["has space", "-lead", "x" * 21, "lô-01"])
    def test_codes_are_gs1_batch_safe(self, ours, code):
        with pytest.raises(ValidationError) as error:
            factories.batch(coop=ours, code=code)

        assert "code" in error.value.message_dict


class TestTraceEventsAreAppendOnly:
    @pytest.fixture
    def event(self, ours):
        return factories.trace_event(factories.batch(coop=ours), kind="harvested", place="Ấp 3")

    def test_an_event_cannot_be_changed(self, event):
        event.place = "Ấp 4"

        with pytest.raises(TraceEventImmutable):
            event.save()

        assert TraceEvent.objects.get(pk=event.pk).place == "Ấp 3"

    def test_an_event_cannot_be_deleted_one_by_one_or_in_bulk(self, event):
        with pytest.raises(TraceEventImmutable):
            event.delete()
        with pytest.raises(TraceEventImmutable):
            TraceEvent.objects.filter(pk=event.pk).delete()
        with pytest.raises(TraceEventImmutable):
            TraceEvent.objects.filter(pk=event.pk).update(place="Ấp 4")

        assert TraceEvent.objects.get(pk=event.pk).place == "Ấp 3"

    def test_a_batch_with_events_cannot_be_deleted(self, event):
        with pytest.raises(IntegrityError), transaction.atomic():
            Batch.objects.filter(pk=event.batch_id).delete()

        assert TraceEvent.objects.filter(pk=event.pk).exists()

    def test_a_correction_is_a_new_event_that_says_what_it_corrects(self, event, english):
        with pytest.raises(ValidationError) as error:
            factories.trace_event(event.batch, kind="harvested", place="Ấp 4", corrects=event)
        assert "Say what the correction changes." in error.value.messages

        fix = factories.trace_event(event.batch, kind="harvested", place="Ấp 4", corrects=event, note="Sai ấp.")

        assert list(event.corrections.all()) == [fix]
        assert TraceEvent.objects.get(pk=event.pk).place == "Ấp 3"

    def test_a_correction_stays_within_its_batch(self, event, ours):
        other_batch = factories.batch(coop=ours)

        with pytest.raises(ValidationError) as error:
            factories.trace_event(other_batch, corrects=event, note="Nhầm lô")

        assert "corrects" in error.value.message_dict
