"""The invoice lists keep their query budget however many invoices there are."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment.models import OrderPart
from invoicing.models import Invoice, InvoiceLine

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def many_invoices(invoice, rows):
    """``rows`` more invoices like ``invoice``, each on a part of its own (written in bulk: delivering
    500 orders one by one would take minutes)."""
    copied = {
        field.attname: getattr(invoice, field.attname)
        for field in Invoice._meta.concrete_fields
        if field.attname not in ("id", "part_id", "sequence", "number", "due_on", "created_at")
    }
    orders = Order.objects.bulk_create(
        Order(
            number=f"B{n:06d}", total_incl_tax=Decimal(32000), total_excl_tax=Decimal(32000), date_placed=timezone.now()
        )
        for n in range(rows)
    )
    parts = OrderPart.objects.bulk_create(
        OrderPart(order=order, cooperative_id=invoice.cooperative_id, delivery_method="delivery", status="delivered")
        for order in orders
    )
    invoices = Invoice.objects.bulk_create(
        Invoice(
            **copied,
            part=part,
            sequence=n + 2,
            number=f"HĐ-{invoice.year}-{n + 2:04d}",
            due_on=invoice.due_on - datetime.timedelta(days=n % 40),
        )
        for n, part in enumerate(parts)
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=row, description="Cải ngọt", quantity=1, unit_price=32000, amount=32000) for row in invoices
    )


@pytest.mark.parametrize("rows", [10, 500])
@pytest.mark.parametrize("status", ["", "overdue"])
def test_both_invoice_lists_keep_their_query_budget(
    client, deal, delivered, rows, status, django_assert_max_num_queries
):
    invoice = Invoice.objects.get(part=delivered(1))
    many_invoices(invoice, rows)
    query = {"status": status} if status else {}

    client.force_login(deal["buyer"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("invoicing:organisation-invoices", args=[deal["org"].pk]), query)
    shown = response.content.decode().count("data-invoice=")
    assert shown == (
        min(rows + 1, 50) if not status else min(Invoice.objects.filter(due_on__lt=timezone.localdate()).count(), 50)
    )

    client.force_login(deal["staff"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("workspace:invoices"), query)
    assert response.content.decode().count("data-invoice=") == shown
