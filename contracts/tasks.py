"""Celery tasks of the contracts: planning the deliveries ahead (nightly), placing them at their
cut-off (every few minutes) and alerting contracts that fell behind (daily; marketplace/celery.py).
All are safe to retry and to run twice at once."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from . import placing, progress_alerts, standing_orders


@shared_task(name="contracts.standing_orders_plan")
def standing_orders_plan() -> int:
    # Notes and reasons are stored as written, in the site's language (the buyer reads them).
    with translation.override(settings.LANGUAGE_CODE):
        return standing_orders.standing_orders_plan()


@shared_task(name="contracts.standing_orders_place")
def standing_orders_place() -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        # A change accepted since the night's planning is followed before anything is placed.
        standing_orders.standing_orders_replan_changed(timezone.localdate())
        return placing.standing_orders_place_due()


@shared_task(name="contracts.progress_alerts_send")
def progress_alerts_send(today: str | None = None) -> int:
    """Daily: e-mail both sides of each contract that fell behind last period, once per period.
    ``today`` (ISO date) is for tests and reruns; beat leaves it to the local date."""
    with translation.override(settings.LANGUAGE_CODE):
        return progress_alerts.progress_alerts_send(today=datetime.date.fromisoformat(today) if today else None)
