"""The payments URLs (/payments/, namespace "payments"): payments' own pages and the ones that call lifecycle's
money rules (lifecycle/money_views.py). Composed here, above both, so payments never imports lifecycle."""

from django.urls import path

from lifecycle import money_views
from payments import urls as payments_urls

app_name = payments_urls.app_name

urlpatterns = [
    *payments_urls.urlpatterns,
    path("refunds/<int:part_id>/", money_views.refund_create, name="refund"),
    path("transfers/", money_views.transfers, name="transfers"),
    path("cases/", money_views.cases, name="cases"),
    path("owed/<int:order_id>/", money_views.refund_owed, name="refund-owed"),
]
