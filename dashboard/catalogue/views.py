"""Oscar's product dashboard, narrowed for a cooperative's staff.

Oscar already limits a partner user to products their partner stocks; here a cooperative's staff
create produce only, edit the product's own facts without Oscar's attributes and upselling, and
change prices one product at a time, where they are checked as whole đồng. Officers keep
Oscar's full views. Oscar's get_class loader picks these classes up in place of its own.
"""

from functools import partial

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext
from oscar.apps.dashboard.catalogue import views
from oscar.core.loading import get_classes

from accounts.roles import is_officer
from catalog.services import produce_product_class, product_refresh_search_text
from common.params import parse_ids, parse_int

ProductClassSelectForm, ProductSearchForm = get_classes(
    "dashboard.catalogue.forms", ("ProductClassSelectForm", "ProductSearchForm")
)

# Oscar's bulk price update takes decimals and percentages and would leave fractions of a đồng
# (or a price of 0 ₫); prices change on the product page instead.
BULK_ACTIONS = {
    name: action
    for name, action in views.ProductBulkActionMixin.intermediate_actions.items()
    if name != "set_product_price"
}
# List columns a cooperative's staff do not use: barcodes, product types and variants.
OFFICER_ONLY_COLUMNS = ("upc", "product_class", "variants")


class ProductListView(views.ProductListView):
    intermediate_actions = BULK_ACTIONS

    @property
    def form_class(self):
        return partial(ProductSearchForm, user=self.request.user)

    @property
    def productclass_form_class(self):
        return partial(ProductClassSelectForm, user=self.request.user)

    def get_table(self, **kwargs):
        if not is_officer(self.request.user):
            kwargs["exclude"] = OFFICER_ONLY_COLUMNS
        return super().get_table(**kwargs)


class ProductBulkActionConfirmView(views.ProductBulkActionConfirmView):
    intermediate_actions = BULK_ACTIONS


class ProductCreateRedirectView(views.ProductCreateRedirectView):
    def get_redirect_url(self, *args, **kwargs):
        if not is_officer(self.request.user):
            return self.get_product_create_url(produce_product_class())
        return super().get_redirect_url(*args, **kwargs)


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not is_officer(request.user):
            # Upselling links products across cooperatives: the officers' work.
            self.formsets = {name: fs for name, fs in self.formsets.items() if name != "recommended_formset"}

    def get_object(self, queryset=None):
        product = super().get_object(queryset)
        if self.creating and not is_officer(self.request.user) and self.product_class != produce_product_class():
            raise Http404
        return product

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_officer=is_officer(self.request.user), **kwargs)

    def post(self, request, *args, **kwargs):
        # Oscar saves a new product before its stock record, categories and images:
        # all of them or none.
        with transaction.atomic():
            return super().post(request, *args, **kwargs)

    def forms_valid(self, form, formsets):
        # The product, its categories and its stock record (the cooperative) are saved:
        # what search finds it by is folded again from them.
        response = super().forms_valid(form, formsets)
        product_refresh_search_text(self.object)
        return response


LOOKUP_MAX_PAGE = 10_000
LOOKUP_MAX_PAGE_LIMIT = 100


class ProductLookupView(views.ProductLookupView):
    """Oscar's JSON lookup (the ranges' product picker), reading its numbers with the site's parser:
    Oscar's int() of ``?page=²`` or ``?page=-1`` answered 500."""

    def get_args(self):
        params = self.request.GET
        page = parse_int(params.get("page", "1"), minimum=1, maximum=LOOKUP_MAX_PAGE) or 1
        page_limit = parse_int(params.get("page_limit", "20"), minimum=1, maximum=LOOKUP_MAX_PAGE_LIMIT) or 20
        return params.get("initial"), params.get("q"), page, page_limit

    def initial_filter(self, qs, value):
        return qs.filter(pk__in=parse_ids(value.split(",")))


class StockAlertListView(views.StockAlertListView):
    """Oscar leaves ``description`` unset when its status filter does not validate (``?status=``, empty),
    and the page failed: an empty filter lists every alert, as no filter does."""

    def get_queryset(self):
        alerts = super().get_queryset()
        if not hasattr(self, "description"):
            self.description = gettext("All alerts")
        return alerts
