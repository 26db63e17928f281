"""Paying by VietQR bank transfer: what the buyer is shown, and officers marking transfers received."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from payments.models import LedgerEntry, OrderPayment, PaymentMethod, PaymentStatus
from payments.services import bank_transfer_for
from tests import factories
from tests.integration.test_ledger import paid_order

pytestmark = pytest.mark.django_db
TRANSFERS = "/en/payments/transfers/"


def transfer_order():
    order, payment, coop_a, coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
    return order, payment, coop_a


def instructions(order):
    return Template("{% load payment_tags %}{% bank_transfer_instructions order %}").render(Context({"order": order}))


def test_an_awaited_transfer_shows_the_qr_and_the_same_facts_as_text():
    order, _payment, _coop = transfer_order()
    html = instructions(order)
    transfer = bank_transfer_for(order, order.total_incl_tax)
    assert "<svg" in html
    assert "0011001234567" in html and "970436" in html
    assert f"CHOHTX {order.number}" in html
    assert transfer.amount == int(order.total_incl_tax)
    assert f"5303704{'54'}{len(str(transfer.amount)):02d}{transfer.amount}" in transfer.payload


def test_nothing_is_shown_for_cash_on_delivery_and_a_thank_you_once_received():
    order, payment, _coop = transfer_order()
    payment.method = PaymentMethod.CASH_ON_DELIVERY
    payment.save()
    assert "<svg" not in instructions(order)
    payment.method = PaymentMethod.BANK_TRANSFER
    payment.save()
    factories.pay(order)
    assert "bank-transfer-received" in instructions(order)


def test_an_officer_marks_a_transfer_received(client):
    order, payment, coop_a = transfer_order()
    client.force_login(factories.officer())
    page = client.get(TRANSFERS).content.decode()
    assert f">{order.number}<" in page
    client.post(TRANSFERS, {"payment": payment.pk, "amount": "209999", "reference": "FT2633300123"})
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.order.receipts.get().reference == "FT2633300123"
    assert coop_a.ledger_entries.get(kind=LedgerEntry.Kind.COLLECTED).amount == Decimal("110000")
    assert f">{order.number}<" not in client.get(TRANSFERS).content.decode()


def test_a_transfer_without_a_reference_stays_awaited(client):
    _order, payment, _coop = transfer_order()
    client.force_login(factories.officer())
    response = client.post(TRANSFERS, {"payment": payment.pk, "amount": "209999", "reference": "  "}, follow=True)
    assert "Mã giao dịch ngân hàng" in response.content.decode() or "Bank reference" in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.AWAITING


def test_cooperative_staff_cannot_mark_transfers(client):
    _order, payment, coop_a = transfer_order()
    client.force_login(factories.cooperative_staff(coop_a))
    assert client.post(TRANSFERS, {"payment": payment.pk, "amount": "1", "reference": "FT1"}).status_code == 403
    assert OrderPayment.objects.get().status == PaymentStatus.AWAITING
