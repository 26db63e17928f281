"""Reads of the catalogue that pages list. Each returns a queryset whose
related rows are fetched up front, so a page's query count does not grow
with the number of products it shows."""

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from oscar.core.loading import get_model

from .search import fold_vietnamese, query_words

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


def products_matching(query: str):
    """Products on sale that every word of ``query`` finds, typed with or without diacritics,
    the most relevant first: the title starting with the query, then the title holding every
    word, then the rest (the words are in the cooperative's, a category's or a certification's
    name). Ties as the catalogue orders them. An empty query lists every product on sale."""
    words = query_words(query)
    products = products_on_sale()
    if not words:
        return products.order_by("-is_flagship", "-date_created", "pk")
    in_text, in_title = Q(), Q()
    for word in words:
        in_text &= Q(search_text__contains=word)
        in_title &= Q(search_title__contains=word)
    return (
        products.filter(in_text)
        .annotate(
            search_rank=Case(
                When(search_title__startswith=fold_vietnamese(query), then=Value(2)),
                When(in_title, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-search_rank", "-is_flagship", "-date_created", "pk")
    )
