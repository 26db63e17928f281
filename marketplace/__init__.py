# Celery's app loads with Django, so that @shared_task binds to it (marketplace/celery.py).
from .celery import app as celery_app

__all__ = ("celery_app",)
