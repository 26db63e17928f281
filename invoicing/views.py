"""The organisation's invoice pages (in its area): its invoices with their status, one invoice with its
VietQR, and the PDF. The cooperative's are in the workspace (workspace/invoices.py), which shares the
helpers below."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from organisations import access

from . import payment, selectors
from .models import Invoice
from .pdf import invoice_pdf

PER_PAGE = 50
FILTERS = (("", _("All")), *((status.value, status.label) for status in Invoice.Status))


def chosen_status(request) -> str:
    status = request.GET.get("status", "")
    return status if status in Invoice.Status.values else ""


def list_context(request, invoices) -> dict:
    """One page of an invoice list, with the status filters (all, due, overdue, paid)."""
    page = Paginator(invoices, PER_PAGE).get_page(request.GET.get("page"))
    return {"page": page, "invoices": page.object_list, "filters": FILTERS, "chosen": chosen_status(request)}


def pay_context(invoice) -> dict:
    """The VietQR and the same facts as text, while the invoice is unpaid and bank transfers are set up."""
    transfer = payment.bank_transfer(invoice) if invoice.paid_on is None else None
    if transfer is None:
        return {"transfer": None}
    return {"transfer": transfer, "qr_svg": transfer.svg(), "note": payment.transfer_note(invoice)} | (
        payment.bank_details()
    )


def pdf_response(invoice) -> HttpResponse:
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number.replace("Đ", "D")}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def organisation_invoices(request, pk):
    organisation, _membership = access.organisation_for(request, pk)
    invoices = selectors.invoices_of_organisation(organisation, chosen_status(request))
    context = {"organisation": organisation, **list_context(request, invoices)}
    return render(request, "invoicing/organisation_invoices.html", context)


def _organisation_invoice(request, pk, invoice_pk):
    organisation, _membership = access.organisation_for(request, pk)
    return organisation, get_object_or_404(selectors.invoices_of_organisation(organisation), pk=invoice_pk)


@login_required
def organisation_invoice(request, pk, invoice_pk):
    organisation, invoice = _organisation_invoice(request, pk, invoice_pk)
    context = {"organisation": organisation, "invoice": invoice, **pay_context(invoice)}
    return render(request, "invoicing/organisation_invoice.html", context)


@login_required
def organisation_invoice_pdf(request, pk, invoice_pk):
    return pdf_response(_organisation_invoice(request, pk, invoice_pk)[1])
