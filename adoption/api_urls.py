from django.urls import path

from .api import IndicatorsView, OpenApiView

app_name = "api"

urlpatterns = [
    path("indicators/", IndicatorsView.as_view(), name="indicators"),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
]
