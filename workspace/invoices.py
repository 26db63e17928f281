"""The workspace's invoice pages: the cooperative's invoices (due, overdue, paid), one invoice with its
PDF, marking it paid, and the monthly register for the e-invoice provider. Only ever the signed-in staff
member's own cooperative's invoices."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts.views import show_errors
from invoicing import registers, selectors, services
from invoicing.forms import MarkPaidForm
from invoicing.views import list_context, pay_context, pdf_response

from .access import workspace_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own_invoice(request, pk):
    return get_object_or_404(selectors.invoices_of_cooperative(request.cooperative), pk=pk)


@workspace_view
def index(request):
    invoices = selectors.invoices_of_cooperative(request.cooperative, request.GET.get("status"))
    today = timezone.localdate()
    context = {**list_context(request, invoices), "active": "more", "this_month": f"{today:%Y-%m}"}
    return render(request, "workspace/invoices/index.html", context)


def _invoice_page(request, invoice, form, status=200):
    context = {"invoice": invoice, "form": form, "active": "more", **pay_context(invoice)}
    return render(request, "workspace/invoices/invoice.html", context, status=status)


@workspace_view
def invoice(request, pk):
    invoice = _own_invoice(request, pk)
    return _invoice_page(request, invoice, MarkPaidForm(invoice=invoice))


@require_POST
@workspace_view
def mark_paid(request, pk):
    invoice = _own_invoice(request, pk)
    form = MarkPaidForm(request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.invoice_mark_paid(invoice=invoice, by=request.user, paid_on=data["paid_on"], amount=data["amount"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Invoice %(number)s is marked paid.") % {"number": invoice.number})
            return redirect("workspace:invoice", invoice.pk)
    return _invoice_page(request, invoice, form, status=400)


@workspace_view
def pdf(request, pk):
    return pdf_response(_own_invoice(request, pk))


def _month(text: str | None) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return None


@workspace_view
def register(request):
    """The month's register as CSV or XLSX (?month=2026-12&format=xlsx)."""
    month = _month(request.GET.get("month"))
    if month is None:
        messages.error(request, _("Choose a month, for example 2026-12."))
        return redirect("workspace:invoices")
    invoices = selectors.register(request.cooperative, month.year, month.month)
    name = f"bang-ke-hoa-don-{month:%Y-%m}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(registers.register_xlsx(invoices, title=f"{month:%Y-%m}"), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(registers.register_csv(invoices), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


urlpatterns = [
    path("invoices/", index, name="invoices"),
    path("invoices/register/", register, name="invoice-register"),
    path("invoices/<int:pk>/", invoice, name="invoice"),
    path("invoices/<int:pk>/paid/", mark_paid, name="invoice-paid"),
    path("invoices/<int:pk>/pdf/", pdf, name="invoice-pdf"),
]
