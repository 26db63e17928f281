from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from payments import services
from payments.models import PaymentMethod, PaymentStatus

register = template.Library()


@register.inclusion_tag("payments/partials/bank_transfer.html")
def bank_transfer_instructions(order):
    """The VietQR code and the same facts as text, while a transfer for ``order`` is awaited."""
    payment = getattr(order, "payment", None)
    if payment is None or payment.method != PaymentMethod.BANK_TRANSFER or payment.status == PaymentStatus.PAID:
        return {"transfer": None, "payment": payment}
    transfer = services.bank_transfer_for(order)
    return {
        "payment": payment,
        "transfer": transfer,
        # segno writes the SVG itself from the payload: nothing from the user is interpolated.
        "qr_svg": mark_safe(transfer.svg(scale=5)),  # noqa: S308
        "bank_name": settings.VIETQR_BANK_NAME,
        "account_name": settings.VIETQR_ACCOUNT_NAME,
    }
