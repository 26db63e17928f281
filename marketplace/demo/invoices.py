"""The demo's invoices: three deliveries under the first school's contract, each an order placed for a
standing order and delivered by the market; one invoice paid, one overdue, one not yet due."""

import datetime

from django.db import transaction
from django.utils import timezone

from contracts import placing
from contracts.models import ContractVersion, StandingOrder, StandingOrderLine
from contracts.quantities import sale_step
from cooperatives.models import Cooperative
from fulfilment.models import OrderPart
from invoicing import services
from invoicing.models import Invoice
from lifecycle.parts import part_move

from .contracts import NAME

# Days before today each delivery was made, and whether the school has paid its invoice.
DELIVERIES = ((40, True), (35, False), (3, False))
DEMO_TAX_CODE = "0301234562"


def _delivery_day(day, weekdays):
    """The contract's last delivery day on or before ``day``."""
    while weekdays and day.weekday() not in weekdays:
        day -= datetime.timedelta(days=1)
    return day


@transaction.atomic
def fill_invoices(log):
    version = ContractVersion.objects.filter(linkage_model__name=NAME, state=ContractVersion.State.ACCEPTED).first()
    if version is None or Invoice.objects.filter(standing_order__version=version).exists():
        return
    # The seller's tax code on the invoices (staff keep it with the contact in the workspace).
    Cooperative.objects.filter(pk=version.linkage_model.lead_cooperative_id, tax_code="").update(tax_code=DEMO_TAX_CODE)
    site = version.delivery_sites.first()
    if site is None:
        return
    lines = list(version.lines.select_related("product"))
    today = timezone.localdate()
    for days_ago, paid in DELIVERIES:
        day = _delivery_day(today - datetime.timedelta(days=days_ago), version.delivery_weekdays)
        # Placed as the beat job places it: at the contract's prices, five shop units of each line.
        standing_order = StandingOrder.objects.create(
            linkage_model=version.linkage_model,
            version=version,
            delivery_date=day,
            delivery_site=site,
            cutoff_at=timezone.now(),
        )
        StandingOrderLine.objects.bulk_create(
            StandingOrderLine(
                standing_order=standing_order,
                contract_line=line,
                quantity=5 * sale_step(line.product, line.volume_unit),
            )
            for line in lines
        )
        placing.standing_order_place(standing_order.pk)
        standing_order.refresh_from_db()
        order = standing_order.order
        if order is None:
            continue
        for part in order.parts.all():
            for status in ("confirmed", "shipped", "delivered"):
                part = part_move(part=part, status=status, user=None)
            # Delivered on the day of the standing order, as if the demo had run since then.
            OrderPart.objects.filter(pk=part.pk).update(
                delivered_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            )
            invoice = services.invoice_issue(part=part)
            if paid:
                services.invoice_mark_paid(
                    invoice=invoice,
                    by=None,
                    paid_on=invoice.issued_on + datetime.timedelta(days=10),
                    amount=invoice.amount,
                )
        log(f"  + invoice for the delivery of {standing_order.delivery_date:%d/%m/%Y}")
    log("Invoices: 3 deliveries under the school's contract (one paid, one overdue, one due)")
