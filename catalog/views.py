"""Browsing reads the database, not Haystack.

Oscar 4 routes the catalogue and category pages through Haystack; with
Haystack's simple engine they list nothing, and with Whoosh they are slow.
A paginated queryset with its related rows prefetched lists every product on
sale at a fixed number of queries. Search (/search/) lists the same products,
those its folded words find (catalog/search.py).
"""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import ListView
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from . import selectors
from .search import SearchFilters, params_clearing_filters, params_toggling

Category = get_model("catalogue", "Category")


class CatalogueView(ListView):
    context_object_name = "products"
    template_name = "oscar/catalogue/browse.html"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE

    def get_queryset(self):
        return selectors.products_on_sale().order_by("-is_flagship", "-date_created", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("All products")
        return context


class ProductCategoryView(CatalogueView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected_path = self.category.get_absolute_url()
        if expected_path != request.path:
            return HttpResponsePermanentRedirect(expected_path)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.products_in_category(self.category).order_by("-is_flagship", "-date_created", "pk")

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

    def get(self, request, *args, **kwargs):
        self.query = " ".join(request.GET.get("q", "").split())
        self.chosen = selectors.search_filters_known(SearchFilters.from_params(request.GET))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.products_matching(self.query, self.chosen)

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
        )
        if self.query:
            count = context["paginator"].count
            context["summary"] = ngettext(
                "%(count)s result for “%(query)s”", "%(count)s results for “%(query)s”", count
            ) % {"count": count, "query": self.query}
        return context


class ProductDetailView(OscarProductDetailView):
    def get_queryset(self):
        return selectors.Product.objects.base_queryset().select_related("origin_commune__parent")

    def is_viewable(self, product, request):
        if request.user.is_staff:
            return True
        return super().is_viewable(product, request) and selectors.is_product_on_sale(
            product.parent if product.is_child else product
        )
