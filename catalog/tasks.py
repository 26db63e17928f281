"""Celery tasks of the catalogue. The name keeps its first registration ("jobs.…") so queued
messages still find it."""

from celery import shared_task

from .thumbnails import product_image_thumbnails_make as make


@shared_task(name="jobs.product_image_thumbnails_make")
def product_image_thumbnails_make(image_id: int) -> int:
    return make(image_id)
