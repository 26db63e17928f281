"""What a buyer's query asks for: words to find, places to narrow to, typos forgiven.

- A run of words that is the folded name of a district or commune, old or 2025 ("cu chi",
  "tan thong hoi"), is a place: it finds the products from there (their origin commune, or
  their cooperative's, as the place pages say: catalog/place_products.py), and those whose text holds
  the words ("Thịt bò Củ Chi"). A place covers its communes and, through ``Succession``, the
  units before and after the 1 July 2025 merger, so an old name finds a product filed under the
  new commune and the other way round.
- A word of four letters or more that no product's text holds nor begins is a typo: it stands
  for the catalogue's words one edit away (a letter left out, added, changed, or two swapped).

The catalogue's words (only when a word may be a typo) and the places' names are read once per
listings' version and cached; a change of administrative units or successions bumps the catalogue
version (caching/registry.py), which every listing key carries.
"""

from dataclasses import dataclass

from django.core.cache import cache

from regions.models import AdministrativeUnit, Level, Succession

from .cache_version import listing_version
from .search import PREFIX_MIN_LENGTH, folded_words, query_words

VOCABULARY_CACHE_SECONDS = 3600
# A typo is forgiven in words this long: shorter ones are whole syllables ("ca", "cam", "cai").
TYPO_MIN_LENGTH = 4
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
# Typed before a place's name: xã, huyện, phường, quận, (thị) trấn.
_LEVEL_WORDS = {"xa", "huyen", "phuong", "quan", "tran"}


@dataclass(frozen=True)
class Term:
    """A typed word and the words it stands for (itself first, then the words it may be a typo of)."""

    typed: str
    alternatives: tuple[str, ...]

    @property
    def corrected(self) -> bool:
        return self.alternatives[:1] != (self.typed,)


@dataclass(frozen=True)
class PlaceTerm:
    words: tuple[str, ...]
    unit_ids: tuple[int, ...]


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...] = ()
    places: tuple[PlaceTerm, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.places)

    @property
    def corrections(self) -> dict[str, tuple[str, ...]]:
        return {term.typed: term.alternatives for term in self.terms if term.corrected}


def parse_query(query: str, *, last_word_partial: bool = False) -> ParsedQuery:
    """``query`` read as terms and places; ``last_word_partial``: the buyer is still typing the
    last word (suggestions), so it may begin a word however short and is no typo."""
    words = query_words(query)
    if not words:
        return ParsedQuery()
    places, rest = _take_places(words, _cached("places", place_names), keep_last=last_word_partial)
    terms = []
    for index, word in enumerate(rest):
        partial = last_word_partial and index == len(rest) - 1
        terms.append(Term(word, (word,) if partial or not _may_be_typo(word) else _alternatives(word)))
    return ParsedQuery(tuple(terms), tuple(places))


def _take_places(words, places, *, keep_last: bool):
    """The longest runs of ``words`` that name a place, and the words left."""
    found, rest, index = [], [], 0
    longest = max((len(name) for name in places), default=0)
    while index < len(words):
        for length in range(min(longest, len(words) - index), 0, -1):
            run = tuple(words[index : index + length])
            if keep_last and index + length == len(words):
                continue  # the last word may still grow into another
            if run in places:
                found.append(PlaceTerm(run, places[run]))
                if rest and rest[-1] in _LEVEL_WORDS:  # "xã Củ Chi": the names are stored without "xã"
                    rest.pop()
                index += length
                break
        else:
            rest.append(words[index])
            index += 1
    return found, rest


def _may_be_typo(word: str) -> bool:
    return len(word) >= TYPO_MIN_LENGTH and not word.isdigit()


def _alternatives(word: str) -> tuple[str, ...]:
    vocabulary = _cached("words", catalogue_words)
    if word in vocabulary:
        return (word,)
    if len(word) >= PREFIX_MIN_LENGTH and any(known.startswith(word) for known in vocabulary):
        return (word,)
    near = sorted(_one_edit_away(word) & vocabulary)
    return tuple(near) or (word,)


def _one_edit_away(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    changes = {left + letter + right[1:] for left, right in splits if right for letter in _ALPHABET}
    inserts = {left + letter + right for left, right in splits for letter in _ALPHABET}
    return (deletes | swaps | changes | inserts) - {word}


# This process's copies of what is cached, for the catalogue version they were read at: a search
# page parses its query for the results and each facet, and unpickling them each time costs more.
_this_process: dict[str, object] = {}


def _cached(name: str, read):
    key = f"catalog:search-{name}:{listing_version()}"
    if key not in _this_process:
        value = cache.get(key)
        if value is None:
            value = read()
            cache.set(key, value, VOCABULARY_CACHE_SECONDS)
        for stale in [other for other in _this_process if other.startswith(f"catalog:search-{name}:")]:
            del _this_process[stale]
        _this_process[key] = value
    return _this_process[key]


def catalogue_words() -> frozenset[str]:
    """Every word of the products on sale and of the places: what a typo may be of."""
    from .suggestion_words import distinct_words  # suggestion_words reads queries with this module

    words = set(distinct_words())
    for name in _cached("places", place_names):
        words.update(name)
    return frozenset(words)


def place_names() -> dict[tuple[str, ...], tuple[int, ...]]:
    """Each district's and commune's folded name, of either layout, with the ids of the units it
    covers: the units so named, their communes, and what they became or came from in 2025."""
    units = list(AdministrativeUnit.objects.exclude(level=Level.CITY).values_list("pk", "name", "parent_id"))
    children = {}
    for pk, _name, parent_id in units:
        children.setdefault(parent_id, []).append(pk)
    related = {}
    for old, new in Succession.objects.values_list("old_unit_id", "new_unit_id"):
        related.setdefault(old, set()).add(new)
        related.setdefault(new, set()).add(old)
    places = {}
    for pk, name, _parent_id in units:
        covered = {pk, *children.get(pk, ())}
        for unit in list(covered):
            covered |= related.get(unit, set())
        words = tuple(folded_words(name))
        if words:
            places[words] = tuple(sorted(set(places.get(words, ())) | covered))
    return places
