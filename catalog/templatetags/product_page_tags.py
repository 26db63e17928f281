from django import template
from django.core.cache import cache
from oscar.core.loading import get_model

from catalog.cache_version import product_version
from catalog.review_rules import approved_reviews

register = template.Library()

Cooperative = get_model("cooperatives", "Cooperative")

REVIEWS_CACHE_SECONDS = 300


@register.simple_tag
def seller_of(product):
    """``{% seller_of product as cooperative %}``: the cooperative selling the product, with its
    commune (and district) and storefront, in one query for the product page."""
    return (
        Cooperative.objects.select_related("commune__parent", "storefront")
        .filter(partner__stockrecords__product=product)
        .first()
    )


@register.simple_tag
def reviews_summary(product, limit=3):
    """``{% reviews_summary product as summary %}``: the product's ``limit`` newest approved reviews
    (``summary.reviews``, each with ``verified_purchase``) and how many it has (``summary.count``).

    The same for every buyer, so kept in the cache under the product's version, which any saved
    review of it (or vote, which saves its review's totals) bumps."""
    key = f"catalog:reviews:{product_version(product.pk)}:{product.pk}:{limit}"
    summary = cache.get(key)
    if summary is None:
        reviews = list(approved_reviews(product=product, limit=limit + 1))
        count = len(reviews) if len(reviews) <= limit else product.num_approved_reviews
        summary = {"reviews": reviews[:limit], "count": count}
        cache.set(key, summary, REVIEWS_CACHE_SECONDS)
    return summary
