"""Vietnamese search as people type it: with or without diacritics, in any case.

Each product keeps its searchable text folded (``Product.search_text``, and its title alone in
``Product.search_title``): lowercase, without marks, its words separated by single spaces. A query
is folded the same way and every word of it must be a word of the product's text: Vietnamese
words are syllables, so "ca" finds "Cà phê" and "cá" but not "cam" or "cải"; a typed word of
four letters or more may also begin a longer one ("vietg" finds "VietGAP"). Letters and digits
are words apart ("gạo st 25" finds "Gạo ST25"). Place names and typos are read in
catalog/search_query.py. The same ``LIKE``
runs on SQLite and PostgreSQL, so both find the same products. The facets' filters
(``SearchFilters``) come from the page's GET parameters.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from common.params import parse_ids
from common.text import fold_vietnamese

# A word is a run of letters or a run of digits: "ST25" is "st 25", as buyers type it either way.
_WORD = re.compile(r"[^\W\d_]+|\d+")


def folded_words(text: str) -> list[str]:
    """The folded words of ``text``; punctuation separates words ("(mộc nhĩ)" → moc, nhi), and
    letters from digits ("ST25" → st, 25)."""
    return _WORD.findall(fold_vietnamese(text))


# A typed word this long may be the start of a longer word; a shorter one is a whole word (a syllable).
PREFIX_MIN_LENGTH = 4


def query_words(query: str) -> list[str]:
    """The folded words of a buyer's query, each once, in the order typed."""
    return list(dict.fromkeys(folded_words(query)))


def search_text(
    *,
    title: str,
    cooperative_name: str = "",
    category_names: Iterable[str] = (),
    certification_names: Iterable[str] = (),
) -> str:
    """The folded text a product is found by: its title, its cooperative's name, its
    categories' names and its certifications' names, as words separated by one space."""
    parts = [title, cooperative_name, *category_names, *certification_names]
    return " ".join(folded_words(" ".join(part for part in parts if part)))


# Price ranges of the search facet, in đồng: (key in the URL, lowest included, highest excluded).
PRICE_RANGES = [
    ("0-50000", 0, 50_000),
    ("50000-100000", 50_000, 100_000),
    ("100000-200000", 100_000, 200_000),
    ("200000-500000", 200_000, 500_000),
    ("500000-", 500_000, None),
]


def price_range_label(key: str) -> str:
    _key, low, high = next(price_range for price_range in PRICE_RANGES if price_range[0] == key)
    if not low:
        return _("Under %(price)s") % {"price": currency(high, "VND")}
    if high is None:
        return _("%(price)s and over") % {"price": currency(low, "VND")}
    return _("%(low)s – %(high)s") % {"low": currency(low, "VND"), "high": currency(high, "VND")}


OCOP_STARS = (5, 4, 3)


@dataclass(frozen=True)
class SearchFilters:
    """The facet values a buyer chose: any value of a facet, and every facet chosen.

    Built from GET parameters (``?category=3&category=5&price=0-50000``); what cannot be
    a value (not a number, an unknown price range or star count) is dropped, not refused.
    Ids that name nothing are dropped by ``catalog.selectors.search_filters_known``."""

    category: tuple[int, ...] = ()
    district: tuple[int, ...] = ()
    cooperative: tuple[int, ...] = ()
    certification: tuple[int, ...] = ()
    ocop: tuple[int, ...] = ()
    price: tuple[str, ...] = ()

    @classmethod
    def facet_names(cls) -> list[str]:
        return [field.name for field in fields(cls)]

    @classmethod
    def from_params(cls, params: QueryDict) -> "SearchFilters":
        chosen = {
            name: parse_ids(params.getlist(name)) for name in ("category", "district", "cooperative", "certification")
        }
        chosen["ocop"] = tuple(stars for stars in parse_ids(params.getlist("ocop")) if stars in OCOP_STARS)
        price_keys = {key for key, _low, _high in PRICE_RANGES}
        chosen["price"] = tuple(dict.fromkeys(key for key in params.getlist("price") if key in price_keys))
        return cls(**chosen)

    def without(self, *facets: str) -> "SearchFilters":
        return replace(self, **dict.fromkeys(facets, ()))

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in self.facet_names())


def params_toggling(params: QueryDict, facet: str, value) -> str:
    """The query string of the page with ``value`` of ``facet`` chosen, or no longer chosen
    if it was; back to the first page, since the results change.

    A search page links every facet value this way (some 200 links), so the pairs are encoded
    as they are, without copying the ``QueryDict`` each time; the order is ``QueryDict``'s own
    (a facet keeps its place, a new one comes last)."""
    value = str(value)
    chosen = params.getlist(facet)
    toggled = [other for other in chosen if other != value] if value in chosen else [*chosen, value]
    pairs = []
    for key, values in params.lists():
        if key == facet:
            pairs += [(key, other) for other in toggled]
        elif key != "page":
            pairs += [(key, other) for other in values]
    if facet not in params:
        pairs += [(facet, other) for other in toggled]
    return urlencode(pairs)


def params_setting(params: QueryDict, key: str, value: str) -> str:
    """The query string of the page with ``key`` set to ``value`` (the sort), back to the first page."""
    changed = params.copy()
    changed[key] = value
    changed.pop("page", None)
    return changed.urlencode()


def params_clearing_filters(params: QueryDict) -> str:
    """The query string keeping only the words searched for."""
    kept = QueryDict(mutable=True)
    if params.get("q"):
        kept["q"] = params["q"]
    return kept.urlencode()
