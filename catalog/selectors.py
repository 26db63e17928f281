"""Reads of the catalogue that pages list. Each returns a queryset whose
related rows are fetched up front, so a page's query count does not grow
with the number of products it shows."""

from django.db.models import Exists, OuterRef
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def _on_sale_stockrecords():
    return StockRecord.objects.filter(
        product=OuterRef("pk"), partner__cooperative__status="verified"
    )


def products_on_sale():
    """Public, canonical products that a verified cooperative sells.

    A suspended or unverified cooperative's products disappear from the shop
    but stay in the database.
    """
    return (
        Product.objects.browsable()
        .base_queryset()
        .filter(Exists(_on_sale_stockrecords()))
        .select_related("origin_commune__parent")
        .prefetch_related("stockrecords__partner__cooperative", "certifications")
    )


def products_in_category(category):
    return products_on_sale().filter(categories__in=category.get_descendants_and_self()).distinct()


def flagship_products(*, limit, cooperative_ids=None):
    products = products_on_sale().filter(is_flagship=True)
    if cooperative_ids:
        products = products.filter(stockrecords__partner__cooperative__in=cooperative_ids).distinct()
    return products.order_by("-rating", "title")[:limit]


def is_product_on_sale(product) -> bool:
    return products_on_sale().filter(pk=product.pk).exists()
