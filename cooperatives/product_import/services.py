"""Writes of the product import: a job for each upload, and its run.

Every row is checked before anything is written, and the products are written
in one transaction: a file with any error imports nothing. ``import_job_run``
is a plain function of the job's id: large files run in a Celery worker
(cooperatives.tasks.product_import_run) when a broker is configured, else in a thread
of the web process.
"""

import logging
import threading
import time
import uuid
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from catalog import services as catalog_services
from common.content_language import in_vietnamese, with_vietnamese_columns
from cooperatives.models import Cooperative, ImportJob

from . import photo_writing
from .photos import open_photo_archive
from .reading import Table, read_table
from .rows import RowValidator

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
ProductAlert = get_model("customer", "ProductAlert")

# Files with more rows, or more photos, run in the background; smaller ones while the upload waits.
BACKGROUND_ROWS = 500
BACKGROUND_PHOTOS = 20
PROGRESS_EVERY = 250
# Opening each photo makes a row slower to check: the progress moves more often.
PROGRESS_EVERY_WITH_PHOTOS = 25
# A file that is all wrong reports its first rows only.
MAX_REPORTED_ROWS = 1000
# Long lists of ids are read in slices, within every database's limit on query parameters.
ID_CHUNK = 2000
# Rows written together: a few statements for each table, then the progress is reported.
WRITE_BATCH = 1000


class RowRefused(Exception):
    """The catalogue refused a row that passed our checks: the whole file is rolled back."""

    def __init__(self, line: int, messages: list[str]):
        super().__init__(line, messages)
        self.line, self.messages = line, messages


def progress_cache_key(job_id: int) -> str:
    return f"product-import:{job_id}:progress"


def import_job_create(*, cooperative, uploaded_by, upload, table: Table, language: str, photos=None) -> ImportJob:
    """Keep the upload (checked by ``read_table``), and its ZIP of photos if any (checked by
    ``open_photo_archive``), and queue its import."""
    job = ImportJob(
        cooperative=cooperative,
        uploaded_by=uploaded_by,
        file_name=upload.name[:255],
        language=language,
        total_rows=len(table.rows),
    )
    upload.seek(0)
    job.file.save(f"{uuid.uuid4().hex}.{table.format}", upload, save=False)
    if photos is not None:
        photos.seek(0)
        job.photos_name = photos.name[:255]
        job.photos.save(f"{uuid.uuid4().hex}.zip", photos, save=False)
    job.full_clean(exclude=["file"])
    job.save()
    return job


def import_job_start(job: ImportJob, *, photo_count: int = 0) -> None:
    """Run a small file now; a large one, or one with many photos, in the background once the job is committed."""
    if job.total_rows <= BACKGROUND_ROWS and photo_count <= BACKGROUND_PHOTOS:
        import_job_run(job.pk)
    else:
        transaction.on_commit(lambda: _start_thread(job.pk))


def _start_thread(job_id: int) -> None:
    """With a Celery broker (production), queue the job for a worker: the job row, still "queued",
    is its outbox entry, handed over again by the flush if the broker is away (queue.py).
    Without one (``make run``, tests), run it in a thread of this process."""
    from .queue import import_job_enqueue

    if import_job_enqueue(job_id):
        return
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"product-import-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        import_job_run(job_id)
    finally:
        connections.close_all()


def import_job_run(job_id: int) -> ImportJob:
    """Check every row of the job's file, then write them all, or none.

    Runs a queued job once: a second call (a retried task) finds it taken and returns."""
    claimed = _job_written(
        lambda: ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.VALIDATING
        )
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job
    photos = None
    with translation.override(job.language):
        try:
            with job.file.open("rb") as stored:
                table = read_table(stored, name=job.file_name)
            job.total_rows = len(table.rows)
            if job.photos:
                photos = open_photo_archive(job.photos.open("rb"), name=job.photos_name)
            rows, errors = _check(job, table, photos)
            if errors:
                return _fail(job, errors)
            _report(job, 0, status=ImportJob.Status.IMPORTING)
            photo_writing.written_or_removed(lambda saved: _write(job, rows, photos, saved))
        except ValidationError as error:
            return _fail(job, [{"line": None, "messages": error.messages}])
        except RowRefused as refused:
            return _fail(job, [{"line": refused.line, "messages": refused.messages}])
        except IntegrityError:
            logger.warning("Product import %s conflicted with another change", job_id, exc_info=True)
            conflict = _(
                "Another change to the same products was saved while this file was being imported, so nothing "
                "was imported. Upload the file again."
            )
            return _fail(job, [{"line": None, "messages": [conflict]}])
        except Exception:
            logger.exception("Product import %s failed", job_id)
            unexpected = _("The import stopped because of an unexpected error; nothing was imported. Try again later.")
            return _fail(job, [{"line": None, "messages": [unexpected]}])
        finally:
            cache.delete(progress_cache_key(job_id))
            if photos is not None:
                photos.close()
            _photos_discard(job)
    return job


