"""Product cards, kept in the cache under their product's version, so that a change re-renders its own card only.

A card (image, title, cooperative, badges, price, stock, ratings, "x đã mua", the add-to-basket form) is the
same for every visitor but for the form's CSRF token: it is rendered with a placeholder for the token,
which each page fills in with its visitor's own. Its key is the product's version (catalog/cache_version.py),
which the caching package bumps with every change a card shows (caching/registry.py: the product, its stock
records, photos, reviews, orders and certifications; the catalogue's version, in every product's, with its
cooperative, category or place), read before the rows: a page of cards found in the cache reads no product
row at all, and fetches the full rows only for the cards missing. A sale or a price change re-renders that
product's card and no other. Oscar's card template (and its per-product-class variants) still renders each
card: ``render_product``. After a deploy that changes the card's templates, bump ``CARD_REVISION``.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from oscar.templatetags.product_tags import render_product

from catalog.cache_version import catalogue_version, products_shown
from catalog.cards import ProductsForCards

register = template.Library()

CSRF_PLACEHOLDER = "__PRODUCT_CARD_CSRF_TOKEN__"
DEFAULT_SECONDS = 3600
# The first row of cards (four on a desktop, two rows of two on a phone) is what the page opens on:
# their photos load at once, the very first one first (it is the largest paint); the rest lazily.
EAGER_CARDS = 4
LAZY = ' loading="lazy"'
# Bump when the cards' templates change what a card shows, so that kept cards are rendered again.
CARD_REVISION = 4


def _card_keys(pks) -> dict[int, str]:
    """Each card's key: what it is rendered in (language, low-stock threshold) and its product's version."""
    versions = products_shown(pks)  # the page shows them: a page kept whole goes stale with them
    prefix = f"catalog:card:{CARD_REVISION}:{get_language()}:{settings.LOW_STOCK_THRESHOLD}:{catalogue_version()}"
    return {pk: f"{prefix}:{pk}:{version}" for pk, version in versions.items()}


@register.simple_tag(takes_context=True)
def product_cards(context, products, placed=True) -> list[str]:
    """The cards of ``products``, in order: those cached in one read, the others rendered and stored.
    ``placed``: the first cards are the top of the page (``card_placed``); not so for a list further down."""
    ids = products.ids if isinstance(products, ProductsForCards) else [product.pk for product in products]
    keys = _card_keys(ids)
    seconds = getattr(settings, "PRODUCT_CARD_CACHE_SECONDS", DEFAULT_SECONDS)
    if not seconds:
        served = [render_product(context, product) for product in products]
        return [card_placed(card, n if placed else EAGER_CARDS + 1) for n, card in enumerate(served, start=1)]
    cards = cache.get_many(keys.values())
    missing = [pk for pk in ids if keys[pk] not in cards]
    if isinstance(products, ProductsForCards):
        to_render = products.fetch(missing) if missing else []  # the full rows only for the cards missing
    else:
        to_render = [product for product in products if keys[product.pk] not in cards]
    rendered = {}
    with context.push(csrf_token=CSRF_PLACEHOLDER):
        for product in to_render:
            rendered[keys[product.pk]] = render_product(context, product)
    if rendered:
        cache.set_many(rendered, seconds)
        cards.update(rendered)
    token = str(context.get("csrf_token", ""))
    # A product gone meanwhile has no row to render: its card is left out.
    served = [cards[keys[pk]].replace(CSRF_PLACEHOLDER, token) for pk in ids if keys[pk] in cards]
    return [card_placed(card, n if placed else EAGER_CARDS + 1) for n, card in enumerate(served, start=1)]


@register.filter
def card_placed(card: str, position: int) -> str:
    """The card as its place on the page wants its photo loaded (the cached card says "lazy").

    ``{% filter card_placed:forloop.counter %}{% include "…/product.html" %}{% endfilter %}``."""
    if position <= EAGER_CARDS:
        card = card.replace(LAZY, ' fetchpriority="high"' if position == 1 else "", 1)
    return mark_safe(card)
