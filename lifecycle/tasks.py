"""Celery tasks of the order lifecycle. The name keeps its first registration ("jobs.…") so beat's
schedule and queued messages still find it."""

from celery import shared_task

from .card import card_payments_reconcile as reconcile


@shared_task(name="jobs.card_payments_reconcile")
def card_payments_reconcile() -> dict:
    return reconcile()
