from django import template
from django.core.cache import cache
from oscar.core.loading import get_class, get_model

from catalog import selectors
from catalog.cache_version import product_version
from catalog.cards import ProductsForCards
from catalog.review_rules import approved_reviews
from catalog.templatetags.product_card_tags import product_cards

register = template.Library()

Cooperative = get_model("cooperatives", "Cooperative")
CustomerHistoryManager = get_class("customer.history", "CustomerHistoryManager")

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


# The lists under a product's page, instead of Oscar's: products on sale only, as the catalogue's cards (kept
# under their versions), never a product row when the cards are kept. Oscar listed recommendations from a
# suspended cooperative, and a recently viewed product of one, and read each list's product rows on every page.


@register.simple_tag(takes_context=True)
def recommended_cards(context, product) -> list[str]:
    """``{% recommended_cards product as cards %}``: the cards of the products recommended with it."""
    return _cards_below(context, selectors.recommended_on_sale(product.pk))


@register.simple_tag(takes_context=True)
def recently_viewed_cards(context, product) -> list[str]:
    """``{% recently_viewed_cards product as cards %}``: the cards of the visitor's recently viewed products
    (Oscar's cookie), newest first, without this one."""
    viewed = CustomerHistoryManager.extract(context["request"])
    return _cards_below(context, selectors.recently_viewed_on_sale(viewed, besides=product.pk))


def _cards_below(context, ids) -> list[str]:
    if not ids:
        return []
    products = ProductsForCards(ids, selectors.products_for_cards)
    return product_cards(context, products, placed=False)  # below the product's own photo: all lazy
