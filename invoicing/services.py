"""Writes about invoices: issuing one for a delivered contract part, recording its payment.

Issuing is idempotent (the part's one-to-one invoice row, under a lock on the part) and numbers
without gaps per cooperative and year (a counter row locked for the issuing transaction).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.money import to_dong
from fulfilment.models import OrderPart

from .models import NUMBER_PREFIX, Invoice, InvoiceCounter, InvoiceLine

Status = OrderPart.Status


def standing_order_of(part: OrderPart):
    """The contract delivery the part's order was placed for, or None for an ordinary shop order."""
    try:
        return part.order.standing_order
    except ObjectDoesNotExist:
        return None


def invoice_number(year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{sequence:04d}"


def _next_sequence(cooperative, year: int) -> int:
    counter, _created = InvoiceCounter.objects.get_or_create(cooperative=cooperative, year=year)
    counter = InvoiceCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _lines_of(part):
    lines = part.lines.exclude(status=Status.CANCELLED).order_by("pk")
    return [
        InvoiceLine(
            description=line.title,
            quantity=line.quantity,
            unit_price=to_dong(line.unit_price_incl_tax),
            amount=to_dong(line.line_price_incl_tax),
        )
        for line in lines
    ]


def invoice_issue(*, part: OrderPart) -> Invoice | None:
    """The invoice of ``part`` once it is delivered under a contract: issued on the delivery day, due
    the contract's payment days later. Returns the invoice already issued if there is one; None for a
    part not delivered or not of a contract order."""
    with transaction.atomic():
        part = (
            OrderPart.objects.select_for_update(of=("self",))
            .select_related("cooperative__commune", "order")
            .get(pk=part.pk)
        )
        existing = Invoice.objects.filter(part=part).first()
        if existing is not None:
            return existing
        standing_order = standing_order_of(part)
        if part.status != Status.DELIVERED or standing_order is None:
            return None
        standing_order = type(standing_order).objects.select_related("version__organisation").get(pk=standing_order.pk)
        organisation = standing_order.version.organisation
        issued_on = timezone.localdate(part.delivered_at or timezone.now())
        lines = _lines_of(part)
        goods = sum(line.amount for line in lines)
        fee = to_dong(part.delivery_fee or Decimal(0))
        cooperative = part.cooperative
        sequence = _next_sequence(cooperative, issued_on.year)
        invoice = Invoice.objects.create(
            part=part,
            cooperative=cooperative,
            organisation=organisation,
            standing_order=standing_order,
            year=issued_on.year,
            sequence=sequence,
            number=invoice_number(issued_on.year, sequence),
            issued_on=issued_on,
            due_on=issued_on + datetime.timedelta(days=standing_order.version.payment_days),
            goods_amount=goods,
            delivery_fee=fee,
            amount=goods + fee,
            seller_name=cooperative.name,
            seller_tax_code=cooperative.tax_code,
            seller_address=cooperative.address or str(cooperative.commune),
            buyer_name=organisation.name,
            buyer_tax_code=organisation.tax_code,
            buyer_address=organisation.address_text,
        )
        for line in lines:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(lines)
    return invoice


def invoices_issue_missing() -> int:
    """Issue the invoices a failed signal left out (delivered contract parts without one)."""
    parts = OrderPart.objects.filter(
        status=Status.DELIVERED, invoice__isnull=True, order__standing_order__isnull=False
    ).only("pk")
    issued = 0
    for part in parts.iterator():
        if invoice_issue(part=part) is not None:
            issued += 1
    return issued


def invoice_mark_paid(*, invoice: Invoice, by, paid_on: datetime.date, amount: int) -> Invoice:
    """Record that ``invoice`` was paid on ``paid_on`` with ``amount`` đồng (a transfer or cash seen by
    the cooperative). Raises ValidationError, changing nothing, for a date in the future or before the
    invoice, an amount that is not a positive whole number, or an invoice already paid."""
    errors = {}
    today = timezone.localdate()
    if paid_on is None:
        errors["paid_on"] = _("Enter the day the money arrived.")
    elif paid_on > today:
        errors["paid_on"] = _("The payment date cannot be in the future.")
    elif paid_on < invoice.issued_on:
        errors["paid_on"] = _("The payment date cannot be before the invoice date (%(date)s).") % {
            "date": invoice.issued_on.strftime("%d/%m/%Y")
        }
    if amount is None or int(amount) != amount or amount <= 0:
        errors["amount"] = _("Enter the amount received as a positive whole number of đồng.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.paid_on is not None:
            raise ValidationError(
                _("Invoice %(number)s is already marked paid. Nothing was changed.") % {"number": invoice.number}
            )
        invoice.paid_on = paid_on
        invoice.paid_amount = int(amount)
        invoice.paid_recorded_by = by
        invoice.save(update_fields=["paid_on", "paid_amount", "paid_recorded_by"])
    return invoice
