"""The public trace of a batch as one plain document: the JSON answer and what the HTML page shows.

The JSON shape is a published interface (QR scanners and the national portal may read it): add fields,
never rename or remove them without raising FORMAT.
"""

from django.utils import timezone

from . import gs1

FORMAT = "cho-htx-trace/1"


def trace_document(batch, *, url, today=None) -> dict:
    today = today or timezone.localdate()
    product, area, cooperative = batch.product, batch.area, batch.cooperative
    gtin = product.upc if gs1.is_valid_gtin(product.upc) else None
    return {
        "format": FORMAT,
        "code": batch.code,
        "url": url,
        "product": {"title": product.get_title(), "gtin": gs1.gtin14(gtin) if gtin else None},
        "cooperative": {"name": cooperative.name, "commune": cooperative.commune.full_name},
        "area": {
            "name": area.name,
            "commune": area.commune.full_name,
            "hectares": str(area.hectares),
            "crops": area.crops,
            "households": area.household_count,
            "location": area.location,
            "certifications": [
                {
                    "name": row["certification"].display_name,
                    "valid_from": row["certification"].valid_from.isoformat(),
                    "valid_until": row["certification"].valid_until.isoformat(),
                    "valid_today": row["valid_today"],
                }
                for row in certification_rows(area, today)
            ],
        },
        "harvest_date": batch.harvest_date.isoformat(),
        "quantity": str(batch.quantity),
        "unit": batch.unit,
        "events": [_event(event) for event in batch.events.all()],
    }


def timeline_steps(events) -> list[dict]:
    """The events as numbered steps, in the order they happened. Steps are numbered by position,
    not by database id: a step recorded late (a forgotten one, a correction) happened earlier than
    the last one recorded, and its id would read out of order (#1 #2 #3 #5 #4)."""
    events = list(events)
    numbers = {event.pk: number for number, event in enumerate(events, start=1)}
    return [
        {"number": numbers[event.pk], "event": event, "corrects_number": numbers.get(event.corrects_id)}
        for event in events
    ]


def certification_rows(area, today) -> list[dict]:
    return [
        {"certification": certification, "valid_today": certification.is_valid_on(today)}
        for certification in area.certifications.all()
    ]


def _event(event) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "occurred_at": timezone.localtime(event.occurred_at).isoformat(),
        "place": event.place,
        "actor": event.actor,
        "note": event.note,
        "corrects": event.corrects_id,
        "corrected_by": [correction.pk for correction in event.corrections.all()],
    }
