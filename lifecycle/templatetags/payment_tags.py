"""Payment tags ({% load payment_tags %}): here, in lifecycle, because they show what a buyer owes
(lifecycle/money.py) beside the payment itself; payments sits below lifecycle and does not import it."""

import base64

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from lifecycle import money
from payments import services
from payments.models import PaymentMethod

register = template.Library()


@register.inclusion_tag("payments/partials/bank_transfer.html")
def bank_transfer_instructions(order, dues=None):
    """The VietQR code for what is still due on ``order`` and the same facts as text, while a
    transfer is awaited; what was received, or a refund owed, once money arrived."""
    payment = getattr(order, "payment", None)
    if payment is None or payment.method != PaymentMethod.BANK_TRANSFER:
        return {"transfer": None, "payment": None}
    dues = dues or money.order_dues(order)
    if not dues.due:
        return {"transfer": None, "payment": payment, "dues": dues}
    transfer = services.bank_transfer_for(order, dues.due)
    return {
        "payment": payment,
        "dues": dues,
        "transfer": transfer,
        # segno writes the SVG itself from the payload: nothing from the user is interpolated.
        "qr_svg": mark_safe(transfer.svg(scale=5)),  # noqa: S308
        # "Save the QR image" downloads this PNG: a buyer paying from the same phone opens it in the
        # banking app's "scan from photo". A data: address needs no URL (and no access rule) of its own.
        "qr_png_data_uri": "data:image/png;base64," + base64.b64encode(transfer.png()).decode("ascii"),
        "bank_name": settings.VIETQR_BANK_NAME,
        "account_name": settings.VIETQR_ACCOUNT_NAME,
    }


@register.simple_tag
def order_dues(order):
    """What the buyer still owes on ``order``, or is owed back (lifecycle/money.py)."""
    return money.order_dues(order)
