"""Celery tasks of the cooperatives app. Names keep their first registration ("jobs.…") so messages
already queued still find their task."""

from celery import shared_task

from .product_import.queue import import_job_work


@shared_task(name="jobs.product_import_run")
def product_import_run(job_id: int) -> str:
    return import_job_work(job_id).status
