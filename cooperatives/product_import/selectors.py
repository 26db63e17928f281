"""Reads of the product import: whose jobs a user may see, and how far a job has got."""

from django.core.cache import cache
from django.utils.translation import gettext as _

from accounts.roles import is_officer
from cooperatives.models import ImportJob
from cooperatives.selectors import cooperatives_of_user

from .reading import grouped
from .services import progress_cache_key


def cooperative_of_staff(user):
    """The cooperative whose products the user may import, or None."""
    return cooperatives_of_user(user).order_by("name").first()


def import_jobs_visible_to(user):
    """A cooperative's staff see their cooperative's jobs; the department's officers see all."""
    jobs = ImportJob.objects.select_related("cooperative", "uploaded_by")
    if is_officer(user):
        return jobs
    return jobs.filter(cooperative__in=cooperatives_of_user(user))


def import_job_progress(job: ImportJob) -> dict:
    """What the job page's progress bar shows. While the products are written, the
    committed row lags behind; the runner's latest count is in the cache."""
    status, processed = job.status, job.processed_rows
    live = cache.get(progress_cache_key(job.pk))
    if live and live["status"] == status and not job.is_finished:
        processed = max(processed, live["processed_rows"])
    total = job.total_rows
    percent = 100 if job.is_finished else (processed * 100 // total if total else 0)
    numbers = {"done": grouped(processed), "total": grouped(total)}
    if status == ImportJob.Status.VALIDATING:
        label = _("Checking rows: %(done)s of %(total)s") % numbers
    elif status == ImportJob.Status.IMPORTING:
        label = _("Saving products: %(done)s of %(total)s") % numbers
    elif status == ImportJob.Status.DONE and job.photos_name:
        label = _("Done. Products created: %(created)s. Products updated: %(updated)s. Photos added: %(photos)s.") % {
            "created": grouped(job.created_products),
            "updated": grouped(job.updated_products),
            "photos": grouped(job.photos_added),
        }
    elif status == ImportJob.Status.DONE:
        label = _("Done. Products created: %(created)s. Products updated: %(updated)s.") % {
            "created": grouped(job.created_products),
            "updated": grouped(job.updated_products),
        }
    elif status == ImportJob.Status.FAILED:
        label = _("Nothing was imported: correct the problems below and upload the file again.")
    else:
        label = _("Waiting to start…")
    return {
        "status": status,
        "status_display": job.get_status_display(),
        "total_rows": total,
        "processed_rows": processed,
        "percent": percent,
        "label": label,
        "finished": job.is_finished,
        "failed": status == ImportJob.Status.FAILED,
    }
