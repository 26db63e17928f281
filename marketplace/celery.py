"""The Celery application. Workers run each app's tasks.py (autodiscovered); beat runs ``beat_schedule``.

Settings come from Django's, named CELERY_* (marketplace/settings/production.py sets the Redis
broker). Without CELERY_BROKER_URL (``make run``, the tests) tasks run at once in the process that
queues them, and large product imports keep their thread (cooperatives/product_import/services.py).

    celery -A marketplace worker    celery -A marketplace beat
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")

BEAT_SCHEDULE = {
    "outbox-flush": {"task": "jobs.outbox_flush", "schedule": 60.0},
    "card-payments-reconcile": {"task": "jobs.card_payments_reconcile", "schedule": 15 * 60.0},
    "indicator-snapshots": {"task": "jobs.indicator_snapshots_take", "schedule": crontab(hour=1, minute=0)},
    "standing-orders-plan": {"task": "contracts.standing_orders_plan", "schedule": crontab(hour=0, minute=30)},
    # Cut-offs fall on the minute a contract sets: placed within five minutes of it.
    "standing-orders-place": {"task": "contracts.standing_orders_place", "schedule": 5 * 60.0},
    "invoices-issue-missing": {"task": "invoicing.invoices_issue_missing", "schedule": crontab(hour=1, minute=30)},
    # After the night's deliveries are recorded: a Monday run judges the week just ended.
    "progress-alerts": {"task": "contracts.progress_alerts_send", "schedule": crontab(hour=7, minute=0)},
    # The day before a training session, in the morning: e-mails the people registered.
    "training-reminders-send": {"task": "training.reminders_send", "schedule": crontab(hour=7, minute=0)},
}


def _defaults():
    # Read when Celery first needs its configuration, once Django's settings are loaded.
    from django.conf import settings

    defaults = {"timezone": settings.TIME_ZONE, "beat_schedule": BEAT_SCHEDULE}
    if not getattr(settings, "CELERY_BROKER_URL", ""):
        defaults.update(broker_url="memory://", task_always_eager=True)
    return defaults


app.add_defaults(_defaults)
app.autodiscover_tasks()
