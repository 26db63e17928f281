"""Signals for writes that Django's own signals do not see, and product changes collected over a job.

A bulk insert sends no ``post_save``: whoever writes products, stock or photos in bulk sends
``products_bulk_written`` with the products' ids, and the caching package (caching/receivers.py)
makes those products' pages and the listings stale.

A job that writes many rows one after another (the beat job placing a day's standing orders,
contracts/placing.py) would make the same products' pages stale once per row written: each order's lines,
stock allocations, parts and ``order_placed``, each a few queries. Inside ``product_changes_collected()``
the caching receivers hand the products over instead (``product_changes_collect``), and they are sent
once, as ``products_bulk_written``, when the block ends (also when it ends by an error: what was written
before it has committed). A page cached meanwhile is made stale then: the job's writes show on cached
pages within the job's run rather than at each commit."""

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.dispatch import Signal

# Sent with product_ids: the ids of the products written; new=True when they were just created;
# listings=False when what was written is only a sale (stock levels, order lines): no listing's counts change.
products_bulk_written = Signal()

_collected = threading.local()


@contextmanager
def product_changes_collected():
    """Collect the products changed inside the block; send them once at its end. Nested blocks join the
    outer one."""
    if getattr(_collected, "ids", None) is not None:
        yield
        return
    _collected.ids = {}  # product pk: whether a change of it makes the listings stale too
    try:
        yield
    finally:
        ids, _collected.ids = _collected.ids, None
        for listings in (True, False):
            chosen = sorted(pk for pk, its_listings in ids.items() if its_listings is listings)
            if chosen:
                products_bulk_written.send(sender=product_changes_collected, product_ids=chosen, listings=listings)


def product_changes_collect(product_ids: Iterable, *, listings: bool = True) -> bool:
    """Take these products' change into the open collection: False when none is open (refresh now).
    ``listings``: the change makes the listings stale too (catalog/cache_version.py)."""
    ids = getattr(_collected, "ids", None)
    if ids is None:
        return False
    for pk in product_ids:
        if pk is not None:
            ids[pk] = ids.get(pk, False) or listings
    return True
