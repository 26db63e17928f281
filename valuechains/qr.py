"""QR codes of a batch's trace page, and the URL they carry."""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from . import gs1


def trace_url(request, batch) -> str:
    """The absolute trace URL, in the site's default language so one label serves every reader."""
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("valuechains:trace", kwargs={"code": batch.code}))


def label_url(request, batch) -> str:
    """What a batch's QR code carries: the GS1 Digital Link (/01/<GTIN-14>/10/<lot>) when its product has a
    valid GTIN, so GS1-aware scanners read the GTIN and the lot (the route redirects phones to the trace page);
    else the trace URL. Unprefixed either way, so one label serves every language."""
    gtin = batch.product.upc
    if gs1.is_valid_gtin(gtin) and gs1.is_valid_batch_code(batch.code):
        return request.build_absolute_uri(gs1.digital_link_path(gtin=gtin, batch_code=batch.code))
    return trace_url(request, batch)


def _qr(url):
    # Level M survives a smudged or creased label (15% of the code) and stays small.
    return segno.make(url, error="m", micro=False)


def qr_svg(url, *, scale=4) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, xmldecl=False)
    return buffer.getvalue()


def qr_svg_inline(url) -> str:
    """An SVG with a viewBox and no fixed size, so the label's CSS sets its printed size."""
    return _qr(url).svg_inline(omitsize=True)


def qr_png(url, *, scale=8) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale)
    return buffer.getvalue()
