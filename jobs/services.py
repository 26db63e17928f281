"""What the workers do with the outbox, and the flush that keeps it moving."""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperatives.models import ImportJob

from .dispatch import import_jobs_dispatch, outbox_emails_dispatch
from .mail import message_from_dict
from .models import ImportDispatch, OutboxEmail

logger = logging.getLogger(__name__)

DEFAULT_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# A mail that failed this many times is left "failed" for a person to look at (Django admin).
EMAIL_MAX_ATTEMPTS = 10
# Handed to the broker this long ago and still waiting: the message was lost (Redis restarted).
REDISPATCH_AFTER = datetime.timedelta(minutes=10)
# A worker that took a mail this long ago and never said it was sent has died.
EMAIL_SENDING_STALE = datetime.timedelta(minutes=10)
# An import runs for a minute or two at 10,000 rows; one still "checking" or "saving" after this has
# lost its worker. Its transaction was rolled back with the worker's connection, so it is run again.
IMPORT_STALE = datetime.timedelta(minutes=30)
IMPORT_MAX_RUNS = 3
# A queued import with no dispatch record is being handed over by the request that made it.
IMPORT_HANDOVER_GRACE = datetime.timedelta(minutes=1)


class DeliveryFailed(Exception):
    def __init__(self, email_id: int, final: bool):
        super().__init__(email_id, final)
        self.final = final


def outbox_email_deliver(email_id: int) -> bool:
    """Send one outbox e-mail, once: the worker that moves it from pending to sending sends it.

    Returns False when another worker has it or it is sent; raises DeliveryFailed when the mail
    server refused (the row is pending again, or failed after EMAIL_MAX_ATTEMPTS)."""
    now = timezone.now()
    claimed = OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.PENDING).update(
        status=OutboxEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    row = OutboxEmail.objects.get(pk=email_id)
    backend = getattr(settings, "OUTBOX_DELIVERY_BACKEND", DEFAULT_DELIVERY_BACKEND)
    try:
        get_connection(backend).send_messages([message_from_dict(row.message)])
    except Exception as error:
        final = row.attempts >= EMAIL_MAX_ATTEMPTS
        status = OutboxEmail.Status.FAILED if final else OutboxEmail.Status.PENDING
        OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.SENDING).update(
            status=status, last_error=f"{type(error).__name__}: {error}"[:2000], dispatched_at=timezone.now()
        )
        logger.warning("Outbox e-mail %s not sent (attempt %s): %r", email_id, row.attempts, error)
        raise DeliveryFailed(email_id, final) from error
    OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.SENDING).update(
        status=OutboxEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def import_job_work(job_id: int) -> ImportJob:
    """A worker's run of a product import: noted as started (for the flush), then run."""
    from cooperatives.product_import.services import import_job_run

    ImportDispatch.objects.filter(job_id=job_id, job__status=ImportJob.Status.QUEUED).update(
        started_at=timezone.now(), runs=F("runs") + 1
    )
    return import_job_run(job_id)


def outbox_flush(now: datetime.datetime | None = None) -> dict:
    """Hand over again what the broker never took or lost, and take back what dead workers held.

    Run every minute by Celery beat and by ``manage.py flush_outbox``. Safe to run at any time and
    twice at once: every hand-over is claimed by one worker only."""
    now = now or timezone.now()
    counts = {"emails_requeued": 0, "imports_requeued": 0, "imports_failed": 0}
    counts["emails_requeued"] = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENDING, claimed_at__lt=now - EMAIL_SENDING_STALE
    ).update(status=OutboxEmail.Status.PENDING, dispatched_at=None)
    _imports_requeue(now, counts)

    emails = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - REDISPATCH_AFTER)
    )
    counts["emails_dispatched"] = outbox_emails_dispatch(list(emails.order_by("pk").values_list("pk", flat=True)))

    imports = ImportJob.objects.filter(status=ImportJob.Status.QUEUED).filter(
        Q(dispatch__isnull=True, created_at__lt=now - IMPORT_HANDOVER_GRACE)
        | Q(dispatch__dispatched_at__isnull=True)
        | Q(dispatch__dispatched_at__lt=now - REDISPATCH_AFTER)
    )
    job_ids = list(imports.order_by("pk").values_list("pk", flat=True))
    for job_id in job_ids:
        ImportDispatch.objects.get_or_create(job_id=job_id)
    counts["imports_dispatched"] = import_jobs_dispatch(job_ids)
    return counts


def _imports_requeue(now, counts) -> None:
    cutoff = now - IMPORT_STALE
    running = [ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING]
    stale = ImportJob.objects.filter(status__in=running).filter(
        Q(dispatch__started_at__lt=cutoff) | Q(dispatch__isnull=True, created_at__lt=cutoff)
    )
    for job in stale.select_related("dispatch"):
        dispatch = getattr(job, "dispatch", None)
        runs = dispatch.runs if dispatch else 1
        # Conditional on the status: a run that finished meanwhile is left alone.
        same = ImportJob.objects.filter(pk=job.pk, status=job.status)
        if runs >= IMPORT_MAX_RUNS:
            with translation.override(job.language):
                message = _("The import was interrupted %(count)s times; nothing was imported. Upload the file again.")
                errors = [{"line": None, "messages": [message % {"count": runs}]}]
            counts["imports_failed"] += same.update(status=ImportJob.Status.FAILED, errors=errors, finished_at=now)
        elif same.update(status=ImportJob.Status.QUEUED, processed_rows=0):
            ImportDispatch.objects.update_or_create(job_id=job.pk, defaults={"dispatched_at": None})
            counts["imports_requeued"] += 1
            logger.warning("Product import %s lost its worker and is queued again", job.pk)
        cache.delete(f"product-import:{job.pk}:progress")
