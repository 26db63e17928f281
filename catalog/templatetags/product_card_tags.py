"""Product cards, kept in the cache under what they show, so that a change re-renders its own card only.

A card (image, title, cooperative, badges, price, stock, the add-to-basket form) is the same for
every visitor but for the form's CSRF token: it is rendered with a placeholder for the token,
which each page fills in with its visitor's own. Its key is a digest of what the card shows
(catalog/cards.py): read from the rows fetched for the page, or, for a listing's
``ProductsForCards``, from narrow queries first, the full rows fetched only for the cards missing.
A sale or a price change re-renders that product's card and no other. Oscar's card template (and
its per-product-class variants) still renders each card: ``render_product``. After a deploy that
changes the card's templates, clear the cache (or bump ``cards.CARD_REVISION``).
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from oscar.templatetags.product_tags import render_product

from catalog import selectors
from catalog.cache_version import products_shown
from catalog.cards import ProductsForCards, card_signature, card_signatures

register = template.Library()

CSRF_PLACEHOLDER = "__PRODUCT_CARD_CSRF_TOKEN__"
DEFAULT_SECONDS = 3600
# The first row of cards (four on a desktop, two rows of two on a phone) is what the page opens on:
# their photos load at once, the very first one first (it is the largest paint); the rest lazily.
EAGER_CARDS = 4
LAZY = ' loading="lazy"'


def _card_key(signature: tuple) -> str:
    return "catalog:card:" + hashlib.sha256(repr(signature).encode()).hexdigest()


@register.simple_tag(takes_context=True)
def product_cards(context, products, placed=True) -> list[str]:
    """The cards of ``products``, in order: those cached in one read, the others rendered and stored.
    ``placed``: the first cards are the top of the page (``card_placed``); not so for a list further down."""
    # The page shows them: a page kept whole goes stale with them (caching/page_cache.py).
    products_shown(products.ids if isinstance(products, ProductsForCards) else [product.pk for product in products])
    seconds = getattr(settings, "PRODUCT_CARD_CACHE_SECONDS", DEFAULT_SECONDS)
    if not seconds:
        served = [render_product(context, product) for product in products]
        return [card_placed(card, n if placed else EAGER_CARDS + 1) for n, card in enumerate(served, start=1)]
    if isinstance(products, ProductsForCards):
        # The signatures from plain values; the full rows only for the cards the cache lacks.
        keys = {pk: _card_key(signature) for pk, signature in card_signatures(products.ids).items()}
        order = [pk for pk in products.ids if pk in keys]
        cards = cache.get_many(keys.values())
        missing = [pk for pk in order if keys[pk] not in cards]
        to_render = products.fetch(missing) if missing else []
    else:
        keys = {product.pk: _card_key(card_signature(product)) for product in products}
        order = [product.pk for product in products]
        cards = cache.get_many(keys.values())
        to_render = [product for product in products if keys[product.pk] not in cards]
    rendered = {}
    with context.push(csrf_token=CSRF_PLACEHOLDER):
        for product in to_render:
            # Keyed on the rows it is rendered from (the same signature, unless it changed meanwhile).
            key = keys[product.pk] = _card_key(card_signature(product))
            rendered[key] = render_product(context, product)
    if rendered:
        cache.set_many(rendered, seconds)
        cards.update(rendered)
    token = str(context.get("csrf_token", ""))
    served = [cards[keys[pk]].replace(CSRF_PLACEHOLDER, token) for pk in order if keys[pk] in cards]
    return [card_placed(card, n if placed else EAGER_CARDS + 1) for n, card in enumerate(served, start=1)]


@register.filter
def card_placed(card: str, position: int) -> str:
    """The card as its place on the page wants its photo loaded (the cached card says "lazy").

    ``{% filter card_placed:forloop.counter %}{% include "…/product.html" %}{% endfilter %}``."""
    if position <= EAGER_CARDS:
        card = card.replace(LAZY, ' fetchpriority="high"' if position == 1 else "", 1)
    return mark_safe(card)


@register.simple_tag(takes_context=True)
def product_cards_refetched(context, products) -> list[str]:
    """The cards of ``products`` fetched by someone else (Oscar's recently viewed products, one bare
    query): fetched again with their card's rows (a few queries for all), then as ``product_cards``.
    Rendered one by one from bare rows, each card cost about ten queries and a full template render."""
    refetched = ProductsForCards([product.pk for product in products], selectors.products_for_cards)
    return product_cards(context, refetched, placed=False)  # below the product's own photo: all lazy
