"""Product cards, kept in the cache under what they show, so that a change re-renders its own card only.

A card (image, title, cooperative, badges, price, stock, the add-to-basket form) is the same for
every visitor but for the form's CSRF token: it is rendered with a placeholder for the token,
which each page fills in with its visitor's own. Its key is a digest of the rows the card shows,
all fetched for the page already (``selectors.products_for_cards``): the product (its update
time, rating and how many reviewed and ordered it), its stock records (price, stock, allocation),
their cooperative, its certifications, images and origin, and the language. A sale or a price change re-renders that
product's card and no other. Oscar's card template (and its per-product-class variants) still
renders each card: ``render_product``. After a deploy that changes the card's templates, clear
the cache (or bump ``CARD_REVISION``).
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from oscar.templatetags.product_tags import render_product

from catalog import selectors

register = template.Library()

CSRF_PLACEHOLDER = "__PRODUCT_CARD_CSRF_TOKEN__"
DEFAULT_SECONDS = 3600
CARD_REVISION = 2


def card_signature(product) -> tuple:
    """What the card of ``product`` shows, from its prefetched rows (no query)."""
    stockrecords = tuple(
        (
            record.pk,
            record.price,
            record.num_in_stock,
            record.num_allocated,
            record.date_updated,
            _cooperative_signature(getattr(record.partner, "cooperative", None)),
        )
        for record in product.stockrecords.all()
    )
    commune = product.origin_commune
    return (
        CARD_REVISION,
        get_language(),
        settings.LOW_STOCK_THRESHOLD,
        product.pk,
        product.date_updated,
        product.rating,
        getattr(product, "approved_review_count", None),
        getattr(product, "order_count", None),
        stockrecords,
        tuple((certification.pk, certification.name) for certification in product.certifications.all()),
        tuple((image.pk, image.original.name, image.display_order) for image in product.images.all()),
        (commune.pk, commune.name, commune.parent_id and commune.parent.name) if commune else None,
    )


def _cooperative_signature(cooperative):
    return (cooperative.pk, cooperative.name, cooperative.status) if cooperative else None


def _card_key(product) -> str:
    return "catalog:card:" + hashlib.sha256(repr(card_signature(product)).encode()).hexdigest()


@register.simple_tag(takes_context=True)
def product_cards(context, products) -> list[str]:
    """The cards of ``products``, in order: those cached in one read, the others rendered and stored."""
    seconds = getattr(settings, "PRODUCT_CARD_CACHE_SECONDS", DEFAULT_SECONDS)
    if not seconds:
        return [render_product(context, product) for product in products]
    keys = {product.pk: _card_key(product) for product in products}
    cards = cache.get_many(keys.values())
    rendered = {}
    with context.push(csrf_token=CSRF_PLACEHOLDER):
        for product in products:
            if keys[product.pk] not in cards:
                rendered[keys[product.pk]] = render_product(context, product)
    if rendered:
        cache.set_many(rendered, seconds)
        cards.update(rendered)
    token = str(context.get("csrf_token", ""))
    return [mark_safe(cards[keys[product.pk]].replace(CSRF_PLACEHOLDER, token)) for product in products]


@register.simple_tag(takes_context=True)
def product_cards_refetched(context, products) -> list[str]:
    """The cards of ``products`` fetched by someone else (Oscar's recently viewed products, one bare
    query): fetched again with their card's rows (a few queries for all), then as ``product_cards``.
    Rendered one by one from bare rows, each card cost about ten queries and a full template render."""
    return product_cards(context, selectors.products_for_cards([product.pk for product in products]))
