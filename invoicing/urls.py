from django.urls import path

from . import views

app_name = "invoicing"

urlpatterns = [
    path("organisations/<int:pk>/", views.organisation_invoices, name="organisation-invoices"),
    path("organisations/<int:pk>/<int:invoice_pk>/", views.organisation_invoice, name="organisation-invoice"),
    path(
        "organisations/<int:pk>/<int:invoice_pk>/pdf/", views.organisation_invoice_pdf, name="organisation-invoice-pdf"
    ),
]
