"""How buyers pay. Cash on delivery first; bank transfer and card come later."""

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.money import to_dong

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

CASH_ON_DELIVERY = "cash-on-delivery"


def cash_on_delivery_type():
    source_type, _created = SourceType.objects.get_or_create(
        code=CASH_ON_DELIVERY, defaults={"name": str(_("Cash on delivery"))}
    )
    return source_type


def cash_on_delivery_source(*, total) -> Source:
    """An unsaved payment source for an order paid in cash to the courier.

    Oscar saves it with the order. Nothing is debited until delivery."""
    return Source(
        source_type=cash_on_delivery_type(),
        currency=total.currency,
        amount_allocated=to_dong(total.incl_tax),
    )
