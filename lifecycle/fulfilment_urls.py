"""The fulfilment URLs (/fulfilment/, namespace "fulfilment"): fulfilment's own pages and the part actions that
trigger lifecycle transitions (lifecycle/part_views.py). Composed here, above both, so fulfilment never imports
lifecycle."""

from django.urls import path

from fulfilment import urls as fulfilment_urls
from lifecycle import part_views

app_name = fulfilment_urls.app_name

urlpatterns = [
    *fulfilment_urls.urlpatterns,
    path("parts/<int:pk>/status/", part_views.OrderPartStatusView.as_view(), name="part-status"),
    path("parts/<int:pk>/cash/", part_views.PartCashView.as_view(), name="part-cash"),
]
