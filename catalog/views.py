"""Browsing reads the database, not Haystack.

Oscar 4 routes the catalogue and category pages through Haystack; with
Haystack's simple engine they list nothing, and with Whoosh they are slow.
A paginated queryset with its related rows prefetched lists every product on
sale at a fixed number of queries. Search (/search/) lists the same products,
those its folded words find (catalog/search.py).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import ListView
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from accounts import roles

from . import selectors
from .cache_version import catalogue_version
from .cards import ProductsForCards
from .search import SearchFilters, params_clearing_filters, params_setting, params_toggling
from .search_offers import search_dead_end_offers
from .search_results import SearchResults
from .search_suggestions import suggestions

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")


class _KeptPaginator(Paginator):
    """Counts, and lists a page's ids, once per catalogue version (``selectors.kept_under_version``)."""

    def __init__(self, *args, listing: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing = listing

    @cached_property
    def count(self):
        return selectors.kept_under_version(f"{self.listing}:count", self.object_list.count)

    def _get_page(self, object_list, number, paginator):
        ids = selectors.kept_under_version(f"{self.listing}:page:{number}", lambda: list(object_list))
        return super()._get_page(ids, number, paginator)


class CatalogueView(ListView):
    """Pages through the products' ids (a narrow, cheap sort and a cached count), then fetches
    the page's products with what their cards show."""

    context_object_name = "products"
    template_name = "oscar/catalogue/browse.html"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    # Whether get_queryset lists ids (this view and the category's) or whole products (search).
    pages_ids = True

    def get_queryset(self):
        return selectors.product_ids_on_sale()

    def listing(self) -> str:
        """Names the listing in the cache (``_KeptPaginator``)."""
        return "all"

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        if not self.pages_ids:
            return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        return _KeptPaginator(queryset, per_page, orphans, allow_empty_first_page, listing=self.listing())

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.pages_ids:
            # Full rows only for the cards the cache lacks (catalog/cards.py).
            page.object_list = object_list = ProductsForCards(object_list, selectors.products_for_cards)
        return paginator, page, object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("All products")
        context["catalogue_version"] = catalogue_version()
        return context


class ProductCategoryView(CatalogueView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or roles.is_officer(request.user)):
            raise Http404
        expected_path = self.category.get_absolute_url()
        if expected_path != request.path:
            return HttpResponsePermanentRedirect(expected_path)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.product_ids_on_sale(self.category)

    def listing(self) -> str:
        return f"category:{self.category.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        return context


class ProductSearchView(CatalogueView):
    """Oscar's /search/, served from the database: "ca phe" finds "Cà phê" (catalog/search.py),
    with facets (category, district, cooperative, certification, OCOP stars, price) chosen by
    GET parameters, so a narrowed search is a link that can be shared.

    Marketplace URLs route /search/ here ahead of Oscar's Haystack view, so Oscar's header
    form (``search:search``, field ``q``) lands on it."""

    template_name = "catalog/search.html"
    pages_ids = False

    # (value of ?sort=, label): relevance first, the default.
    SORTS = [
        (selectors.Sort.RELEVANCE, _("Most relevant")),
        (selectors.Sort.PRICE_UP, _("Price: low to high")),
        (selectors.Sort.PRICE_DOWN, _("Price: high to low")),
        (selectors.Sort.NEWEST, _("Newest")),
    ]
    # Products offered when a search finds nothing.
    NEAREST_COUNT = 8

    def get(self, request, *args, **kwargs):
        self.query = " ".join(request.GET.get("q", "").split())
        self.chosen = selectors.search_filters_known(SearchFilters.from_params(request.GET))
        sort = request.GET.get("sort", "")
        self.sort = sort if sort in selectors.Sort.ALL else selectors.Sort.RELEVANCE
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        def find():
            return selectors.products_matching(self.query, self.chosen, sort=self.sort)

        return SearchResults(find, query=self.query, filters=self.chosen.filters, sort=self.sort)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset, page_size)
        # The page's ids, found already (so on sale): full rows only for the cards the cache lacks.
        page.object_list = object_list = ProductsForCards(ids, selectors.products_for_cards)
        return paginator, page, object_list, is_paginated

    def _sort_links(self) -> list[dict]:
        return [
            {"label": label, "chosen": value == self.sort, "url": "?" + params_setting(self.request.GET, "sort", value)}
            for value, label in self.SORTS
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        facets = selectors.search_facets_cached(self.query, self.chosen)
        for facet in facets:
            for value in facet.values:
                value.url = "?" + params_toggling(params, facet.name, value.value)
        for chip in self.chosen.chips:
            chip.url = "?" + params_toggling(params, chip.facet, chip.value)
        context.update(
            query=self.query,
            facets=facets,
            chips=self.chosen.chips,
            clear_filters_url="?" + params_clearing_filters(params),
            sort_links=self._sort_links(),
        )
        if self.query:
            count = context["paginator"].count
            if not count and not self.chosen.filters:  # (filters that list nothing have their chips to undo)
                context.update(dead_end=True, **search_dead_end_offers(self.query, limit=self.NEAREST_COUNT))
            context["summary"] = ngettext(
                "%(count)s result for “%(query)s”", "%(count)s results for “%(query)s”", count
            ) % {"count": count, "query": self.query}
        return context


def search_suggestions(request):
    """``{"query": …, "suggestions": [{"kind", "label", "url"}]}`` for the search box as the buyer
    types (catalog/search_suggestions.py): public, cached briefly by browsers too."""
    query = " ".join(request.GET.get("q", "").split())[:SUGGEST_QUERY_MAX_LENGTH]
    response = JsonResponse({"query": query, "suggestions": suggestions(query)})
    patch_cache_control(response, public=True, max_age=60)
    return response


# Longer is no longer typing a search: cut, so a pasted page of text costs no more than a search.
SUGGEST_QUERY_MAX_LENGTH = 100


class ProductDetailView(OscarProductDetailView):
    def get_queryset(self):
        return selectors.products_for_page()

    def get_object(self, queryset=None):
        if hasattr(self, "object"):  # Oscar's ``get`` asks twice
            return self.object
        try:
            pk = int(self.kwargs["pk"])
        except (KeyError, ValueError):
            raise Http404 from None
        product = selectors.product_for_page(pk)
        if product is None:
            raise Http404
        return product

    @classmethod
    def viewed_from_cache(cls, request, response, product_pk) -> None:
        """The page served from the anonymous page cache is a view all the same: Oscar's own
        ``send_signal``, so its receivers count it and remember it in the recently-viewed cookie
        (they read the product's id only: no query for the product)."""
        cls().send_signal(request, response, Product(pk=int(product_pk)))

    def get_alert_status(self):
        # Handed to the template uncalled: it asks (and Django calls it) only for a product that cannot be
        # bought, where the alert takes the basket form's place: no query on a product page in stock.
        return super().get_alert_status

    def is_viewable(self, product, request):
        if roles.is_officer(request.user):
            return True
        return super().is_viewable(product, request) and selectors.is_product_on_sale(
            product.parent if product.is_child else product
        )
