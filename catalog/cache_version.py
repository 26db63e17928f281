"""The catalogue's version: a number in the cache that every change buyers could see bumps.

Cached pages (marketplace/page_cache.py) and cached counts carry the version in their keys, so a
bump makes them all stale at once, without knowing which pages showed the changed row. Signals
are for cache invalidation (docs/HOUSE_STYLE.md): products, prices and stock are written by
Oscar's dashboard, its checkout (``StockRecord.allocate`` sends the save signals itself), the
admin and our services alike. Bulk writes send none: ``products_bulk_create`` and the product
import (through its job's save) bump here, and so does every placed order.
"""

import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from oscar.apps.order.signals import order_placed
from oscar.core.loading import get_model

from cooperatives.models import Cooperative, ImportJob

from .models import Certification

VERSION_KEY = "catalog:version"

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
ProductReview = get_model("reviews", "ProductReview")

WATCHED_MODELS = (
    Product,
    StockRecord,
    Category,
    ProductCategory,
    ProductImage,
    Certification,
    Cooperative,
    ProductReview,
)


def catalogue_version() -> int:
    path = _version_file()
    if path is not None:
        try:
            return path.stat().st_mtime_ns
        except FileNotFoundError:
            path.touch()
            return path.stat().st_mtime_ns
    version = cache.get(VERSION_KEY)
    if version is None:
        # A start from the clock, not from 1: were the key evicted, counting again from 1 would
        # revive pages cached under the old small numbers.
        version = time.time_ns() // 1000
        if not cache.add(VERSION_KEY, version, None):
            version = cache.get(VERSION_KEY, version)
    return version


def catalogue_version_bump() -> None:
    """Make every page and count cached under the current version stale.

    Bumped now and again once the transaction commits: a page rendered between the write and
    the commit still shows the old rows, and would otherwise stay cached under the new version."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    path = _version_file()
    if path is not None:
        before = catalogue_version()
        now = time.time_ns()
        os.utime(path, ns=(now, max(now, before + 1)))
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        catalogue_version()
        cache.incr(VERSION_KEY)


def _version_file() -> Path | None:
    """Where the version lives when each server process has a cache of its own (LocMemCache, the
    default without CACHE_URL): a file's modification time, which every process on the machine
    sees, so that a price changed through one gunicorn worker shows at once from the others.
    None with a shared cache (Redis, Memcached): the cache holds the version."""
    if not isinstance(caches["default"], LocMemCache):
        return None
    configured = getattr(settings, "CATALOGUE_VERSION_FILE", None)
    if configured:
        return Path(configured)
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.sha256(database.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"cho-htx-catalogue-version-{digest}"


def _changed(sender, **kwargs):
    if not kwargs.get("raw", False):  # loaddata
        catalogue_version_bump()


for _model in WATCHED_MODELS:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"catalog.version.save.{_model._meta.label}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"catalog.version.delete.{_model._meta.label}")
m2m_changed.connect(_changed, sender=Product.certifications.through, dispatch_uid="catalog.version.certifications")


@receiver(post_save, sender=ImportJob, dispatch_uid="catalog.version.import")
def _import_finished(sender, instance, **kwargs):
    # The import writes in bulk (no signals); its job is saved once it is done.
    if instance.status == ImportJob.Status.DONE:
        catalogue_version_bump()


@receiver(order_placed, dispatch_uid="catalog.version.order_placed")
def _order_placed(sender, **kwargs):
    # Allocation sends the stock records' save signals already; this covers any other path.
    catalogue_version_bump()
