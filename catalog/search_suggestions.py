"""Suggestions while a buyer types in the search box (catalog/static/catalog/js/search_suggest.js):
up to eight products, categories, cooperatives and places whose names hold the words typed, the
last one as it is being typed ("dua l" suggests "Dưa lưới").

Products are found as the search finds them, through their words' table (catalog/suggestion_words.py); the
names of the categories, cooperatives and places are few and read once per catalogue version
and language. A whole answer is kept for a few minutes under the catalogue version: buyers
type the same beginnings.
"""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from regions.models import AdministrativeUnit, Layout, Level
from regions.urls import place_url

from . import selectors, sellers, suggestion_words
from .cache_version import listing_version
from .search import folded_words, query_words

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

MAX_SUGGESTIONS = 8
ANSWER_CACHE_SECONDS = 300
# How many of each kind come first; the slots left go to the kinds that have more, in this order.
SHARES = {"product": 4, "category": 2, "cooperative": 1, "place": 1}


def suggestions(query: str) -> list[dict]:
    """``[{"kind", "label", "url"}]``, at most ``MAX_SUGGESTIONS``; none for an empty query."""
    words = query_words(query)
    if not words:
        return []
    signature = repr((get_language(), words))
    key = f"catalog:suggest:{listing_version()}:" + hashlib.sha256(signature.encode()).hexdigest()
    answer = cache.get(key)
    if answer is None:
        answer = _suggestions(query, words)
        cache.set(key, answer, ANSWER_CACHE_SECONDS)
    return answer


def _suggestions(query: str, words: list[str]) -> list[dict]:
    found = {"product": _products(query, MAX_SUGGESTIONS)}
    names = selectors.kept_under_version(f"suggest-names:{get_language()}", _names)
    for kind in ("category", "cooperative", "place"):
        found[kind] = [entry for entry in names[kind] if _name_holds(entry["words"], words)]
    chosen = {kind: found[kind][:share] for kind, share in SHARES.items()}
    left = MAX_SUGGESTIONS - sum(len(entries) for entries in chosen.values())
    for kind, share in SHARES.items():
        more = found[kind][share : share + max(left, 0)]
        chosen[kind] += more
        left -= len(more)
    return [{"kind": kind, "label": entry["label"], "url": entry["url"]} for kind in SHARES for entry in chosen[kind]]


def _name_holds(name_words: tuple[str, ...], typed: list[str]) -> bool:
    """Every typed word is a word of the name; the last may be the start of one."""
    *whole, last = typed
    return all(word in name_words for word in whole) and any(word.startswith(last) for word in name_words)


def _products(query: str, limit: int) -> list[dict]:
    ids = suggestion_words.product_ids(query, limit=limit)
    rows = {
        pk: (title, slug) for pk, title, slug in Product.objects.filter(pk__in=ids).values_list("pk", "title", "slug")
    }
    return [
        {"label": rows[pk][0], "url": reverse("catalogue:detail", kwargs={"product_slug": rows[pk][1], "pk": pk})}
        for pk in ids
        if pk in rows
    ]


def _names() -> dict[str, list[dict]]:
    categories = Category.objects.filter(is_public=True).order_by("path")
    cooperatives = sellers.verified_cooperatives().select_related("storefront").order_by("name")
    places = AdministrativeUnit.objects.filter(level__in=[Level.DISTRICT, Level.COMMUNE]).select_related("parent")
    return {
        "category": [_entry(category.name, category.get_absolute_url()) for category in categories],
        "cooperative": [_entry(coop.name, _cooperative_url(coop)) for coop in cooperatives],
        "place": [_entry(_place_label(unit), place_url(unit), unit.name) for unit in _districts_first(places)],
    }


def _entry(label: str, url: str, name: str = "") -> dict:
    """A name to suggest; ``name``, when given, is what the typed words must match (a commune's own
    name, not its district's, which its label shows too)."""
    return {"label": label, "url": url, "words": tuple(folded_words(name or label))}


def _districts_first(units) -> list:
    return sorted(units, key=lambda unit: (unit.level != Level.DISTRICT, unit.name, unit.layout))


def _place_label(unit) -> str:
    """ "An Phú, Củ Chi" for an old commune; a 2025 commune says so."""
    if unit.layout == Layout.FROM_2025:
        return _("%(name)s (since 2025)") % {"name": unit.name}
    return unit.full_name


def _cooperative_url(coop) -> str:
    """The cooperative's storefront, or else a search for its name."""
    storefront = getattr(coop, "storefront", None)
    if storefront is not None and storefront.live:
        return storefront.get_url()
    return reverse("search:search") + "?" + urlencode({"q": coop.name})
