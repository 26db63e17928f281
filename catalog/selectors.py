"""Reads of the catalogue that pages list. Each returns a queryset whose
related rows are fetched up front, so a page's query count does not grow
with the number of products it shows."""

import hashlib
import re
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, Substr
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from common.content_language import text_shown
from common.params import parse_ids
from regions.models import AdministrativeUnit, Level

from . import availability, search, sellers
from .cache_version import catalogue_version, listing_version, product_version, products_versions
from .models import Certification
from .popularity import with_popularity
from .search import OCOP_STARS, PRICE_RANGES, SearchFilters, price_range_label, query_words
from .search_query import ParsedQuery, Term, parse_query

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")
ProductCertification = Product.certifications.through
StockRecord = get_model("partner", "StockRecord")


def _on_sale_stockrecords():
    return StockRecord.objects.filter(availability.on_sale_stockrecord(), product=OuterRef("pk"))


def products_on_sale():
    """Public, canonical products that a verified cooperative sells: on sale as catalog/availability.py
    says, sold out or not.

    A suspended or unverified cooperative's products disappear from the shop
    but stay in the database.
    """
    return _with_card_rows(_on_sale())


def products_on_sale_only():
    """The products on sale, without the cards' rows: for a query of ids or folded texts."""
    return _on_sale()


def _on_sale():
    # catalog/availability.py's "on sale" as a filter: public (``browsable``, which lists no variants) and
    # sold by a verified cooperative. "id IN (products of verified cooperatives)": the database builds
    # that list once, where EXISTS would look each product's stock record up again (a third faster at
    # 10,000 products).
    sold = StockRecord.objects.filter(availability.on_sale_stockrecord())
    return Product.objects.browsable().filter(pk__in=sold.values("product_id"))


def _with_card_rows(products):
    """What a product card shows, fetched for the whole page at once: Oscar's ``base_queryset()``
    less its prefetch of variants (cards list stand-alone and parent products, never their
    children), with each stock record's partner and cooperative in the stock records' query, and
    how many rated and ordered each product (catalog/popularity.py) in the products' query."""
    return with_popularity(
        products.base_queryset()
        .prefetch_related(None)
        .select_related("origin_commune__parent")
        .prefetch_related(
            "product_options",
            "product_class__options",
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner__cooperative")),
            "images",
            "certifications",
        )
    )


def products_by_id(ids):
    """The products of ``ids``, with what their cards show (a page of search results whose ids,
    products on sale, were found already: catalog/search_results.py)."""
    return _with_card_rows(Product.objects.filter(pk__in=ids))


# How the catalogue and category pages order products: the flagships, then the newest.
CATALOGUE_ORDER = ("-is_flagship", "-date_created", "pk")


def product_ids_on_sale(category=None):
    """The ids of the products on sale (in ``category`` or a category under it), in the catalogue's
    order: what a page's paginator counts and slices. Narrow on purpose: sorting 10,000 full rows
    with ``base_queryset()``'s subqueries cost about twice as much; ``products_for_cards`` then
    fetches the page's rows."""
    products = _on_sale()
    if category is not None:
        # treebeard's paths: the category's own and those of the categories under it start alike.
        filed = ProductCategory.objects.filter(category__path__startswith=category.path)
        products = products.filter(pk__in=filed.values("product_id"))
    return products.order_by(*CATALOGUE_ORDER).values_list("pk", flat=True)


