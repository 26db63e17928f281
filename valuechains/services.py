"""Writes to the value chain, each checked and atomic. Callers pass the cooperative the user acts for."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from .geojson import location_oriented
from .models import (
    AreaCertification,
    Batch,
    DigitalTechnologyAdoption,
    LinkageModel,
    LinkageParticipant,
    RawMaterialArea,
    TraceEvent,
)

StockRecord = get_model("partner", "StockRecord")


@transaction.atomic
def area_create(*, cooperative, certifications=(), **fields) -> RawMaterialArea:
    """``certifications``: dicts of AreaCertification fields (certification or name, valid_from, valid_until)."""
    area = RawMaterialArea(cooperative=cooperative, **fields)
    area.full_clean()
    area.location = location_oriented(area.location)  # RFC 7946: outer ring counter-clockwise, holes clockwise
    area.save()
    for certification in certifications:
        area_certification_add(area=area, **certification)
    return area


def area_update(*, area, **fields) -> RawMaterialArea:
    for name, value in fields.items():
        setattr(area, name, value)
    area.full_clean()
    area.location = location_oriented(area.location)
    area.save()
    return area


def area_certification_add(*, area, **fields) -> AreaCertification:
    certification = AreaCertification(area=area, **fields)
    certification.full_clean()
    certification.save()
    return certification


def _check_areas_belong(cooperative, areas):
    foreign = [area for area in areas if area.cooperative_id != cooperative.pk]
    if foreign:
        raise ValidationError({"areas": _("Choose only your own cooperative's raw-material areas.")})


@transaction.atomic
def linkage_model_create(*, cooperative, areas=(), participants=(), **fields) -> LinkageModel:
    """``participants``: dicts of LinkageParticipant fields (role, name, optional cooperative)."""
    _check_areas_belong(cooperative, areas)
    linkage_model = LinkageModel(lead_cooperative=cooperative, **fields)
    linkage_model.full_clean()
    linkage_model.save()
    linkage_model.areas.set(areas)
    for participant in participants:
        linkage_participant_add(linkage_model=linkage_model, **participant)
    return linkage_model


@transaction.atomic
def linkage_model_update(*, linkage_model, areas=None, **fields) -> LinkageModel:
    for name, value in fields.items():
        setattr(linkage_model, name, value)
    linkage_model.full_clean()
    linkage_model.save()
    if areas is not None:
        _check_areas_belong(linkage_model.lead_cooperative, areas)
        linkage_model.areas.set(areas)
    return linkage_model


def linkage_participant_add(*, linkage_model, **fields) -> LinkageParticipant:
    participant = LinkageParticipant(linkage_model=linkage_model, **fields)
    participant.full_clean()
    participant.save()
    return participant


def technology_adopt(*, linkage_model, **fields) -> DigitalTechnologyAdoption:
    adoption = DigitalTechnologyAdoption(linkage_model=linkage_model, **fields)
    adoption.full_clean()
    adoption.save()
    return adoption


@transaction.atomic
def batch_create(
    *, cooperative, product, area, code, harvest_date, quantity, unit, recorded_by=None, first_event=None
) -> Batch:
    """A batch of the cooperative's own product from its own area; ``first_event`` (dict of TraceEvent
    fields, usually the harvest) is recorded with it."""
    errors = {}
    if area.cooperative_id != cooperative.pk:
        errors["area"] = _("Choose one of your own cooperative's raw-material areas.")
    if not StockRecord.objects.filter(product=product, partner_id=cooperative.partner_id).exists():
        errors["product"] = _("Choose a product your cooperative sells.")
    if Batch.objects.filter(code__iexact=code).exists():
        errors["code"] = _("This batch code is taken; trace codes must be unique.")
    if errors:
        raise ValidationError(errors)
    batch = Batch(
        cooperative=cooperative,
        product=product,
        area=area,
        code=code,
        harvest_date=harvest_date,
        quantity=quantity,
        unit=unit,
    )
    batch.full_clean()
    batch.save()
    if first_event:
        trace_event_record(batch=batch, recorded_by=recorded_by, **first_event)
    return batch


def trace_event_record(
    *, batch, kind, occurred_at, place, actor, note="", corrects=None, recorded_by=None
) -> TraceEvent:
    """Append an event to the batch's trace. Events are never changed: to fix one, record a new event
    with ``corrects`` set to it (and a note saying what was wrong)."""
    if corrects is not None and not note.strip():
        raise ValidationError({"note": _("Say what the correction changes.")})
    event = TraceEvent(
        batch=batch,
        kind=kind,
        occurred_at=occurred_at,
        place=place,
        actor=actor,
        note=note,
        corrects=corrects,
        recorded_by=recorded_by,
    )
    event.full_clean()
    event.save()
    return event
