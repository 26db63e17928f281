from django.urls import path

from . import export_views, views

app_name = "adoption"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("districts/<str:code>/", views.district, name="district"),
    path("communes/<str:code>/", views.commune, name="commune"),
    path("units-2025/<str:code>/", views.unit_2025, name="unit-2025"),
    path("officials/", views.officials, name="officials"),
    path("export/<slug:table>.<str:fmt>", export_views.export_table, name="export"),
    path("report/", export_views.quarterly_report, name="report"),
]
