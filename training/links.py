"""The addresses a registration's codes stand for, and their QR codes (segno, as the payments' VietQR and
the value chains' trace labels).

The same code serves the check-in URL (opened only by officers) and, once the person attended, the
certificate's public verification page. Both are built in the site's default language, unprefixed, so
a printed code reads the same whatever language its reader uses."""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation


def _absolute(request, name, code) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse(name, kwargs={"code": code}))


def check_in_url(request, registration) -> str:
    return _absolute(request, "training:check-in", registration.code)


def verification_url(request, registration) -> str:
    return _absolute(request, "training:verify", registration.code)


def _qr(url):
    # Level M survives a cracked phone screen or a creased printout and stays small.
    return segno.make(url, error="m", micro=False)


def qr_svg_inline(url) -> str:
    """An SVG with a viewBox and no fixed size: the page's CSS sets its size. segno writes it from the
    URL alone; nothing typed by a user is in it."""
    return _qr(url).svg_inline(omitsize=True)


def qr_png(url, *, scale=4) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale)
    return buffer.getvalue()
