"""A listing's page of products as its cards need them: by id, the full rows fetched only when needed.

A page whose cards are all in the cache (catalog/templatetags/product_card_tags.py: keyed on each
product's version) never builds its two hundred product, stock record, partner, cooperative, image and
certification objects, about half of the catalogue page's server time for a signed-in buyer.
"""

from collections.abc import Sequence
from functools import cached_property


class ProductsForCards(Sequence):
    """A page's products, by id, in order: ``product_cards`` keys their cards on the products' versions
    and fetches full rows only for the cards the cache lacks; anything else that iterates the list gets
    the products with their card's rows."""

    def __init__(self, ids, fetch):
        self.ids = list(ids)
        self._fetch = fetch  # ids -> products with their card's rows, in the order of the ids

    @cached_property
    def _products(self) -> list:
        return self._fetch(self.ids)

    def fetch(self, ids) -> list:
        return self._fetch(ids)

    def __getitem__(self, index):
        return self._products[index]

    def __len__(self):
        return len(self._products)

    def __bool__(self):
        return bool(self.ids)
