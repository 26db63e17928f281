"""Public pages of the value chain: a batch's trace (HTML or JSON), its QR codes, the GS1 Digital Link."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from common.params import ParameterError, id_or_error, parse_id

from . import mapdata, qr, selectors
from .trace import certification_rows, timeline_steps, trace_document

JSON = "application/json"


def _canonical_redirect(request, batch, code):
    """Codes are unique whatever their case ("lo-01" is "LO-01" to a person reading a label), but each
    batch has one address: a code typed in another case is sent there for good."""
    if batch.code == code:
        return None
    view_name = request.resolver_match.view_name
    return redirect(reverse(view_name, kwargs={"code": batch.code}), permanent=True)


def _not_a_registered_batch(request, code):
    """A code nobody registered, or not a code at all: often a copied or fake label. Say so plainly,
    and how to report it, instead of a bare "page not found"."""
    if request.get_preferred_type(["text/html", JSON]) == JSON:
        return JsonResponse({"error": "unknown-batch", "code": code[:64]}, status=404)
    context = {"code": code[:64], "report_email": settings.MARKET_CONTACT_EMAIL}
    return render(request, "valuechains/trace_unknown.html", context, status=404)


def trace(request, code):
    batch = selectors.batch_for_trace(code)
    if batch is None:
        return _not_a_registered_batch(request, code)
    if moved := _canonical_redirect(request, batch, code):
        return moved
    document = trace_document(batch, url=qr.trace_url(request, batch))
    if request.get_preferred_type(["text/html", JSON]) == JSON:
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    else:
        context = {
            "batch": batch,
            "gtin": document["product"]["gtin"],
            "certifications": certification_rows(batch.area, timezone.localdate()),
            "steps": timeline_steps(batch.events.all()),
            "storefront": selectors.live_storefront(batch.cooperative),
        }
        response = render(request, "valuechains/trace.html", context)
    patch_vary_headers(response, ["Accept"])
    return response


def digital_link(request, gtin, code):
    """GS1 Digital Link (/01/<GTIN>/10/<batch>) → the batch's trace page."""
    batch = selectors.batch_by_digital_link(gtin=gtin, code=code)
    if batch is None:
        return _not_a_registered_batch(request, code)
    return redirect("valuechains:trace", code=batch.code)


def _qr_batch_or_404(code):
    batch = selectors.batch_by_code(code)
    if batch is None:
        raise Http404("No such batch")
    return batch


def trace_qr_svg(request, code):
    batch = _qr_batch_or_404(code)
    if moved := _canonical_redirect(request, batch, code):
        return moved
    return HttpResponse(qr.qr_svg(qr.label_url(request, batch)), content_type="image/svg+xml")


def trace_qr_png(request, code):
    batch = _qr_batch_or_404(code)
    if moved := _canonical_redirect(request, batch, code):
        return moved
    return HttpResponse(qr.qr_png(qr.label_url(request, batch)), content_type="image/png")


def _product_filter(request):
    return request.GET.get("product", "").strip()[:100] or None


def map_page(request):
    """Cooperatives and raw-material areas on a Leaflet map; the page loads the GeoJSON below.
    A district that is not an id shows every district (the page's default)."""
    context = {
        "districts": mapdata.districts(),
        "district": parse_id(request.GET.get("district")),
        "product": _product_filter(request) or "",
    }
    return render(request, "valuechains/map.html", context)


def _geojson(request, features):
    """``features(district=…, product=…)`` as GeoJSON; 400 with a message for a district that is not an id."""
    try:
        district = id_or_error("district", request.GET.get("district"))
    except ParameterError as error:
        return JsonResponse(
            {"errors": {error.name: str(error.message)}}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return JsonResponse(
        features(district=district, product=_product_filter(request)), content_type="application/geo+json"
    )


def map_areas(request):
    """Raw-material areas as a GeoJSON FeatureCollection (?district=<id>&product=<text>)."""
    return _geojson(request, mapdata.area_features)


def map_cooperatives(request):
    """Cooperatives with areas, as GeoJSON points at the middle of their areas (same filters)."""
    return _geojson(request, mapdata.cooperative_features)
