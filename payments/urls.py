from django.urls import path

from . import views

# The pages that call lifecycle's money rules join these in lifecycle/payments_urls.py.
app_name = "payments"

urlpatterns = [
    path("statement/", views.statement, name="statement"),
    path("payouts/", views.payout_create, name="payouts"),
    path("commission/", views.commission, name="commission"),
    path("cases/<int:pk>/resolve/", views.case_resolve, name="case-resolve"),
]
