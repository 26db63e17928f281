"""Celery tasks of the contracts: planning the deliveries ahead (nightly) and placing them at their
cut-off (every few minutes; marketplace/celery.py). Both are safe to retry and to run twice at once."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from . import placing, standing_orders


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
