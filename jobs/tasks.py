"""Celery tasks of the outbox. Each is a thin wrapper over a service, so cron, a command or a test can run the
same code. Every domain app owns its tasks in its own tasks.py (cooperatives, catalog, adoption, lifecycle)."""

from celery import shared_task

from . import services

EMAIL_RETRY_MAX_SECONDS = 30 * 60


@shared_task(name="jobs.outbox_email_send", bind=True, max_retries=services.EMAIL_MAX_ATTEMPTS)
def outbox_email_send(self, email_id: int) -> bool:
    try:
        return services.outbox_email_deliver(email_id)
    except services.DeliveryFailed as failed:
        # In-process (no broker) the flush tries again later instead of a retry loop right here.
        if failed.final or self.request.is_eager:
            return False
        countdown = min(30 * 2**self.request.retries, EMAIL_RETRY_MAX_SECONDS)
        raise self.retry(countdown=countdown, exc=failed) from failed


@shared_task(name="jobs.outbox_flush")
def outbox_flush() -> dict:
    return services.outbox_flush()
