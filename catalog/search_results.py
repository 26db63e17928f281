"""A search's results as the paginator sees them: the ordered ids of every product found, read
in one query and kept in the cache under the catalogue version.

Counting the results and listing a page of them each scan every product's folded text (about
11 ms apiece at 10,000 products on SQLite); reading the ids once costs one such scan and answers
both. The ids are kept under the listings' version (catalog/cache_version.py), which every change
of a product, its price, its cooperative or its categories bumps (a sale does not: no search reads
stock levels), so the results stay live; the
next page of the same search, or the same search by another buyer, scans nothing. Only the page's
products are then fetched, by id, with what their cards show (only those whose cards the cache
lacks, on the search page).
"""

import hashlib
from collections.abc import Sequence

from django.core.cache import cache

from .cache_version import listing_version
from .search import query_words

RESULTS_CACHE_SECONDS = 300


class SearchResults(Sequence):
    """The products of ``queryset`` (a search, ordered), counted and sliced from their cached ids;
    ``rows(ids)`` fetches a page's products (in any order) with what the page shows of them. Without
    ``rows`` a slice is the page's ids (the search page fetches only the rows its cached cards lack:
    catalog/cards.py)."""

    def __init__(self, queryset, *, rows=None, query: str, filters):
        self.queryset = queryset
        self.rows = rows
        signature = repr((query_words(query), filters, str(queryset.query.order_by)))
        self.key = f"catalog:search-ids:{listing_version()}:" + hashlib.sha256(signature.encode()).hexdigest()
        self._ids = None

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = cache.get(self.key)
            if self._ids is None:
                self._ids = list(self.queryset.values_list("pk", flat=True))
                cache.set(self.key, self._ids, RESULTS_CACHE_SECONDS)
        return self._ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        if self.rows is None:
            return ids
        # Not searched again: the ids are of this catalogue version, so still on sale.
        found = {product.pk: product for product in self.rows(ids)}
        return [found[pk] for pk in ids if pk in found]
