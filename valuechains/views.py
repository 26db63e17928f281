"""Public pages of the value chain: a batch's trace (HTML or JSON), its QR codes, the GS1 Digital Link."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from . import mapdata, qr, selectors
from .trace import certification_rows, trace_document

JSON = "application/json"


def _batch_or_404(code):
    batch = selectors.batch_for_trace(code)
    if batch is None:
        raise Http404("No such batch")
    return batch


def trace(request, code):
    batch = _batch_or_404(code)
    document = trace_document(batch, url=qr.trace_url(request, batch))
    if request.get_preferred_type(["text/html", JSON]) == JSON:
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    else:
        context = {
            "batch": batch,
            "gtin": document["product"]["gtin"],
            "certifications": certification_rows(batch.area, timezone.localdate()),
        }
        response = render(request, "valuechains/trace.html", context)
    patch_vary_headers(response, ["Accept"])
    return response


def digital_link(request, gtin, code):
    """GS1 Digital Link (/01/<GTIN>/10/<batch>) → the batch's trace page."""
    batch = selectors.batch_by_digital_link(gtin=gtin, code=code)
    if batch is None:
        raise Http404("No such batch")
    return redirect("valuechains:trace", code=batch.code)


def _qr_batch_or_404(code):
    batch = selectors.batch_by_code(code)
    if batch is None:
        raise Http404("No such batch")
    return batch


def trace_qr_svg(request, code):
    batch = _qr_batch_or_404(code)
    return HttpResponse(qr.qr_svg(qr.label_url(request, batch)), content_type="image/svg+xml")


def trace_qr_png(request, code):
    batch = _qr_batch_or_404(code)
    return HttpResponse(qr.qr_png(qr.label_url(request, batch)), content_type="image/png")


def _map_filters(request):
    district = request.GET.get("district", "")
    return {
        "district": int(district) if district.isdigit() else None,
        "product": request.GET.get("product", "").strip()[:100] or None,
    }


def map_page(request):
    """Cooperatives and raw-material areas on a Leaflet map; the page loads the GeoJSON below."""
    filters = _map_filters(request)
    context = {"districts": mapdata.districts(), "district": filters["district"], "product": filters["product"] or ""}
    return render(request, "valuechains/map.html", context)


def map_areas(request):
    """Raw-material areas as a GeoJSON FeatureCollection (?district=<id>&product=<text>)."""
    return JsonResponse(mapdata.area_features(**_map_filters(request)), content_type="application/geo+json")


def map_cooperatives(request):
    """Cooperatives with areas, as GeoJSON points at the middle of their areas (same filters)."""
    return JsonResponse(mapdata.cooperative_features(**_map_filters(request)), content_type="application/geo+json")
