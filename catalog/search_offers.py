"""What a search that finds nothing offers instead of a dead end: the products nearest to it
(those holding most of its words: catalog/selectors.py ``products_nearest``), the categories,
and the places that have products, each a link."""

from django.utils.translation import get_language
from oscar.core.loading import get_model

from regions.selectors import districts_with_counts
from regions.urls import place_url

from . import selectors
from .place_products import product_counts_by_place

Category = get_model("catalogue", "Category")


def search_dead_end_offers(query: str, *, limit: int) -> dict:
    """``nearest_products``, ``offered_categories`` (public, top level) and ``offered_places``
    (districts with products on sale: name, URL, product count), kept under the catalogue version."""
    language = get_language()  # the links' language prefix
    places = selectors.kept_under_version(f"search-offers:places:{language}", _places_with_products)
    categories = selectors.kept_under_version(f"search-offers:categories:{language}", _top_categories)
    return {
        "nearest_products": selectors.products_nearest(query, limit=limit),
        "offered_categories": categories,
        "offered_places": places,
    }


def _top_categories() -> list[dict]:
    roots = Category.objects.filter(depth=1, is_public=True).order_by("name")
    return [{"name": category.name, "url": category.get_absolute_url()} for category in roots]


def _places_with_products() -> list[dict]:
    return [
        {"name": place.unit.name, "url": place_url(place.unit), "count": place.product_count}
        # Verified cooperatives per place are not offered here: only the products are counted.
        for place in districts_with_counts(product_counts=product_counts_by_place(), cooperative_counts={})
        if place.product_count
    ]
