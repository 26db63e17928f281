"""Place pages (nơi sản xuất) at Vietnamese addresses: /noi-san-xuat/cu-chi/phuoc-vinh-an/."""

from django.urls import path, reverse

from . import views
from .models import Layout, Level
from .selectors import unit_slug

app_name = "places"

urlpatterns = [
    path("", views.PlaceIndexView.as_view(), name="index"),
    # Units of the 2025 layout (no districts); "2025" can never be a district's slug.
    path("2025/<slug:unit>/", views.Unit2025View.as_view(), name="unit-2025"),
    path("<slug:district>/", views.DistrictView.as_view(), name="district"),
    path("<slug:district>/<slug:commune>/", views.CommuneView.as_view(), name="commune"),
]


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
