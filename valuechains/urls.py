from django.urls import path, re_path

from . import staff_views, views

app_name = "valuechains"

urlpatterns = [
    path("trace/<str:code>/", views.trace, name="trace"),
    path("trace/<str:code>/qr.svg", views.trace_qr_svg, name="trace-qr-svg"),
    path("trace/<str:code>/qr.png", views.trace_qr_png, name="trace-qr-png"),
    # GS1 Digital Link: /01/<GTIN>/10/<batch>, with or without the trailing slash.
    re_path(r"^01/(?P<gtin>[0-9]{8,14})/10/(?P<code>[^/]+)/?$", views.digital_link, name="digital-link"),
    path("map/", views.map_page, name="map"),
    path("map/areas.geojson", views.map_areas, name="map-areas"),
    path("map/cooperatives.geojson", views.map_cooperatives, name="map-cooperatives"),
    path("value-chains/", staff_views.index, name="index"),
    path("value-chains/areas/new/", staff_views.area_edit, name="area-create"),
    path("value-chains/areas/<int:pk>/", staff_views.area_edit, name="area-edit"),
    path("value-chains/areas/<int:pk>/certifications/", staff_views.area_certification_add, name="area-certify"),
    path("value-chains/linkages/new/", staff_views.linkage_edit, name="linkage-create"),
    path("value-chains/linkages/<int:pk>/", staff_views.linkage_edit, name="linkage-edit"),
    re_path(
        r"^value-chains/linkages/(?P<pk>[0-9]+)/(?P<part>participant|technology)/$",
        staff_views.linkage_part_add,
        name="linkage-part-add",
    ),
    path("value-chains/batches/new/", staff_views.batch_create, name="batch-create"),
    path("value-chains/batches/<int:pk>/", staff_views.batch_detail, name="batch"),
    path("value-chains/batches/<int:pk>/labels/", staff_views.batch_labels, name="batch-labels"),
]
