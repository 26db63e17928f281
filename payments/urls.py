from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("statement/", views.statement, name="statement"),
    path("payouts/", views.payout_create, name="payouts"),
    path("commission/", views.commission, name="commission"),
    path("refunds/<int:part_id>/", views.refund_create, name="refund"),
    path("transfers/", views.transfers, name="transfers"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/resolve/", views.case_resolve, name="case-resolve"),
    path("owed/<int:order_id>/", views.refund_owed, name="refund-owed"),
]
