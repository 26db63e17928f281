"""Reads of invoices: a buyer's, a cooperative's (optionally only those due, overdue or paid) and a
cooperative's monthly register. The invoice row carries everything its lists show, so no joins grow
with the rows."""

import datetime

from django.db.models import Q
from django.utils import timezone

from .models import Invoice

Status = Invoice.Status


def status_filter(status: str, today: datetime.date) -> Q | None:
    """The condition for invoices of ``status`` on ``today``; None for an unknown status (all invoices)."""
    unpaid = Q(paid_on__isnull=True)
    return {
        Status.PAID: Q(paid_on__isnull=False),
        Status.OVERDUE: unpaid & Q(due_on__lt=today),
        Status.DUE: unpaid & Q(due_on__gte=today),
    }.get(status)


def _with_status(invoices, status: str | None):
    condition = status_filter(status or "", timezone.localdate())
    return invoices if condition is None else invoices.filter(condition)


def invoices_of_organisation(organisation, status: str | None = None):
    return _with_status(Invoice.objects.filter(organisation=organisation), status)


def invoices_of_cooperative(cooperative, status: str | None = None):
    return _with_status(Invoice.objects.filter(cooperative=cooperative), status)


def register(cooperative, year: int, month: int):
    """The cooperative's invoices issued in ``month`` of ``year``, in number order."""
    return Invoice.objects.filter(cooperative=cooperative, issued_on__year=year, issued_on__month=month).order_by(
        "sequence"
    )
