"""Celery tasks of invoicing."""

from celery import shared_task

from . import services


@shared_task(name="invoicing.invoices_issue_missing")
def invoices_issue_missing() -> int:
    """Nightly: the invoices of delivered contract parts whose on-delivery receiver failed."""
    return services.invoices_issue_missing()
