"""The versions that cached pages, listings and fragments carry in their keys: read here, bumped
only by the caching package (caching/receivers.py), which declares what makes each stale.

Three scopes, so that a sale does not empty every cached page:

- the catalogue version: everything (categories, certifications, cooperatives, storefronts,
  places, bulk writes); every key below carries it;
- the listings' version: the catalogue, category, search and place pages, their counts, ids,
  facets and suggestions; a change of a product, its price, seller or categories bumps it, a
  change of its stock level or an order of it does not (no listing counts, orders or filters on
  those);
- one version per product: its product page and that page's fragments and reviews; a change of
  the product, its stock, price, photos or reviews, or an order of it, bumps it. A listing page kept
  whole (caching/page_cache.py) also keeps the versions of the products it shows: a sale, which
  leaves the listings' version alone, makes stale the pages showing the product sold, no other.

This module is low-level on purpose (it imports no other app): catalog reads the versions, the
caching package bumps them, and nothing imports the caching package.
"""

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

VERSION_KEY = "catalog:version"
LISTINGS = "listings"


def catalogue_version() -> int:
    return _read(None)


def listing_version() -> str:
    """For keys of what a listing shows (pages, counts, ids, facets, suggestions)."""
    return f"{catalogue_version()}.{_read(LISTINGS)}"


def product_version(product_pk) -> str:
    """For keys of what one product's page shows."""
    return f"{catalogue_version()}.{_read(_product(product_pk))}"


def catalogue_version_bump() -> None:
    """Make every page, listing and fragment cached under the current version stale."""
    _bump_now_and_on_commit([None])


def products_changed(product_pks: Iterable, *, listings: bool = True) -> None:
    """Make the pages of these products stale and, with ``listings``, every listing's counts, ids and
    facets; nothing else. A sale (stock levels, an order's lines) changes none of what a listing counts,
    orders or filters on: ``listings=False``, and the listing pages showing these products notice by
    their versions (``products_shown``)."""
    names = [_product(pk) for pk in {int(pk) for pk in product_pks if pk is not None}]
    _bump_now_and_on_commit([LISTINGS] + names if listings else names)


# The products a page being rendered shows, with their versions as read before their rows were: a
# page kept in the cache is stale once one of them changes (caching/page_cache.py).
_shown: ContextVar[dict | None] = ContextVar("catalog_products_shown", default=None)


@contextmanager
def products_shown_collected():
    """Collect, inside the block, the products that ``products_shown`` is told of: yields the dict
    ``{product pk: version}`` it fills."""
    token = _shown.set({})
    try:
        yield _shown.get()
    finally:
        _shown.reset(token)


def products_shown(product_pks: Iterable) -> dict[int, int]:
    """A page shows these products (their cards): read their versions now, before their rows, and
    return them (the cards' keys: catalog/templatetags/product_card_tags.py)."""
    pks = [int(pk) for pk in product_pks]
    shown = _shown.get()
    known = {pk: shown[pk] for pk in pks if pk in shown} if shown else {}
    versions = known | products_versions([pk for pk in pks if pk not in known])
    if shown is not None:
        shown.update(versions)
    return versions


def products_versions(product_pks: Iterable) -> dict[int, int]:
    """The versions of these products' own pages, in one cache read (or one ``stat`` each with the
    version files)."""
    pks = [int(pk) for pk in product_pks]
    if _version_file() is not None:
        return {pk: _read(_product(pk)) for pk in pks}
    keys = {_cache_key(_product(pk)): pk for pk in pks}
    found = cache.get_many(keys)
    return {pk: found[key] if key in found else _read(_product(pk)) for key, pk in keys.items()}


def _product(pk) -> str:
    return f"product-{int(pk)}"


def _bump_now_and_on_commit(names: list) -> None:
    # Bumped now and again once the transaction commits: a page rendered between the write and
    # the commit still shows the old rows, and would otherwise stay cached under the new version.
    _bump(names)
    transaction.on_commit(lambda: _bump(names))


def _read(name: str | None) -> int:
    path = _version_file(name)
    if path is not None:
        try:
            return path.stat().st_mtime_ns
        except FileNotFoundError:
            if name is not None:
                return 0  # never bumped
            path.touch()
            return path.stat().st_mtime_ns
    key = _cache_key(name)
    version = cache.get(key)
    if version is None:
        # A start from the clock, not from 1: were the key evicted, counting again from 1 would
        # revive pages cached under the old small numbers.
        version = time.time_ns() // 1000
        if not cache.add(key, version, None):
            version = cache.get(key, version)
    return version


def _bump(names: list) -> None:
    for name in names:
        path = _version_file(name)
        if path is not None:
            before = _read(name)
            now = time.time_ns()
            path.touch()
            os.utime(path, ns=(now, max(now, before + 1)))
            continue
        key = _cache_key(name)
        try:
            cache.incr(key)
        except ValueError:  # not set yet, or evicted
            _read(name)
            cache.incr(key)


def _cache_key(name: str | None) -> str:
    return VERSION_KEY if name is None else f"{VERSION_KEY}:{name}"


def _version_file(name: str | None = None) -> Path | None:
    """Where a version lives when each server process has a cache of its own (LocMemCache, the
    default without CACHE_URL): a file's modification time, which every process on the machine
    sees, so that a price changed through one gunicorn worker shows at once from the others.
    None with a shared cache (Redis, Memcached): the cache holds the version."""
    if not isinstance(caches["default"], LocMemCache):
        return None
    configured = getattr(settings, "CATALOGUE_VERSION_FILE", None)
    if configured:
        path = Path(configured)
    else:
        database = str(settings.DATABASES["default"].get("NAME", ""))
        digest = hashlib.sha256(database.encode()).hexdigest()[:16]
        path = Path(tempfile.gettempdir()) / f"cho-htx-catalogue-version-{digest}"
    return path if name is None else path.with_name(f"{path.name}-{name}")
