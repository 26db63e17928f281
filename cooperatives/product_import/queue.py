"""A product import's way through the Celery broker: queued, run by a worker, queued again if lost.

The job row, while "queued", is its own outbox entry (jobs.models.ImportDispatch notes each hand-over).
jobs.services.outbox_flush calls ``import_jobs_flush`` every minute (registered in cooperatives/apps.py):
jobs only dispatches, the import's rules stay here.
"""

import datetime
import logging

from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.dispatch import tasks_hand_over, tasks_run_in_process
from jobs.models import ImportDispatch
from jobs.services import REDISPATCH_AFTER

from ..models import ImportJob

logger = logging.getLogger(__name__)

# An import runs for a minute or two at 10,000 rows; one still "checking" or "saving" after this has
# lost its worker. Its transaction was rolled back with the worker's connection, so it is run again.
IMPORT_STALE = datetime.timedelta(minutes=30)
IMPORT_MAX_RUNS = 3
# A queued import with no dispatch record is being handed over by the request that made it.
IMPORT_HANDOVER_GRACE = datetime.timedelta(minutes=1)


def import_job_enqueue(job_id: int) -> bool:
    """Queue a product import for a worker. False without a broker: the caller runs it itself."""
    if tasks_run_in_process():
        return False
    ImportDispatch.objects.get_or_create(job_id=job_id)
    import_jobs_dispatch([job_id])
    return True


def import_jobs_dispatch(job_ids) -> int:
    from ..tasks import product_import_run

    return tasks_hand_over(product_import_run, job_ids, ImportDispatch.objects.all())


def import_job_work(job_id: int) -> ImportJob:
    """A worker's run of a product import: noted as started (for the flush), then run."""
    from .services import import_job_run

    ImportDispatch.objects.filter(job_id=job_id, job__status=ImportJob.Status.QUEUED).update(
        started_at=timezone.now(), runs=F("runs") + 1
    )
    return import_job_run(job_id)


def import_jobs_flush(now: datetime.datetime) -> dict:
    """Requeue imports whose worker died, and hand over again the queued ones the broker never took or lost."""
    counts = {"imports_requeued": 0, "imports_failed": 0}
    _imports_requeue(now, counts)
    imports = ImportJob.objects.filter(status=ImportJob.Status.QUEUED).filter(
        Q(dispatch__isnull=True, created_at__lt=now - IMPORT_HANDOVER_GRACE)
        | Q(dispatch__dispatched_at__isnull=True)
        | Q(dispatch__dispatched_at__lt=now - REDISPATCH_AFTER)
    )
    job_ids = list(imports.order_by("pk").values_list("pk", flat=True))
    for job_id in job_ids:
        ImportDispatch.objects.get_or_create(job_id=job_id)
    counts["imports_dispatched"] = import_jobs_dispatch(job_ids)
    return counts


def _imports_requeue(now, counts) -> None:
    cutoff = now - IMPORT_STALE
    running = [ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING]
    stale = ImportJob.objects.filter(status__in=running).filter(
        Q(dispatch__started_at__lt=cutoff) | Q(dispatch__isnull=True, created_at__lt=cutoff)
    )
    for job in stale.select_related("dispatch"):
        dispatch = getattr(job, "dispatch", None)
        runs = dispatch.runs if dispatch else 1
        # Conditional on the status: a run that finished meanwhile is left alone.
        same = ImportJob.objects.filter(pk=job.pk, status=job.status)
        if runs >= IMPORT_MAX_RUNS:
            with translation.override(job.language):
                message = _("The import was interrupted %(count)s times; nothing was imported. Upload the file again.")
                errors = [{"line": None, "messages": [message % {"count": runs}]}]
            counts["imports_failed"] += same.update(status=ImportJob.Status.FAILED, errors=errors, finished_at=now)
        elif same.update(status=ImportJob.Status.QUEUED, processed_rows=0):
            ImportDispatch.objects.update_or_create(job_id=job.pk, defaults={"dispatched_at": None})
            counts["imports_requeued"] += 1
            logger.warning("Product import %s lost its worker and is queued again", job.pk)
        cache.delete(f"product-import:{job.pk}:progress")
