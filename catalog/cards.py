"""What a product card shows, as a signature that keys the card in the cache, read two ways.

``card_signature(product)`` reads it from a product fetched with its card's rows
(``selectors.products_for_cards``): what a card is rendered from. ``card_signatures(ids)`` reads the
same tuple from four narrow queries of plain values, no model instances: a page whose cards are all
in the cache then never builds its two hundred product, stock record, partner, cooperative, image
and certification objects, about half of the catalogue page's server time for a signed-in buyer.
``ProductsForCards`` is such a page's product list: its full rows are fetched only when something
iterates it, or for the cards the cache lacks.

The signature: the language, the low-stock threshold, the product (update time, rating, how many
reviewed and ordered it, its origin), its stock records (price, stock, allocation, update time,
cooperative), certifications and images. A title or description edit moves the update time.
"""

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

from django.conf import settings
from django.utils.translation import get_language
from oscar.core.loading import get_model

from .popularity import with_popularity

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
ProductCertification = Product.certifications.through

# Bump when the cards' templates change what a card shows, so that kept cards are rendered again.
CARD_REVISION = 3


def _signature(product_row: tuple, stockrecords, certifications, images) -> tuple:
    return (
        CARD_REVISION,
        get_language(),
        settings.LOW_STOCK_THRESHOLD,
        *product_row,
        tuple(sorted(stockrecords)),
        tuple(sorted(certifications)),
        tuple(sorted(images)),
    )


def card_signature(product) -> tuple:
    """What the card of ``product`` shows, from its prefetched rows (no query)."""
    commune = product.origin_commune
    product_row = (
        product.pk,
        product.date_updated,
        product.rating,
        getattr(product, "approved_review_count", None),
        getattr(product, "order_count", None),
        (commune.pk, commune.name, commune.parent_id and commune.parent.name) if commune else None,
    )
    stockrecords = []
    for record in product.stockrecords.all():
        cooperative = getattr(record.partner, "cooperative", None)
        cooperative_row = (cooperative.pk, cooperative.name, cooperative.status) if cooperative else None
        stockrecords.append(
            (record.pk, record.price, record.num_in_stock, record.num_allocated, record.date_updated, cooperative_row)
        )
    certifications = [(c.pk, c.name_vi, c.name_en) for c in product.certifications.all()]
    images = [(image.pk, image.original.name, image.display_order) for image in product.images.all()]
    return _signature(product_row, stockrecords, certifications, images)


def card_signatures(ids) -> dict[int, tuple]:
    """``{pk: card_signature(product)}`` for the products of ``ids`` that exist, in four narrow queries."""
    ids = list(ids)
    stockrecords, certifications, images = defaultdict(list), defaultdict(list), defaultdict(list)
    records = (
        StockRecord.objects.filter(product_id__in=ids)
        .order_by()
        .values_list(
            "product_id",
            "pk",
            "price",
            "num_in_stock",
            "num_allocated",
            "date_updated",
            "partner__cooperative__pk",
            "partner__cooperative__name",
            "partner__cooperative__status",
        )
    )
    for product_id, *record, coop_pk, coop_name, coop_status in records:
        stockrecords[product_id].append((*record, (coop_pk, coop_name, coop_status) if coop_pk else None))
    linked = ProductCertification.objects.filter(product_id__in=ids).order_by()
    for product_id, *certification in linked.values_list(
        "product_id", "certification_id", "certification__name_vi", "certification__name_en"
    ):
        certifications[product_id].append(tuple(certification))
    for product_id, *image in (
        ProductImage.objects.filter(product_id__in=ids)
        .order_by()
        .values_list("product_id", "pk", "original", "display_order")
    ):
        images[product_id].append(tuple(image))
    products = (
        with_popularity(Product.objects.filter(pk__in=ids))
        .order_by()
        .values_list(
            "pk",
            "date_updated",
            "rating",
            "approved_review_count",
            "order_count",
            "origin_commune_id",
            "origin_commune__name",
            "origin_commune__parent_id",
            "origin_commune__parent__name",
        )
    )
    signatures = {}
    for pk, updated, rating, reviewed, ordered, commune_pk, commune_name, parent_pk, parent_name in products:
        commune = (commune_pk, commune_name, parent_pk and parent_name) if commune_pk else None
        product_row = (pk, updated, rating, reviewed, ordered, commune)
        signatures[pk] = _signature(product_row, stockrecords[pk], certifications[pk], images[pk])
    return signatures


class ProductsForCards(Sequence):
    """A page's products, by id, in order: ``product_cards`` reads their cards' signatures narrowly
    (``card_signatures``) and fetches full rows only for the cards the cache lacks; anything else
    that iterates the list gets the products with their card's rows."""

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