def products_for_cards(ids) -> list:
    """The products of ``ids``, in that order, with what their cards show."""
    ids = list(ids)
    by_pk = {product.pk: product for product in products_by_id(ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def kept_under_version(name: str, compute):
    """``compute()``, kept in the cache under the listings' version (catalog/cache_version.py),
    which every change to products, prices or cooperatives bumps (not a sale). For a listing's count and its
    pages' ids: at 10,000 products counting the products on sale and sorting their ids cost
    about 5 ms each, a third of the catalogue page's database time."""
    key = f"catalog:listing:{listing_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, LISTING_CACHE_SECONDS)
    return value


LISTING_CACHE_SECONDS = 3600


def flagship_products(*, limit, cooperative_ids=None):
    """The home page's flagships: on sale and with a photo (a placeholder never leads the home page)."""
    products = (
        products_on_sale().filter(is_flagship=True).filter(Exists(ProductImage.objects.filter(product=OuterRef("pk"))))
    )
    if cooperative_ids:
        products = products.filter(stockrecords__partner__cooperative__in=cooperative_ids).distinct()
    return products.order_by("-rating", "title")[:limit]


def products_for_page():
    """Products with what their page and the market's rule read (Oscar's ``base_queryset()``, each stock
    record with its partner and cooperative): ``is_product_on_sale`` and the strategy ask no more.
    Not Oscar's prefetch of the variants: nothing reads it (the page asks ``children.public()``, a query
    of its own), and SQLite ran it by reading the products in date order (4 ms at 10,000 products)."""
    return (
        Product.objects.base_queryset()
        .prefetch_related(None)
        .select_related("origin_commune__parent", "parent")
        .prefetch_related(
            "product_options",
            "product_class__options",
            Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner__cooperative")),
            "images",
        )
    )


PRODUCT_PAGE_ROWS_SECONDS = 300


def product_for_page(pk: int):
    """The product of ``pk`` with its page's rows (``products_for_page``), or None; kept under the product's
    version, which every change of those rows bumps (caching/registry.py): five queries on each product page
    a signed-in buyer opens. A variant is not kept: its page also shows its parent, whose change bumps only
    the parent's version."""
    key = f"catalog:product-page-rows:{product_version(pk)}:{pk}"
    product = cache.get(key)
    if product is None:
        product = products_for_page().filter(pk=pk).first()
        if product is not None and not product.is_child:
            cache.set(key, product, PRODUCT_PAGE_ROWS_SECONDS)
    return product


def is_product_on_sale(product) -> bool:
    """Whether ``product`` is on sale (catalog/availability.py) through one of its stock records."""
    return any(availability.is_on_sale(product, record) for record in product.stockrecords.all())


ON_SALE_SECONDS = 3600


def on_sale_among(ids) -> list[int]:
    """The ids of ``ids`` on sale (``products_on_sale``), in their order: for the short lists under a
    product's page. Each product's answer is kept under its version, read before its rows, which every
    change of what "on sale" reads bumps (the product, its stock records, its cooperative: caching/registry.py);
    a page whose answers are all kept asks the database nothing."""
    pks = list(dict.fromkeys(int(pk) for pk in ids))
    prefix = f"catalog:on-sale:{catalogue_version()}"
    keys = {pk: f"{prefix}:{pk}:{version}" for pk, version in products_versions(pks).items()}
    known = cache.get_many(keys.values())
    missing = [pk for pk in pks if keys[pk] not in known]
    if missing:
        on_sale = set(_on_sale().filter(pk__in=missing).values_list("pk", flat=True))
        answers = {keys[pk]: pk in on_sale for pk in missing}
        cache.set_many(answers, ON_SALE_SECONDS)
        known |= answers
    return [pk for pk in pks if known[keys[pk]]]


# Under a product's page, as Oscar shows them: six at most.
PRODUCTS_BELOW = 6


def recommended_on_sale(product_pk: int) -> list[int]:
    """The ids of the products recommended with this one (highest ranking first), those on sale. The
    recommendations are kept under the product's version, which a change of them bumps."""
    key = f"catalog:recommended:{product_version(product_pk)}:{product_pk}"
    recommended = cache.get(key)
    if recommended is None:
        rows = ProductRecommendation.objects.filter(primary_id=product_pk).order_by("-ranking", "pk")
        recommended = list(rows.values_list("recommendation_id", flat=True))
        cache.set(key, recommended, PRODUCT_PAGE_ROWS_SECONDS)
    return on_sale_among(recommended)[:PRODUCTS_BELOW]


def recently_viewed_on_sale(viewed_ids, *, besides: int) -> list[int]:
    """Of the ids a visitor viewed (oldest first, as Oscar's cookie keeps them; anything else in it is
    left out), the latest on sale, newest first, without the product shown."""
    latest_first = [pk for pk in reversed(parse_ids(str(pk) for pk in viewed_ids)) if pk != besides]
    # No more than Oscar keeps in the cookie: a forged one of thousands of ids is read as Oscar's would be.
    return on_sale_among(latest_first[: settings.OSCAR_RECENTLY_VIEWED_PRODUCTS])[:PRODUCTS_BELOW]


def _padded(field: str) -> Concat:
    """`` ca phe sua ``: the folded words with a space either side, so " ca " finds the whole word."""
    return Concat(Value(" "), field, Value(" "), output_field=TextField())


def _has_word(field: str, word: str, *, partial: bool = False) -> Q:
    """``word`` is a word of the padded ``field`` ("ca": "cà", "cá", not "cam" nor "cải"), or,
    four letters or more (or still being typed: ``partial``), begins one ("vietg" finds "VietGAP")."""
    prefix = partial or len(word) >= search.PREFIX_MIN_LENGTH
    if field == "padded_text" and connection.vendor == "postgresql" and _LEXEME.fullmatch(word):
        # On PostgreSQL, the same test as a full-text query on the folded words' vector, which the index of
        # migration 0041 answers for any word, two letters too ("cá", "cà"). The folded text is plain words
        # apart by spaces, and a plain ASCII word is one lexeme as it is: "ca" matches the lexeme "ca" exactly
        # as " ca " is in the padded text, and "vietg:*" a lexeme starting "vietg" as " vietg" is.
        return Q(search_words=SearchQuery(f"{word}:*" if prefix else word, search_type="raw", config="simple"))
    found = Q(**{f"{field}__contains": f" {word}" if prefix else f" {word} "})
    if field == "padded_text" and len(word) >= _TRIGRAM:
        # The same test on the column itself, which PostgreSQL's trigram index answers (migration
        # 0037); the padded test then checks the few rows it finds. SQLite just tests both.
        found &= Q(search_text__contains=word)
    return found


# pg_trgm indexes runs of three letters: a shorter word cannot use the index.
_TRIGRAM = 3
# A word PostgreSQL's text parser reads as one lexeme, as it is: ASCII letters, or digits.
_LEXEME = re.compile(r"[a-z]+|[0-9]+")


class _SearchWords(Expression):
    """The product's ``search_words`` column: its folded words as a text-search vector, which PostgreSQL keeps
    from ``search_text`` (migration 0041; the model does not declare it, SQLite has none). Named under the
    query's own alias for the products' table, which a subquery renames."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.search_words", []


def _on_sale_to_search():
    """``_on_sale()`` as the search's own query wants it. On PostgreSQL: the public products less those not on
    sale, a short list kept with the listings (a suspended or unverified cooperative's, or with no seller),
    rather than "id IN (the products of verified cooperatives)": at 100,000 products, a search finding 10,000
    ("rau cu chi") spent 40 ms hashing every verified stock record for that test. SQLite keeps the ``IN``."""
    if connection.vendor != "postgresql":
        return _on_sale()
    public = Product.objects.browsable()
    not_on_sale = kept_under_version(
        "public-not-on-sale", lambda: list(public.exclude(pk__in=_on_sale().values("pk")).values_list("pk", flat=True))
    )
    return public.exclude(_AnyOf(F("pk"), _IntegerArray(not_on_sale))) if not_on_sale else public


def _searchable(products):
    """``products`` with the padded folded text ``_has_word`` tests and, on PostgreSQL, its words' vector."""
    products = products.alias(padded_text=_padded("search_text"))
    if connection.vendor == "postgresql":
        products = products.alias(search_words=_SearchWords())
    return products


def has_term(field: str, term: Term, *, partial: bool = False) -> Q:
    """Any word the typed word stands for (itself, or what its typo may be of)."""
    found = Q()
    for word in term.alternatives:
        found |= _has_word(field, word, partial=partial)
    return found


def _has_words(field: str, words) -> Q:
    found = Q()
    for word in words:
        found &= _has_word(field, word)
    return found


def _from_places(unit_ids) -> Q:
    """From one of ``unit_ids``: the product's origin commune, or, without one, its cooperative's
    (as the place pages say: catalog/place_products.py)."""
    # "id IN (products of the cooperatives there)", not a correlated EXISTS: under the OR, PostgreSQL ran
    # the EXISTS once per product (0.6 s for "ca nha be" at 100,000 products); the list is built once.
    cooperative_there = StockRecord.objects.filter(
        availability.on_sale_stockrecord(), partner__cooperative__commune_id__in=unit_ids
    ).values("product_id")
    return Q(origin_commune_id__in=unit_ids) | (Q(origin_commune__isnull=True) & Q(pk__in=cooperative_there))


def _padded_start(words: list[str]) -> str:
    """How a padded title that starts with ``words`` starts (the last may begin a longer word)."""
    start = " " + " ".join(words)
    return start if len(words[-1]) >= search.PREFIX_MIN_LENGTH else start + " "


def _matches(parsed: ParsedQuery, *, last_word_partial: bool = False) -> Q:
    """Every term's word (or one it may be a typo of) and every place (its name in the text, or
    the product from there)."""
    matches = Q()
    for index, term in enumerate(parsed.terms):
        partial = last_word_partial and index == len(parsed.terms) - 1
        matches &= has_term("padded_text", term, partial=partial)
    for place in parsed.places:
        matches &= has_place("padded_text", place)
    return matches


def has_place(field: str, place, *, product_field: str = "pk") -> Q:
    """The place's name in the padded text ``field``, or the product (``product_field``) from there."""
    if product_field == "pk":
        return _has_words(field, place.words) | _from_places(place.unit_ids)
    from_there = Product.objects.filter(_from_places(place.unit_ids)).values("pk")
    return _has_words(field, place.words) | Q(**{f"{product_field}__in": from_there})


def _products_found(query: str, *, last_word_partial: bool = False):
    """Products on sale (without the list page's prefetching) that ``query`` finds."""
    products = _searchable(_on_sale_to_search())
    parsed = parse_query(query, last_word_partial=last_word_partial)
    return products.filter(_matches(parsed, last_word_partial=last_word_partial))


def product_suggestions(query: str, *, limit: int):
    """``(pk, title, slug)`` of the products ``query`` finds as it is being typed (its last word
    may begin a word, however short): the titles that start with it first. One narrow query."""
    words = query_words(query)
    starts = " " + " ".join(words)
    return list(
        _products_found(query, last_word_partial=True)
        .alias(padded_title=_padded("search_title"))
        .annotate(title_starts=Case(When(padded_title__startswith=starts, then=Value(1)), default=Value(0)))
        .order_by("-title_starts", *CATALOGUE_ORDER)
        .values_list("pk", "title", "slug")[:limit]
    )


class Sort:
    """How the search page orders its results (``?sort=``)."""

    RELEVANCE = "relevance"
    PRICE_UP = "price"
    PRICE_DOWN = "-price"
    NEWEST = "newest"
    ALL = (RELEVANCE, PRICE_UP, PRICE_DOWN, NEWEST)


def _lowest_price():
    return Subquery(_on_sale_stockrecords().order_by("price").values("price")[:1])


def products_matching(query: str, chosen: "ChosenFilters | None" = None, *, sort: str = Sort.RELEVANCE):
    """Products on sale that ``query`` finds (catalog/search_query.py), typed with or without
    diacritics, narrowed by the facets ``chosen``, in the order ``sort`` names. By relevance: the
    title starting with the words sought (a place's name aside), then the title holding every
    word, then the title holding the words but not the place, then the rest (the words are in
    the cooperative's, a category's or a certification's name, or the product is from the
    place); ties as the catalogue orders them. An empty query lists every product on sale. For their
    ids (catalog/search_results.py): the page's cards fetch their own rows."""
    products = _narrowed(query, chosen, found=_found_once(query))
    if sort == Sort.NEWEST:
        return products.order_by("-date_created", "pk")
    if sort in (Sort.PRICE_UP, Sort.PRICE_DOWN):
        price = F("sort_price").asc(nulls_last=True) if sort == Sort.PRICE_UP else F("sort_price").desc(nulls_last=True)
        return products.annotate(sort_price=_lowest_price()).order_by(price, *CATALOGUE_ORDER)
    words = query_words(query)
    if not words:
        return products.order_by(*CATALOGUE_ORDER)
    parsed = parse_query(query)
    # A title that starts with what is sought ("cá" in "cá nhà bè"), the place aside, ranks first.
    sought = [term.typed for term in parsed.terms] or words
    terms_in_title = Q()
    for term in parsed.terms:
        terms_in_title &= has_term("padded_title", term)
    places_in_title = Q()
    for place in parsed.places:
        places_in_title &= _has_words("padded_title", place.words)
    return (
        products.alias(padded_title=_padded("search_title"))
        .annotate(
            search_rank=Case(
                When(padded_title__startswith=_padded_start(sought), then=Value(3)),
                When(terms_in_title & places_in_title, then=Value(2)),
                When(terms_in_title, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-search_rank", *CATALOGUE_ORDER)
    )


def products_nearest(query: str, *, limit: int):
    """When ``query`` finds nothing: the products that hold the most of its words (a word, or one
    its typo may be of, or a place), at least one."""
    parsed = parse_query(query)
    conditions = [has_term("padded_text", term) for term in parsed.terms]
    conditions += [_has_words("padded_text", place.words) | _from_places(place.unit_ids) for place in parsed.places]
    if not conditions:
        return []
    any_of = Q()
    for condition in conditions:
        any_of |= condition
    held = sum((Case(When(condition, then=Value(1)), default=Value(0)) for condition in conditions), Value(0))
    found = (
        _searchable(_on_sale_to_search())
        .filter(any_of)
        .annotate(held=held)
        .order_by("-held", *CATALOGUE_ORDER)
        .values_list("pk", flat=True)[:limit]
    )
    # Counting each product's words reads every product holding one of them (about 100 ms at 100,000 products
    # on PostgreSQL): kept with the listings, as the search's own results are.
    digest = hashlib.sha256(f"{limit}|{query}".encode()).hexdigest()
    return products_for_cards(kept_under_version(f"nearest:{digest}", lambda: list(found)))


# --- Facets -----------------------------------------------------------------------------


@dataclass
class Chip:
    """A chosen facet value, shown above the results with a link that removes it."""

    facet: str
    value: object
    label: str
    url: str = ""


@dataclass
class ChosenFilters:
    """The buyer's filters, cleared of ids that name nothing, with what the page shows of them."""

    filters: SearchFilters
    chips: list[Chip]
    category_paths: tuple[str, ...] = ()


def search_filters_known(filters: SearchFilters) -> ChosenFilters:
    """Keep the chosen values that exist (a stale or forged id is dropped), with their labels.

    One query for each facet of ids that has a value chosen; none when nothing is chosen."""
    chips, known, paths = [], {}, ()
    lookups = {
        "category": Category.objects.filter(is_public=True).order_by("path"),
        "district": AdministrativeUnit.objects.filter(level=Level.DISTRICT).order_by("name"),
        "cooperative": sellers.verified_cooperatives().order_by("name"),
        "certification": Certification.objects.order_by(text_shown("name")),
    }
    for facet, queryset in lookups.items():
        ids = getattr(filters, facet)
        if not ids:
            continue
        objects = list(queryset.filter(pk__in=ids))
        known[facet] = tuple(obj.pk for obj in objects)
        chips += [Chip(facet, obj.pk, obj.name) for obj in objects]
        if facet == "category":
            paths = tuple(obj.path for obj in objects)
    chips += [Chip("ocop", stars, ocop_label(stars)) for stars in filters.ocop]
    chips += [Chip("price", key, price_range_label(key)) for key in filters.price]
    return ChosenFilters(replace(filters, **known), chips, paths)


def ocop_label(stars: int) -> str:
    return _("OCOP %(stars)s★") % {"stars": stars}


def _narrowed(query: str, chosen: ChosenFilters | None, *, but: tuple[str, ...] = (), found=None):
    """The products ``query`` finds (or ``found``, those it found already), narrowed by every chosen
    facet but those named in ``but``."""
    products = _products_found(query) if found is None else found
    if chosen is None:
        return products
    filters = chosen.filters.without(*but)
    if filters.category:
        in_paths = Q()
        for path in chosen.category_paths:
            in_paths |= Q(category__path__startswith=path)  # the category and those under it
        products = products.filter(Exists(ProductCategory.objects.filter(in_paths, product=OuterRef("pk"))))
    if filters.district:
        stockrecords = _on_sale_stockrecords().filter(partner__cooperative__commune__parent__in=filters.district)
        products = products.filter(Exists(stockrecords))
    if filters.cooperative:
        products = products.filter(Exists(_on_sale_stockrecords().filter(partner__cooperative__in=filters.cooperative)))
    if filters.certification:
        products = products.filter(
            Exists(ProductCertification.objects.filter(product=OuterRef("pk"), certification__in=filters.certification))
        )
    if filters.ocop:
        products = products.filter(ocop_stars__in=filters.ocop)
    if filters.price:
        products = products.filter(Exists(_on_sale_stockrecords().filter(_in_price_ranges(filters.price))))
    return products


def _in_price_ranges(keys) -> Q:
    in_ranges = Q()
    for key, low, high in PRICE_RANGES:
        if key in keys:
            in_ranges |= Q(price__gte=low) & (Q(price__lt=high) if high is not None else Q())
    return in_ranges


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    chosen: bool = False
    depth: int = 1
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    # Values left out of a long facet (the cooperatives beyond ``COOPERATIVE_FACET_MAX``).
    not_listed: int = 0


# Facet counts may lag this long behind the catalogue (the products listed never do): counting
# them about doubles a search's cost at 10,000 products, and buyers repeat the same searches.
FACETS_CACHE_SECONDS = 60


def search_facets_cached(query: str, chosen: ChosenFilters) -> list[Facet]:
    """``search_facets``, kept in the cache for ``CATALOG_SEARCH_FACETS_CACHE_SECONDS`` (default
    60, 0 to count every time) per listings' version, language, folded words and chosen values."""
    seconds = getattr(settings, "CATALOG_SEARCH_FACETS_CACHE_SECONDS", FACETS_CACHE_SECONDS)
    if not seconds:
        return search_facets(query, chosen)
    signature = repr((get_language(), query_words(query), chosen.filters))
    key = f"catalog:search-facets:{listing_version()}:" + hashlib.sha256(signature.encode()).hexdigest()
    facets = cache.get(key)
    if facets is None:
        facets = search_facets(query, chosen)
        cache.set(key, facets, seconds)
    return facets


def search_facets(query: str, chosen: ChosenFilters) -> list[Facet]:
    """Each facet's values with how many products each would list: counted with the words
    and the other facets' choices applied, so choosing a value of a facet does not hide the
    others of that facet. Four queries, whatever the number of products (``_sales_cells``)."""
    filters = chosen.filters
    found = _found_once(query)
    cells = _sales_cells(_narrowed(query, chosen, but=_CELL_FACETS, found=found))
    facets = [
        _category_facet(_narrowed(query, chosen, but=("category",), found=found), filters.category),
        _cell_facet("district", _("District"), cells, filters, label_key="district_name"),
        _cell_facet(
            "cooperative",
            _("Cooperative"),
            cells,
            filters,
            label_key="cooperative_name",
            by_count=True,
            most=COOPERATIVE_FACET_MAX,
        ),
        _certification_facet(_narrowed(query, chosen, but=("certification",), found=found), filters.certification),
        _cell_facet("ocop", _("OCOP stars"), cells, filters, label_of=ocop_label, order=OCOP_STARS),
        _cell_facet(
            "price",
            _("Price"),
            cells,
            filters,
            label_of=price_range_label,
            order=[key for key, _low, _high in PRICE_RANGES],
        ),
    ]
    _keep_chosen_values(facets, chosen.chips)
    return facets


def _found_once(query: str):
    """The products ``query`` finds, for the results to order and the facets to count: on
    PostgreSQL, their ids read once (kept under the catalogue version) and given to each query as an
    array, so the words are looked for once, not once per facet and again for the results (four
    trigram searches of 50 ms each for "gao st25" at 100,000 products). SQLite keeps the search as a
    subquery: it limits a query's parameters."""
    if connection.vendor != "postgresql" or not query_words(query):
        return None
    signature = hashlib.sha256(repr(query_words(query)).encode()).hexdigest()
    ids = kept_under_version(
        f"search-found:{signature}", lambda: list(_products_found(query).values_list("pk", flat=True))
    )
    return Product.objects.filter(_AnyOf(F("pk"), _IntegerArray(ids)))


class _IntegerArray(Func):
    """``'{1,2,3}'::integer[]``: the ids as one text parameter. Given as a list, Django adapts each
    id in turn (an ``ArrayField`` parameter): some 10 ms of Python per query for 50,000 ids, four
    queries a search page."""

    template = "%(expressions)s::integer[]"

    def __init__(self, ids):
        literal = "{" + ",".join(str(int(pk)) for pk in ids) + "}"
        super().__init__(Value(literal, output_field=TextField()), output_field=TextField())


# A search's cooperatives listed in its facet, the chosen first, then those with most products: at
# 100,000 products the facet named 2,000 cooperatives, 480 KB of links for a phone and most of the
# page's rendering time. The others are found by typing a cooperative's name (search_query.py).
COOPERATIVE_FACET_MAX = 40

# The facets a product has one value of, through its stock record: counted together.
_CELL_FACETS = ("district", "cooperative", "ocop", "price")
_CELL_KEYS = {"district": "district", "cooperative": "cooperative", "ocop": "ocop", "price": "price_range"}


class _AnyOf(Func):
    """``column = ANY(ARRAY(subquery))``."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


def _of_products(field: str, products):
    """The rows whose ``field`` is one of ``products`` (the search's products), for the facets' counts.

    On PostgreSQL the products go in as an array: the database finds them once, with the trigram
    index, then looks each up by ``field``'s index. As ``field IN (subquery)`` it guesses that a
    few-word search finds one product (it cannot know how many rows several ``LIKE`` patterns keep),
    joins the other way round, and took up to 15 s per facet at 100,000 products
    (tests/bench/search_speed.py). SQLite plans the ``IN`` well."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        # Unordered: the products' own order (newest first) sorted 12,000 found rows per facet for nothing.
        return _AnyOf(F(field), ArraySubquery(products.order_by().values("pk")))
    return Q(**{f"{field}__in": products.order_by().values("pk")})


def _sales_cells(products) -> list[dict]:
    """How many of ``products`` each cooperative sells at each price range and OCOP rating.

    One grouped query stands for four facets: the cells split the products (a product is sold
    by one cooperative, through its stock record), so a facet's count is a sum of cells, and
    "the other facets applied" a choice of cells. Were a product sold by two cooperatives, it
    would count once for each."""
    price_range = Case(
        *[
            When(Q(price__gte=low) & (Q(price__lt=high) if high is not None else Q()), then=Value(key))
            for key, low, high in PRICE_RANGES
        ],
        default=Value(""),
    )
    return list(
        StockRecord.objects.filter(availability.on_sale_stockrecord(), _of_products("product", products))
        .annotate(price_range=price_range)
        .values(
            "price_range",
            cooperative=F("partner__cooperative"),
            cooperative_name=F("partner__cooperative__name"),
            district=F("partner__cooperative__commune__parent"),
            district_name=F("partner__cooperative__commune__parent__name"),
            ocop=F("product__ocop_stars"),
        )
        .annotate(count=Count("product", distinct=True))
        .order_by()
    )


def _cell_facet(
    name, label, cells, filters, *, label_key=None, label_of=None, order=None, by_count=False, most=None
) -> Facet:
    others = [
        (_CELL_KEYS[other], getattr(filters, other))
        for other in _CELL_FACETS
        if other != name and getattr(filters, other)
    ]
    key_of = _CELL_KEYS[name]
    counts, labels = {}, {}
    for cell in cells:
        key = cell[key_of]
        if key is None or key == "":
            continue
        if all(cell[other] in chosen for other, chosen in others):
            counts[key] = counts.get(key, 0) + cell["count"]
            if label_key:
                labels[key] = cell[label_key]
    if not label_key:
        labels = {key: label_of(key) for key in counts}
    chosen = getattr(filters, name)
    if order is not None:
        keys = [key for key in order if key in counts]
    elif by_count:
        # The chosen first, then the largest: a long facet shows these before its "more" fold.
        keys = sorted(counts, key=lambda key: (key not in chosen, -counts[key], labels[key]))
    else:
        keys = sorted(counts, key=lambda key: labels[key])
    listed = keys if most is None else keys[: max(most, len(chosen))]
    values = [FacetValue(key, labels[key], counts[key], key in chosen) for key in listed]
    return Facet(name, label, values, not_listed=len(keys) - len(listed))


def _certification_facet(products, chosen_ids) -> Facet:
    counted = (
        ProductCertification.objects.filter(_of_products("product", products))
        .annotate(name=text_shown("certification__name"))
        .values("certification", "name")
        .annotate(count=Count("product", distinct=True))
        .order_by("name")
    )
    values = [
        FacetValue(row["certification"], row["name"], row["count"], row["certification"] in chosen_ids)
        for row in counted
    ]
    return Facet("certification", _("Certification"), values)


def _category_facet(products, chosen_ids) -> Facet:
    """Categories with the products filed under them or under a category below them.

    A product counts once in a category however many of its categories lie under it: each
    depth of the tree is grouped by the path's prefix of that depth (treebeard's paths),
    all depths in one query."""
    categories = list(Category.objects.filter(is_public=True).order_by("path").only("pk", "name", "path", "depth"))
    links = ProductCategory.objects.filter(_of_products("product", products))
    steplen = Category.steplen
    per_depth = [
        links.filter(category__depth__gte=depth)
        .annotate(prefix=Substr("category__path", 1, steplen * depth))
        .values("prefix")
        .annotate(count=Count("product", distinct=True))
        .values_list("prefix", "count")
        .order_by()
        for depth in sorted({category.depth for category in categories})
    ]
    counts = dict(per_depth[0].union(*per_depth[1:], all=True)) if per_depth else {}
    values = [
        FacetValue(category.pk, category.name, counts[category.path], category.pk in chosen_ids, category.depth)
        for category in categories
        if category.path in counts
    ]
    return Facet("category", _("Category"), values)


def _keep_chosen_values(facets, chips) -> None:
    """A chosen value that now lists nothing stays in its facet (with 0), so it can be unchosen there too."""
    by_name = {facet.name: facet for facet in facets}
    for chip in chips:
        facet = by_name[chip.facet]
        if not any(value.value == chip.value for value in facet.values):
            facet.values.append(FacetValue(chip.value, chip.label, 0, chosen=True))
