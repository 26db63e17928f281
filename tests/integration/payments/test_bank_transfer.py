"""Paying by VietQR bank transfer: what the buyer is shown, and officers marking transfers received."""

import base64
import io
import re
from decimal import Decimal

import pytest
import zxingcpp
from django.template import Context, Template
from django.utils import translation
from PIL import Image

from lifecycle.money import order_dues
from lifecycle.receipts import transfer_record
from payments.models import LedgerEntry, OrderPayment, PaymentMethod, PaymentStatus
from payments.services import bank_transfer_for
from tests import factories
from tests.integration.payments.test_ledger import paid_order

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


def _copy_values(html):
    """What each copy button puts on the clipboard, by its label."""
    return dict(re.findall(r'data-copy="([^"]*)" aria-label="([^"]*)"', html)[i][::-1] for i in range(4))


def test_copy_buttons_carry_the_bank_account_amount_and_note_as_the_banking_app_needs_them(settings):
    settings.VIETQR_BANK_NAME = "Vietcombank"
    order, _payment, _coop = transfer_order()
    with translation.override("vi"):
        html = instructions(order)

    assert _copy_values(html) == {
        "Sao chép tên ngân hàng": "Vietcombank",
        "Sao chép số tài khoản": "0011001234567",
        "Sao chép số tiền": str(int(order_dues(order).due)),  # digits only: banking apps refuse "209.999 ₫"
        "Sao chép nội dung chuyển khoản": f"CHOHTX {order.number}",
    }


def test_the_saved_qr_image_is_the_same_vietqr_code():
    order, _payment, _coop = transfer_order()
    html = instructions(order)

    href = re.search(r'id="save-qr" href="data:image/png;base64,([^"]+)" download="([^"]+)"', html)
    assert href.group(2) == f"vietqr-chohtx-{order.number}.png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(href.group(1)))))
    assert decoded[0].text == bank_transfer_for(order, order_dues(order).due).payload


def test_after_a_part_payment_the_amount_still_due_is_what_the_qr_and_copy_button_ask_for():
    order, payment, _coop = transfer_order()
    transfer_record(order=order, amount=Decimal("100000"), reference="FT1", user=factories.officer())
    order.refresh_from_db()
    due = int(order_dues(order).due)
    assert due == int(order_dues(order).charge) - 100000

    html = instructions(order)

    assert f'data-due-amount="{due}"' in html
    assert f'data-copy="{due}"' in html
    assert bank_transfer_for(order, due).payload in _decoded_svg_payloads(html)


def _decoded_svg_payloads(html):
    # The inline SVG is the same code: rasterise it through the PNG of the same payload instead.
    png = re.search(r'href="data:image/png;base64,([^"]+)"', html).group(1)
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(png))))]
