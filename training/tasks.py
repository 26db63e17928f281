"""Celery tasks of the training classes: the reminders the day before (beat, daily; marketplace/celery.py).
Safe to retry and to run twice at once: each registration is reminded once."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import services


@shared_task(name="training.reminders_send")
def reminders_send() -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return services.reminders_send()
