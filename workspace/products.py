"""The workspace's products pages: the list with price, stock and on-sale switch in each row, and
the product form. Reads come from catalog/own_products.py, writes go through catalog/editing.py;
another cooperative's product is not found (404)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import editing, photos
from catalog.own_products import SHOWS, is_running_low, own_product, own_products_listed, own_stockrecord_of
from catalog.unit_price import product_unit_price
from cooperatives.models import Cooperative

from .access import workspace_view
from .product_forms import PriceStockForm, ProductForm

PER_PAGE = 50
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class ProductRow:
    product: object
    stockrecord: object
    price: str
    is_low: bool
    form: PriceStockForm


def _row(product, stockrecord=None) -> ProductRow:
    stockrecord = stockrecord or own_stockrecord_of(product)
    # "14.000 ₫ / 500 g · 28.000 ₫/kg" for a product sold by weight steps, "25.000 ₫ / bó" otherwise.
    price = str(product_unit_price(product, stockrecord.price) or "")
    initial = {"price": stockrecord.price, "stock": stockrecord.num_in_stock}
    form = PriceStockForm(initial=initial, auto_id=f"id_%s_{product.pk}")
    return ProductRow(
        product=product, stockrecord=stockrecord, price=price, is_low=is_running_low(stockrecord), form=form
    )


def _verification_note(cooperative) -> str:
    """What the list says when the shop does not show the cooperative's products (catalog/availability.py)."""
    if cooperative.status == Cooperative.Status.APPLIED:
        return _(
            "Your cooperative is not verified by the department yet: your products will show in the shop once it is."
        )
    if cooperative.status == Cooperative.Status.SUSPENDED:
        return _("Your cooperative is suspended: its products are not shown in the shop until the department lifts it.")
    return ""


@workspace_view
def index(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    show = request.GET.get("show", "")
    show = show if show in SHOWS else ""
    products = own_products_listed(cooperative=request.cooperative, query=query, show=show)
    page = Paginator(products, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "active": "products",
        "page": page,
        "rows": [_row(product) for product in page],
        "query": query,
        "show": show,
        "here": request.get_full_path(),
        "verification_note": _verification_note(request.cooperative),
    }
    return render(request, "workspace/products/list.html", context)


def _product_or_404(request, pk):
    product = own_product(cooperative=request.cooperative, pk=pk)
    if product is None:
        raise Http404
    return product


def _back_to_list(request):
    """Where a row's form came from (the list with its search and page), or the list."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("workspace:products")


def _answer(request, *, ok: bool, message: str, row=None):
    """A message on the list (POST-redirect-GET), or JSON for products.js, which stays on the page
    and updates the row with what the list would now show."""
    if request.headers.get("X-Requested-With") == "workspace":
        return JsonResponse({"ok": ok, "message": message, **(row or {})}, status=200 if ok else 400)
    (messages.success if ok else messages.error)(request, message)
    return _back_to_list(request)


@require_POST
@workspace_view
def quick(request, pk):
    """Price and stock from a row of the list."""
    product = _product_or_404(request, pk)
    form = PriceStockForm(request.POST)
    if form.is_valid():
        try:
            stockrecord = editing.product_price_stock_set(
                product=product,
                cooperative=request.cooperative,
                price=form.cleaned_data["price"],
                stock=form.cleaned_data["stock"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        problems = " ".join(message for errors in form.errors.values() for message in errors)
        return _answer(
            request,
            ok=False,
            message=_("“%(title)s” was not changed: %(problems)s") % {"title": product.title, "problems": problems},
        )
    row = _row(product, stockrecord)
    shown = {
        "price": row.price,
        "stock": _("In stock: %(count)s") % {"count": stockrecord.num_in_stock},
        "low": row.is_low,
    }
    message = _("Price and stock of “%(title)s” saved.") % {"title": product.title}
    return _answer(request, ok=True, message=message, row=shown)


@require_POST
@workspace_view
def sale(request, pk):
    """The on-sale switch: on sale (đang bán) or off sale (ngừng bán)."""
    product = _product_or_404(request, pk)
    if request.POST.get("on_sale") not in ("0", "1"):
        return _answer(request, ok=False, message=_("Nothing was changed."))
    on_sale = request.POST["on_sale"] == "1"
    editing.product_sale_set(product=product, on_sale=on_sale)
    if on_sale:
        message = _("“%(title)s” is on sale.") % {"title": product.title}
    else:
        message = _("“%(title)s” is off sale: buyers no longer see it.") % {"title": product.title}
    return _answer(request, ok=True, message=message, row={"on_sale": on_sale})


@require_POST
@workspace_view
def remove(request, pk):
    product = _product_or_404(request, pk)
    if request.POST.get("confirm") != "1":  # the form's own button says so; a stray POST deletes nothing
        messages.error(request, _("Nothing was changed."))
        return redirect("workspace:product-edit", pk=product.pk)
    title = product.title
    if editing.product_remove(product=product):
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
    else:
        message = _("“%(title)s” is in orders already, so it was taken off sale instead of deleted.")
        messages.warning(request, message % {"title": title})
    return redirect("workspace:products")


@require_POST
@workspace_view
def photo_remove(request, pk, image_id):
    product = _product_or_404(request, pk)
    if not photos.product_photo_remove(product=product, image_id=image_id):
        raise Http404
    messages.success(request, _("The photo was removed."))
    return redirect("workspace:product-edit", pk=product.pk)


def _saved(request, form, product=None):
    """Create or update through the catalogue's services; a refusal there goes back on the form."""
    details = {
        "category": form.cleaned_data["category"],
        "price": form.cleaned_data["price"],
        "stock": form.cleaned_data["stock"],
        "certifications": list(form.cleaned_data["certifications"]),
        "photos": form.cleaned_data["photos"],
        **form.product_fields(),
    }
    try:
        if product is None:
            return editing.product_add(cooperative=request.cooperative, **details)
        return editing.product_update(product=product, cooperative=request.cooperative, **details)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _posted(request):
    # A POST binds the form even when empty (``request.POST or None`` would not): it is then refused.
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _form_page(request, form, product=None):
    context = {"active": "products", "form": form, "product": product}
    return render(request, "workspace/products/form.html", context, status=400 if form.errors else 200)


@workspace_view
def add(request):
    form = ProductForm(*_posted(request))
    if request.method == "POST" and form.is_valid() and (product := _saved(request, form)):
        messages.success(request, _("“%(title)s” was added.") % {"title": product.title})
        return redirect("workspace:products")
    return _form_page(request, form)


@workspace_view
def edit(request, pk):
    product = _product_or_404(request, pk)
    stockrecord = own_stockrecord_of(product)
    form = ProductForm(*_posted(request), instance=product, stockrecord=stockrecord)
    if request.method == "POST" and form.is_valid() and _saved(request, form, product):
        messages.success(request, _("“%(title)s” was saved.") % {"title": product.title})
        return redirect(reverse("workspace:products"))
    return _form_page(request, form, product)


urlpatterns = [
    path("products/", index, name="products"),
    path("products/add/", add, name="product-add"),
    path("products/<int:pk>/", edit, name="product-edit"),
    path("products/<int:pk>/quick/", quick, name="product-quick"),
    path("products/<int:pk>/sale/", sale, name="product-sale"),
    path("products/<int:pk>/remove/", remove, name="product-remove"),
    path("products/<int:pk>/photos/<int:image_id>/remove/", photo_remove, name="product-photo-remove"),
]
