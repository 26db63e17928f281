"""How buyers pay (cash on delivery, VietQR bank transfer, card) and how each payment moves to paid."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from common.money import to_dong
from payments.models import OrderPayment, PaymentCase, PaymentMethod, PaymentStatus

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

CASH_ON_DELIVERY = "cash-on-delivery"


def source_type_for(method) -> SourceType:
    """Oscar's payment source type for ``method``, created on first use.

    get_or_create: concurrent first orders both try to create it, and one must find the other's."""
    # The name is stored data shown on orders: keep it in the site's language, whatever language the
    # first buyer happened to use.
    with translation.override(settings.LANGUAGE_CODE):
        name = str(PaymentMethod(method).label)
    source_type, _created = SourceType.objects.get_or_create(code=method, defaults={"name": name})
    return source_type


def cash_on_delivery_type():
    return source_type_for(CASH_ON_DELIVERY)


def cash_on_delivery_source(*, total) -> Source:
    """An unsaved payment source for an order paid in cash to the courier.

    Oscar saves it with the order. Nothing is debited until delivery."""
    return Source(
        source_type=cash_on_delivery_type(),
        currency=total.currency,
        amount_allocated=to_dong(total.incl_tax),
    )


# --- Bank transfers (VietQR) --------------------------------------------------------------------


def bank_transfer_enabled() -> bool:
    return bool(settings.VIETQR_BANK_BIN and settings.VIETQR_ACCOUNT_NUMBER)


def bank_transfer_for(order, amount):
    """What the buyer transfers for ``order``: to the market's account, ``amount`` (what is still due),
    the order number as note."""
    from payments.vietqr import Transfer

    return Transfer(
        bank_bin=settings.VIETQR_BANK_BIN,
        account_number=settings.VIETQR_ACCOUNT_NUMBER,
        amount=to_dong(amount),
        note=transfer_note_for(order),
    )


def transfer_note_for(order) -> str:
    # Short and unmistakable in a bank statement: banks cut notes at 25 characters.
    return f"CHOHTX {order.number}"


# --- Choosing how to pay at checkout ---------------------------------------------------------


@dataclass(frozen=True)
class MethodOffer:
    code: str
    label: str
    description: str
    refusal: str | None = None  # why the method is shown but cannot be chosen

    @property
    def available(self):
        return self.refusal is None


def payment_method_offers(total_dong) -> list[MethodOffer]:
    """The ways to pay an order of ``total_dong``: cash on delivery always, transfer and card when set up."""
    from payments import stripe_gateway

    offers = [
        MethodOffer(
            PaymentMethod.CASH_ON_DELIVERY,
            PaymentMethod.CASH_ON_DELIVERY.label,
            _("You pay the courier, or the cooperative at pickup, in cash. Nothing is charged now."),
        )
    ]
    if bank_transfer_enabled():
        offers.append(
            MethodOffer(
                PaymentMethod.BANK_TRANSFER,
                PaymentMethod.BANK_TRANSFER.label,
                _("After placing the order you get a VietQR code to scan with your banking app."),
            )
        )
    if stripe_gateway.card_payments_enabled():
        offers.append(
            MethodOffer(
                PaymentMethod.CARD,
                PaymentMethod.CARD.label,
                _("You pay by card on Stripe's secure page right after placing the order."),
                refusal=stripe_gateway.card_refusal_reason(Decimal(total_dong)),
            )
        )
    return offers


def payment_source_for(method, *, total) -> Source:
    """The Oscar payment source recording how ``total`` is paid; nothing is debited yet."""
    if method == PaymentMethod.CASH_ON_DELIVERY:
        return cash_on_delivery_source(total=total)
    return Source(
        source_type=source_type_for(method), currency=total.currency, amount_allocated=to_dong(total.incl_tax)
    )


def order_payment_create(*, order, method, stripe_session_id=None) -> OrderPayment:
    return OrderPayment.objects.create(
        order=order,
        method=method,
        amount=to_dong(order.total_incl_tax),
        stripe_session_id=stripe_session_id,
        # Cash changes hands at delivery; it is recorded as awaited until then.
        status=PaymentStatus.AWAITING,
    )


def payment_case_resolve(*, case, user, resolution: str):
    """An officer closes a payment case, saying what was done; a case is closed once."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError(_("Say what was done about this payment."), code="resolution")
    with transaction.atomic():
        case = PaymentCase.objects.select_for_update().get(pk=case.pk)
        if case.resolved_at is not None:
            raise ValidationError(
                _("This case was already closed by %(who)s.") % {"who": case.resolved_by.email}, code="closed"
            )
        case.resolution, case.resolved_by, case.resolved_at = resolution[:500], user, timezone.now()
        case.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    return case