# SQLite's in-memory shared-cache database (the test server's) answers a write that meets a reader's
# table lock with "database table is locked" at once, where a file database waits out its busy
# timeout; the workspace's status page reads the job while the import writes it. PostgreSQL readers
# never block writers.
LOCKED_TABLE_WAITS = 50  # × 20 ms


def _job_written(write):
    """``write()`` (a write of the job's row), tried again while another connection reads the job table."""
    for attempt in range(LOCKED_TABLE_WAITS):
        try:
            return write()
        except OperationalError as error:
            if "table is locked" not in str(error) or attempt == LOCKED_TABLE_WAITS - 1:
                raise
            time.sleep(0.02)


def _photos_discard(job: ImportJob) -> None:
    """The ZIP is not kept once its job has run: its photos are in the catalogue now, or were refused.
    (A run that dies midway never gets here, and the job is run again with its ZIP.)"""
    if job.photos:
        job.photos.close()
        job.photos.delete(save=False)
        _job_written(lambda: ImportJob.objects.filter(pk=job.pk).update(photos=""))


def _report(job: ImportJob, processed: int, *, status=None) -> None:
    """Record the progress. Inside the writing transaction the row's new value is seen by
    others only at the commit, so the progress also goes to the cache for the status page."""
    job.processed_rows = processed
    fields = {"processed_rows": processed, "total_rows": job.total_rows}
    if status:
        job.status = fields["status"] = status
    _job_written(lambda: ImportJob.objects.filter(pk=job.pk).update(**fields))
    cache.set(progress_cache_key(job.pk), {"status": job.status, "processed_rows": processed}, 3600)


def _check(job: ImportJob, table: Table, photos=None):
    validator = RowValidator(table.columns, photos)
    every = PROGRESS_EVERY if photos is None else PROGRESS_EVERY_WITH_PHOTOS
    rows, errors = [], []
    for count, (line, values) in enumerate(table.records(), start=1):
        row, problems = validator.validate(line, values)
        if problems:
            errors.append({"line": line, "messages": problems})
        else:
            rows.append(row)
        if count % every == 0:
            _report(job, count)
    _report(job, len(table.rows))
    unmatched = validator.unmatched_photos()
    if unmatched:
        errors.append({"line": None, "messages": unmatched[:MAX_REPORTED_ROWS]})
    if len(errors) > MAX_REPORTED_ROWS:
        more = len(errors) - MAX_REPORTED_ROWS
        errors = errors[:MAX_REPORTED_ROWS] + [
            {"line": None, "messages": [_("%(count)s more rows have errors.") % {"count": more}]}
        ]
    return rows, errors


def _fail(job: ImportJob, errors) -> ImportJob:
    job.status = ImportJob.Status.FAILED
    job.errors = errors
    job.finished_at = timezone.now()
    _job_written(lambda: job.save(update_fields=["status", "errors", "finished_at", "total_rows", "processed_rows"]))
    return job


