"""Celery tasks of the adoption app. The name keeps its first registration ("jobs.…") so beat's
schedule and queued messages still find it."""

from celery import shared_task

from .snapshots import nightly_figures_take


@shared_task(name="jobs.indicator_snapshots_take")
def indicator_snapshots_take() -> int:
    snapshots, _sales_rows = nightly_figures_take()
    return len(snapshots)
