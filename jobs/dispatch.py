"""Handing outbox rows to the Celery broker.

A hand-over that fails (Redis down) leaves the row as it was, for the periodic flush
(jobs.services.outbox_flush): the web request that wrote it never waits for or fails with the broker.
Without a broker (``make run``, tests) Celery runs tasks at once, in this process (marketplace/celery.py).
"""

import contextlib
import logging

# The project's Celery app (marketplace/celery.py, loaded with Django), without importing the project.
from celery import current_app as celery_app
from django.utils import timezone

from .models import OutboxEmail

logger = logging.getLogger(__name__)

# A dead broker is given up on at once: the flush comes back in a minute, the visitor should not wait.
FAST_FAIL = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}


def tasks_run_in_process() -> bool:
    """True without a broker: Celery runs each task in the process that queues it."""
    return bool(celery_app.conf.task_always_eager)


def outbox_emails_dispatch(email_ids) -> int:
    """Hand the e-mails to a worker (or, without a broker, send them now). Returns how many were handed over."""
    from .tasks import outbox_email_send

    return tasks_hand_over(outbox_email_send, email_ids, OutboxEmail.objects.all())


def tasks_hand_over(task, ids, rows) -> int:
    """Queue ``task(pk)`` for each id; the rows handed over get ``dispatched_at``. Returns how many."""
    handed = []
    try:
        with broker_connection() as connection:
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


def broker_connection():
    """A connection to the broker that gives up at once when it is down (none without a broker)."""
    if tasks_run_in_process():
        return contextlib.nullcontext()
    options = {**(celery_app.conf.broker_transport_options or {}), **FAST_FAIL}
    return celery_app.connection_for_write(transport_options=options)
