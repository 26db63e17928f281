"""Celery tasks. Each is a thin wrapper over a service, so cron, a command or a test can run the same code."""

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


@shared_task(name="jobs.product_import_run")
def product_import_run(job_id: int) -> str:
    return services.import_job_work(job_id).status


@shared_task(name="jobs.outbox_flush")
def outbox_flush() -> dict:
    return services.outbox_flush()


@shared_task(name="jobs.indicator_snapshots_take")
def indicator_snapshots_take() -> int:
    from adoption.snapshots import nightly_figures_take

    snapshots, _sales_rows = nightly_figures_take()
    return len(snapshots)


@shared_task(name="jobs.card_payments_reconcile")
def card_payments_reconcile() -> dict:
    from lifecycle.card import card_payments_reconcile as reconcile

    return reconcile()


@shared_task(name="jobs.product_image_thumbnails_make")
def product_image_thumbnails_make(image_id: int) -> int:
    from catalog.thumbnails import product_image_thumbnails_make as make

    return make(image_id)
