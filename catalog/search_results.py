"""A search's results as the paginator sees them: the ordered ids of every product found, read
in one query and kept in the cache under the catalogue version.

Counting the results and listing a page of them each scan every product's folded text (about
11 ms apiece at 10,000 products on SQLite); reading the ids once costs one such scan and answers
both. The ids are kept under the listings' version (catalog/cache_version.py), which every change
of a product, its price, its cooperative or its categories bumps (a sale does not: no search reads
stock levels), so the results stay live; the
next page of the same search, or the same search by another buyer, scans nothing, and does not even
build the search's query (a few milliseconds of the ORM's work). Only the page's products are then
fetched, by id, with what their cards show (only those whose cards the cache lacks: catalog/cards.py).
"""

import hashlib
from collections.abc import Sequence

from django.core.cache import cache

from .cache_version import listing_version
from .search import query_words

RESULTS_CACHE_SECONDS = 300


class SearchResults(Sequence):
    """The ids of the products ``find()`` returns (a search, ordered; called only when the ids are not
    kept), counted and sliced: a slice is the page's ids."""

    def __init__(self, find, *, query: str, filters, sort: str):
        self.find = find
        signature = repr((query_words(query), filters, sort))
        self.key = f"catalog:search-ids:{listing_version()}:" + hashlib.sha256(signature.encode()).hexdigest()
        self._ids = None

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            self._ids = cache.get(self.key)
            if self._ids is None:
                self._ids = list(self.find().values_list("pk", flat=True))
                cache.set(self.key, self._ids, RESULTS_CACHE_SECONDS)
        return self._ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        return self.ids[index]
