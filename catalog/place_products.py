"""What products come from a place (the place pages, /noi-san-xuat/, and the search's dead-end offers).

A product's place is its origin commune or, when none is given, its cooperative's commune. Here in catalog,
above regions, so regions never imports the catalogue; a fixed number of queries, whatever the number of units."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from catalog.selectors import products_on_sale

StockRecord = get_model("partner", "StockRecord")


def _cooperative_commune():
    """The commune of the cooperative selling a product (products have one seller)."""
    return Subquery(
        StockRecord.objects.filter(product=OuterRef("pk")).order_by("pk").values("partner__cooperative__commune_id")[:1]
    )


def _products_with_place():
    return products_on_sale().annotate(
        place_id=Coalesce("origin_commune_id", _cooperative_commune(), output_field=IntegerField())
    )


def products_from(units):
    """Products on sale that come from any of ``units``, flagship products first."""
    unit_ids = [unit.pk for unit in units]
    return _products_with_place().filter(place_id__in=unit_ids).order_by("-is_flagship", "-rating", "title", "pk")


def product_counts_by_place() -> dict[int, int]:
    """How many products on sale come from each commune, by commune id (one query)."""
    return dict(
        _products_with_place()
        .order_by()
        .values("place_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("place_id", "n")
    )
