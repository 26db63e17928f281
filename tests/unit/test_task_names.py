"""Each app owns its Celery tasks, under the names first registered as "jobs.…": queued messages and
beat's schedule name tasks by these strings, so moving a task must not rename it."""

from marketplace.celery import BEAT_SCHEDULE
from marketplace.celery import app as celery_app

TASKS_BY_OWNER = {
    "jobs.outbox_email_send": "jobs.tasks",
    "jobs.outbox_flush": "jobs.tasks",
    "jobs.product_import_run": "cooperatives.tasks",
    "jobs.product_image_thumbnails_make": "catalog.tasks",
    "jobs.indicator_snapshots_take": "adoption.tasks",
    "jobs.card_payments_reconcile": "lifecycle.tasks",
    "contracts.standing_orders_plan": "contracts.tasks",
    "contracts.standing_orders_place": "contracts.tasks",
    "contracts.progress_alerts_send": "contracts.tasks",
    "invoicing.invoices_issue_missing": "invoicing.tasks",
    "training.reminders_send": "training.tasks",
}


def test_every_task_keeps_its_name_and_lives_in_its_apps_tasks_module():
    celery_app.loader.import_default_modules()  # what a worker does at start
    ours = {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}

    assert {name: task.run.__module__ for name, task in ours.items()} == TASKS_BY_OWNER


def test_beat_schedules_only_registered_tasks():
    celery_app.loader.import_default_modules()

    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} <= set(celery_app.tasks)
