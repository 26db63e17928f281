"""Every cached thing, and the models whose changes make it stale: one list to read and to test.

The cached things read their versions from catalog/cache_version.py; receivers.py bumps them for
each change declared here, and only there. A watched model refreshes either the products it
concerns (their product pages, fragments and reviews, and every listing: ``products``), or, when
it is shared by many pages (a category, a cooperative, a place), the whole catalogue (``None``).
tests/integration/caching/test_caching_registry.py renders each cached page type, collects the models
it reads, and fails when one is not declared here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cached:
    name: str
    where: str
    keyed_on: str
    stale_when: tuple[str, ...]  # model labels; a change of any of them refreshes it


@dataclass(frozen=True)
class Watched:
    model: str  # "app_label.ModelName"
    # The ids of the products a changed row concerns; None: every page of the catalogue.
    products: Callable[[object], Iterable[int]] | None
    # Whether the change makes every listing's counts, ids and facets stale too (catalog/cache_version.py),
    # or only the products' pages and the listing pages showing them: a sale changes nothing a listing
    # counts, orders or filters on. A function of the saved row, or a constant.
    listings: Callable[[object], bool] | bool = True


def _own(instance) -> list[int]:
    return [instance.pk]


def _product_of(instance) -> list[int]:
    return [instance.product_id]


def _order_products(part) -> list[int]:
    # A part delivered makes its buyers' reviews of these products "verified purchase". The order's lines
    # as it holds them: a part is created with the order its lines were just written for.
    return [line.product_id for line in part.order.lines.all()]


# A stock record's fields that no listing reads: the stock levels (and when they were written).
STOCK_LEVEL_FIELDS = frozenset({"num_in_stock", "num_allocated", "low_stock_threshold", "date_updated"})


def _listing_fields_changed(stockrecord) -> bool:
    """Whether a saved stock record changed what listings read (its price, seller, product): not when only
    its stock levels changed, as a sale, a delivery or a restock does. A row not read from the database
    (new) or read without some field counts as changed. The values as read: caching/receivers.py keeps
    them on each stock record made (``post_init``)."""
    loaded = getattr(stockrecord, "_loaded_for_listings", None)
    return loaded is None or loaded != listing_fields_of(stockrecord)


_MISSING = object()


def listing_fields_of(stockrecord) -> tuple:
    # From the instance's dict: a deferred field stays unread (reading it would be a query).
    values = stockrecord.__dict__
    return tuple(
        values.get(field.attname, _MISSING)
        for field in stockrecord._meta.concrete_fields
        if field.attname not in STOCK_LEVEL_FIELDS
    )


WATCHED = (
    Watched("catalogue.Product", _own),
    Watched("partner.StockRecord", _product_of, listings=_listing_fields_changed),
    Watched("catalogue.ProductImage", _product_of),
    Watched("catalogue.ProductCategory", _product_of),
    Watched("catalogue.ProductAttributeValue", _product_of),
    Watched("catalogue.ProductRecommendation", lambda row: [row.primary_id]),
    Watched("reviews.ProductReview", _product_of),
    Watched("valuechains.Batch", _product_of),  # the product page links to the batch on sale
    # Cards count how many ordered the product ("x đã mua"); no listing sorts or filters on it.
    Watched("order.Line", _product_of, listings=False),
    Watched("fulfilment.OrderPart", _order_products, listings=False),
    Watched("catalogue.Category", None),
    Watched("catalogue.Certification", None),
    Watched("catalogue.ProductClass", None),
    Watched("catalogue.ProductAttribute", None),
    Watched("partner.Partner", None),
    Watched("catalogue.Option", None),  # the add-to-basket form's options
    Watched("cooperatives.Cooperative", None),
    Watched("cooperatives.StorefrontPage", None),  # its status decides the cooperative's link
    Watched("regions.AdministrativeUnit", None),  # place names and pages
    Watched("regions.Succession", None),  # the 2025 merger: place pages and search by place
)
# Besides the models: Product.certifications (m2m), a placed order (its lines' products), a
# finished product import and ``catalog.change_signals.products_bulk_written`` (bulk writes).
EVENTS = {
    "order.Order": "order_placed: its lines' products (their pages, not the listings)",
    "cooperatives.ImportJob": "post_save when done: the whole catalogue",
}

_PRODUCT_ROWS = (
    "catalogue.Product",
    "partner.StockRecord",
    "catalogue.ProductImage",
    "catalogue.ProductCategory",
    "catalogue.Certification",
    "catalogue.Option",
    "partner.Partner",
    "cooperatives.Cooperative",
    "regions.AdministrativeUnit",
    "order.Order",
    "order.Line",
)
_PRODUCT_PAGE_ROWS = _PRODUCT_ROWS + (
    "catalogue.ProductAttributeValue",
    "catalogue.ProductAttribute",
    "catalogue.ProductClass",
    "catalogue.ProductRecommendation",
    "catalogue.Category",
    "reviews.ProductReview",
    "valuechains.Batch",
    "fulfilment.OrderPart",
    "cooperatives.StorefrontPage",
)
_LISTING_ROWS = _PRODUCT_ROWS + ("catalogue.Category", "reviews.ProductReview", "regions.Succession")

CACHED = (
    Cached(
        "anonymous pages (catalogue, category, search, places)",
        "caching/page_cache.py",
        "listing version",
        _LISTING_ROWS + ("cooperatives.StorefrontPage",),
    ),
    Cached("anonymous product pages", "caching/page_cache.py", "product version", _PRODUCT_PAGE_ROWS),
    Cached("a product page's product rows", "catalog/selectors.py: product_for_page", "product version", _PRODUCT_ROWS),
    Cached(
        "whether a product is on sale (the lists under a product's page)",
        "catalog/selectors.py: on_sale_among",
        "product version",
        ("catalogue.Product", "partner.StockRecord", "partner.Partner", "cooperatives.Cooperative"),
    ),
    Cached(
        "the products recommended with a product",
        "catalog/selectors.py: recommended_on_sale",
        "product version",
        ("catalogue.ProductRecommendation",),
    ),
    Cached("listing counts and page ids", "catalog/selectors.py: kept_under_version", "listing version", _LISTING_ROWS),
    Cached("search result ids", "catalog/search_results.py", "listing version", _LISTING_ROWS),
    # The search's words (for typos) and the suggestions read catalogue.SuggestionWord too: see DERIVED.
    Cached("search words and place names", "catalog/search_query.py", "listing version", _LISTING_ROWS),
    Cached("search suggestions", "catalog/search_suggestions.py", "listing version", _LISTING_ROWS),
    Cached("search facet counts", "catalog/selectors.py: search_facets_cached", "listing version", _LISTING_ROWS),
    Cached("search facets fragment", "catalog/templates/catalog/search/facets.html", "listing version", _LISTING_ROWS),
    Cached(
        "category tree fragment",
        "marketplace/templates/oscar/catalogue/browse.html",
        "catalogue version",
        ("catalogue.Category",),
    ),
    Cached(
        "the header's browse menu (top categories)",
        "marketplace/templates/oscar/partials/nav_primary.html",
        "catalogue version",
        ("catalogue.Category",),
    ),
    Cached(
        "product page fragments (trail, gallery, info, facts, batch on sale, price and stock)",
        "oscar/catalogue/detail.html, catalog/partials/product_facts.html",
        "product version",
        _PRODUCT_PAGE_ROWS,
    ),
    Cached(
        "product reviews", "catalog/templatetags/product_page_tags.py", "product version", ("reviews.ProductReview",)
    ),
    Cached(
        "a buyer's permission to review a product",
        "catalog/templatetags/review_tags.py",
        "product version and buyer",
        ("reviews.ProductReview", "order.Order", "order.Line", "fulfilment.OrderPart"),
    ),
    Cached(
        "product cards",
        "catalog/templatetags/product_card_tags.py",
        "product version",
        _PRODUCT_ROWS + ("reviews.ProductReview", "fulfilment.OrderPart"),
    ),
)


# Copies of watched rows, rewritten only in the transaction of the watched change, which already bumps the
# versions: no receiver of their own (on the words table, one would make each rewrite's delete read every row).
DERIVED = {
    "catalogue.SuggestionWord": "catalog/suggestion_words.py: rewritten with its product, stock record or cooperative",
}


def declared_models() -> set[str]:
    return {watched.model for watched in WATCHED} | set(EVENTS)