def _chunks(items, size=ID_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(cooperative, rows):
    """The cooperative's stock records for the file's codes, with their products'
    category and certification ids: a few queries for the whole file."""
    stockrecords = {}
    for skus in _chunks(row.sku for row in rows):
        mine = StockRecord.objects.filter(partner_id=cooperative.partner_id, partner_sku__in=skus)
        for stockrecord in mine.select_related("product"):
            stockrecords[stockrecord.partner_sku] = stockrecord
    product_ids = [stockrecord.product_id for stockrecord in stockrecords.values()]
    categories, certifications = defaultdict(set), defaultdict(set)
    Certifications = Product.certifications.through
    for ids in _chunks(product_ids):
        for product_id, category_id in ProductCategory.objects.filter(product_id__in=ids).values_list(
            "product_id", "category_id"
        ):
            categories[product_id].add(category_id)
        for product_id, certification_id in Certifications.objects.filter(product_id__in=ids).values_list(
            "product_id", "certification_id"
        ):
            certifications[product_id].add(certification_id)
    return stockrecords, categories, certifications


@transaction.atomic
def _write(job: ImportJob, rows, photos, saved_photos: list) -> None:
    # One import at a time per cooperative: the second waits, then sees the first's products.
    cooperative = Cooperative.objects.select_for_update().get(pk=job.cooperative_id)
    stockrecords, categories, certifications = _existing(cooperative, rows)
    # Batched: on SQLite this transaction holds the only write lock, so it must be short.
    new_rows = [row for row in rows if row.sku not in stockrecords]
    known_rows = [row for row in rows if row.sku in stockrecords]
    written, restocked, photos_added = 0, [], 0
    # Photos are written in smaller batches than rows: they are files, and the progress should move.
    batch_size = photo_writing.BATCH if photos is not None else WRITE_BATCH
    for batch in _chunks(new_rows, batch_size):
        try:
            products = catalog_services.products_bulk_create(
                cooperative=cooperative, rows=[_new_product(row) for row in batch]
            )
        except catalog_services.ProductRefused as refused:
            raise RowRefused(batch[refused.index].line, refused.messages) from refused
        photos_added += photo_writing.photos_add(
            photos, [(product.pk, row.photo) for product, row in zip(products, batch, strict=True)], saved_photos
        )
        written += len(batch)
        _report(job, written)
    now = timezone.now()
    for batch in _chunks(known_rows, batch_size):
        restocked += _update(batch, stockrecords, categories, certifications, now)
        photos_added += photo_writing.photos_add_where_missing(
            photos, [(stockrecords[row.sku].product_id, row.photo) for row in batch], saved_photos
        )
        written += len(batch)
        _report(job, written)
    if restocked and settings.OSCAR_EAGER_ALERTS:
        # robust: a mail server that fails does not make a committed import look failed.
        transaction.on_commit(lambda: _send_stock_alerts(restocked), robust=True)
    job.status = ImportJob.Status.DONE
    job.processed_rows = len(rows)
    job.created_products, job.updated_products = len(new_rows), len(known_rows)
    job.photos_added = photos_added
    job.errors = []
    job.finished_at = timezone.now()
    _job_written(
        lambda: job.save(
            update_fields=[
                "status",
                "processed_rows",
                "total_rows",
                "created_products",
                "updated_products",
                "photos_added",
                "errors",
                "finished_at",
            ]
        )
    )


def _new_product(row) -> catalog_services.NewProduct:
    return catalog_services.NewProduct(
        title=row.title,
        category=row.category,
        price=row.price,
        stock=row.stock,
        sku=row.sku,
        certifications=row.certifications or (),
        fields=row.fields,
    )


def _send_stock_alerts(product_ids) -> None:
    """What Oscar does when a stock record is saved, which queryset updates skip: tell the
    customers waiting for a product that it is back in stock."""
    dispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")()
    for ids in _chunks(product_ids):
        waited_for = ProductAlert.objects.filter(product_id__in=ids, status=ProductAlert.ACTIVE).values("product_id")
        for product in Product.objects.filter(pk__in=waited_for):
            dispatcher.send_product_alert_email_for_user(product)


@in_vietnamese  # the file's titles are Vietnamese, whatever the job's language
def _update(rows, stockrecords, categories, certifications, now) -> list[int]:
    """Write what the rows change, and only that, a few statements for the batch: a price
    list uploaded again with new prices updates the stock records and leaves the products alone.

    Returns the ids of the products whose stock record changed (customers waiting for them may be told)."""
    products_by_changes = defaultdict(list)
    new_categories, new_certifications, changed_stockrecords = {}, {}, []
    for row in rows:
        stockrecord = stockrecords[row.sku]
        product = stockrecord.product
        wanted = {"title": row.title, **row.fields}
        changes = {name: value for name, value in wanted.items() if _differs(product, name, value)}
        if changes:
            for name, value in changes.items():
                setattr(product, name, value)
            product.date_updated = now
            # Products are grouped by the fields that change, so each group updates only those.
            products_by_changes[tuple(sorted(changes))].append(product)
        if categories[product.pk] != {row.category.pk}:
            new_categories[product.pk] = row.category
        if row.certifications is not None and certifications[product.pk] != {c.pk for c in row.certifications}:
            new_certifications[product.pk] = row.certifications
        if (stockrecord.price, stockrecord.num_in_stock) != (row.price, row.stock):
            stockrecord.price, stockrecord.num_in_stock, stockrecord.date_updated = row.price, row.stock, now
            changed_stockrecords.append(stockrecord)
    for names, products in products_by_changes.items():
        _save_fields(Product, products, with_vietnamese_columns(Product, [*names, "date_updated"]))
    if new_categories:
        for ids in _chunks(new_categories):
            ProductCategory.objects.filter(product_id__in=ids).delete()
        ProductCategory.objects.bulk_create(
            ProductCategory(product_id=product_id, category=category) for product_id, category in new_categories.items()
        )
        catalog_services.product_category_hierarchy_refresh()
    if new_certifications:
        Certifications = Product.certifications.through
        for ids in _chunks(new_certifications):
            Certifications.objects.filter(product_id__in=ids).delete()
        Certifications.objects.bulk_create(
            Certifications(product_id=product_id, certification=certification)
            for product_id, chosen in new_certifications.items()
            for certification in chosen
        )
    _save_fields(StockRecord, changed_stockrecords, ["price", "num_in_stock", "date_updated"])
    return [stockrecord.product_id for stockrecord in changed_stockrecords]


def _save_fields(model, objects, names) -> None:
    """Write the ``names`` fields of each object: one UPDATE statement, executed for them all.

    Not ``bulk_update``: it builds a CASE expression per object and field, and for 10,000
    stock records spent 6.7 s in Python (one ``update()`` a row: 1.6 s; this: 0.3 s), all
    of it holding SQLite's write lock."""
    if not objects:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _differs(product, name, value) -> bool:
    if name == "origin_commune":
        return product.origin_commune_id != (value.pk if value else None)
    return getattr(product, name) != value
