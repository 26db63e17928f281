"""Place pages (nơi sản xuất) at Vietnamese addresses: /noi-san-xuat/cu-chi/phuoc-vinh-an/.

The pages list products and cooperatives, so their views and URL patterns live above regions
(cooperatives/place_views.py, cooperatives/place_urls.py); the link to a place stays here, where every
app that shows a place can reach it."""

from django.urls import reverse

from .models import Layout, Level
from .selectors import unit_slug


def place_url(unit) -> str:
    """The place page of an administrative unit, whichever layout it is in."""
    if unit is None:
        return ""
    if unit.level == Level.CITY:
        return reverse("places:index")
    if unit.layout == Layout.FROM_2025:
        return reverse("places:unit-2025", kwargs={"unit": unit_slug(unit)})
    if unit.level == Level.DISTRICT:
        return reverse("places:district", kwargs={"district": unit_slug(unit)})
    return reverse("places:commune", kwargs={"district": unit_slug(unit.parent), "commune": unit_slug(unit)})
