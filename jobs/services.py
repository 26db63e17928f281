"""What the workers do with the outbox, and the flush that keeps it moving.

jobs only dispatches: it imports none of the apps whose work it carries. An app with its own queued
rows (cooperatives' product imports) registers a flusher (``outbox_flusher_register``) from its
AppConfig.ready, and the flush calls it.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from .dispatch import outbox_emails_dispatch
from .mail import message_from_dict
from .models import OutboxEmail

logger = logging.getLogger(__name__)

DEFAULT_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# A mail that failed this many times is left "failed" for a person to look at (Django admin).
EMAIL_MAX_ATTEMPTS = 10
# Handed to the broker this long ago and still waiting: the message was lost (Redis restarted).
REDISPATCH_AFTER = datetime.timedelta(minutes=10)
# A worker that took a mail this long ago and never said it was sent has died.
EMAIL_SENDING_STALE = datetime.timedelta(minutes=10)

# Called by every flush with its time; each returns counts to report (see outbox_flusher_register).
_flushers: list[Callable[[datetime.datetime], dict]] = []


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


def outbox_flusher_register(flusher: Callable[[datetime.datetime], dict]) -> None:
    """Have every flush also call ``flusher(now)``, which hands over again its app's own queued rows."""
    if flusher not in _flushers:
        _flushers.append(flusher)


def outbox_flush(now: datetime.datetime | None = None) -> dict:
    """Hand over again what the broker never took or lost, and take back what dead workers held.

    Run every minute by Celery beat and by ``manage.py flush_outbox``. Safe to run at any time and
    twice at once: every hand-over is claimed by one worker only."""
    now = now or timezone.now()
    counts = {}
    counts["emails_requeued"] = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENDING, claimed_at__lt=now - EMAIL_SENDING_STALE
    ).update(status=OutboxEmail.Status.PENDING, dispatched_at=None)

    emails = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - REDISPATCH_AFTER)
    )
    counts["emails_dispatched"] = outbox_emails_dispatch(list(emails.order_by("pk").values_list("pk", flat=True)))
    for flusher in _flushers:
        counts.update(flusher(now))
    return counts
