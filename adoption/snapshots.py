"""Daily snapshots of the indicators, for the trend charts and the quarterly report."""

import datetime

from django.db import transaction
from django.utils import timezone

from .indicators import AdoptionFacts
from .models import IndicatorSnapshot


def nightly_figures_take(day: datetime.date | None = None) -> tuple[list[IndicatorSnapshot], int]:
    """What cron or Celery beat runs once a day: the indicators' snapshots and the closed months' sales."""
    from .activity import sales_roll_up

    day = day or timezone.localdate()
    return snapshots_take(day), sales_roll_up(day)


@transaction.atomic
def snapshots_take(day: datetime.date | None = None) -> list[IndicatorSnapshot]:
    """Store today's figures; run again the same day, it replaces that day's row (one per indicator and day)."""
    day = day or timezone.localdate()
    snapshots = []
    for item in AdoptionFacts(today=day).indicator_figures():
        snapshot, _ = IndicatorSnapshot.objects.update_or_create(
            indicator=item.indicator,
            day=day,
            defaults={
                "numerator": item.figure.numerator,
                "denominator": item.figure.denominator,
                "target": item.indicator.target,
                "taken_at": timezone.now(),
            },
        )
        snapshots.append(snapshot)
    return snapshots


def snapshot_series(since: datetime.date, until: datetime.date) -> dict[str, list[IndicatorSnapshot]]:
    """Each indicator's snapshots between two days (inclusive), oldest first, keyed by code."""
    series: dict[str, list[IndicatorSnapshot]] = {}
    rows = IndicatorSnapshot.objects.filter(day__gte=since, day__lte=until).select_related("indicator")
    for snapshot in rows.order_by("day"):
        series.setdefault(snapshot.indicator.code, []).append(snapshot)
    return series
