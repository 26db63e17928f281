"""Reads of a cooperative's own products, for its staff (the workspace's product list and form).

Every product is reached through the cooperative's stock records, so another cooperative's
product is simply not found (the views answer 404)."""

from django.db.models import Prefetch
from oscar.core.loading import get_model

from . import search
from .stock import low_stock_threshold, running_low

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

ON_SALE, OFF_SALE, LOW_STOCK = "on", "off", "low"
SHOWS = (ON_SALE, OFF_SALE, LOW_STOCK)


def _own_stockrecords(cooperative):
    return StockRecord.objects.filter(partner_id=cooperative.partner_id)


def own_products(cooperative):
    """The products ``cooperative`` sells, each with its stock record as ``own_stockrecord``
    (prefetched: one query for a whole page) and its photos."""
    return Product.objects.filter(pk__in=_own_stockrecords(cooperative).values("product_id")).prefetch_related(
        Prefetch("stockrecords", queryset=_own_stockrecords(cooperative), to_attr="own_stockrecords"),
        Prefetch("images", queryset=ProductImage.objects.order_by("display_order", "pk")),
    )


def own_products_listed(*, cooperative, query: str = "", show: str = ""):
    """The product list: the titles holding every typed word (with or without diacritics), on
    sale, off sale or low in stock (what is left to sell at most ``LOW_STOCK_THRESHOLD``), by title."""
    products = own_products(cooperative)
    for word in search.query_words(query):
        products = products.filter(search_title__contains=word)
    if show == ON_SALE:
        products = products.filter(is_public=True)
    elif show == OFF_SALE:
        products = products.filter(is_public=False)
    elif show == LOW_STOCK:
        products = products.filter(pk__in=running_low(_own_stockrecords(cooperative)).values("product_id"))
    return products.order_by("title", "pk")


def own_product(*, cooperative, pk):
    """One of ``cooperative``'s products with its categories and certifications, or None."""
    return own_products(cooperative).prefetch_related("categories", "certifications").filter(pk=pk).first()


def own_stockrecord_of(product):
    """The cooperative's stock record of a product read by ``own_products``."""
    return product.own_stockrecords[0] if product.own_stockrecords else None


def is_running_low(stockrecord) -> bool:
    """One row's "low in stock", the rule ``own_products_listed(show=LOW_STOCK)`` filters on."""
    return stockrecord.num_in_stock is not None and stockrecord.net_stock_level <= low_stock_threshold()
