"""Handing outbox rows to the Celery broker.

A hand-over that fails (Redis down) leaves the row as it was, for the periodic flush
(jobs.services.outbox_flush): the web request that wrote it never waits for or fails with the broker.
Without a broker (``make run``, tests) Celery runs tasks at once, in this process (marketplace/celery.py).
"""

import contextlib
import logging

from django.utils import timezone

from marketplace.celery import app as celery_app

from .models import ImportDispatch, OutboxEmail

logger = logging.getLogger(__name__)

# A dead broker is given up on at once: the flush comes back in a minute, the visitor should not wait.
FAST_FAIL = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}


def tasks_run_in_process() -> bool:
    """True without a broker: Celery runs each task in the process that queues it."""
    return bool(celery_app.conf.task_always_eager)


def outbox_emails_dispatch(email_ids) -> int:
    """Hand the e-mails to a worker (or, without a broker, send them now). Returns how many were handed over."""
    from .tasks import outbox_email_send

    return _hand_over(outbox_email_send, email_ids, OutboxEmail.objects.all())


def import_job_enqueue(job_id: int) -> bool:
    """Queue a product import for a worker. False without a broker: the caller runs it itself."""
    if tasks_run_in_process():
        return False
    ImportDispatch.objects.get_or_create(job_id=job_id)
    import_jobs_dispatch([job_id])
    return True


def import_jobs_dispatch(job_ids) -> int:
    from .tasks import product_import_run

    return _hand_over(product_import_run, job_ids, ImportDispatch.objects.all())


def _hand_over(task, ids, rows) -> int:
    handed = []
    try:
        with _broker_connection() as connection:
            for pk in ids:
                task.apply_async((pk,), connection=connection, retry=False)
                handed.append(pk)
    except Exception:
        # Whatever went wrong, the rows stay in the outbox and the flush hands them over again.
        logger.warning(
            "The broker did not take %s (%s left in the outbox)", task.name, len(ids) - len(handed), exc_info=True
        )
    if handed:
        rows.filter(pk__in=handed).update(dispatched_at=timezone.now())
    return len(handed)


def _broker_connection():
    if tasks_run_in_process():
        return contextlib.nullcontext()
    options = {**(celery_app.conf.broker_transport_options or {}), **FAST_FAIL}
    return celery_app.connection_for_write(transport_options=options)
