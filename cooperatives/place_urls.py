"""Place pages (nơi sản xuất) at Vietnamese addresses: /noi-san-xuat/cu-chi/phuoc-vinh-an/ (namespace
"places"). Links to them: regions/urls.py ``place_url``."""

from django.urls import path

from cooperatives import place_views as views

app_name = "places"

urlpatterns = [
    path("", views.PlaceIndexView.as_view(), name="index"),
    # Units of the 2025 layout (no districts); "2025" can never be a district's slug.
    path("2025/<slug:unit>/", views.Unit2025View.as_view(), name="unit-2025"),
    path("<slug:district>/", views.DistrictView.as_view(), name="district"),
    path("<slug:district>/<slug:commune>/", views.CommuneView.as_view(), name="commune"),
]
