"""How buyers pay. Cash on delivery first; bank transfer and card come later."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.money import to_dong

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

CASH_ON_DELIVERY = "cash-on-delivery"


def cash_on_delivery_type():
    source_type = SourceType.objects.filter(code=CASH_ON_DELIVERY).first()
    if source_type is None:
        # The name is stored data shown on orders: keep it in the site's
        # language, whatever language the first buyer happened to use.
        with translation.override(settings.LANGUAGE_CODE):
            source_type = SourceType.objects.create(code=CASH_ON_DELIVERY, name=_("Cash on delivery"))
    return source_type


def cash_on_delivery_source(*, total) -> Source:
    """An unsaved payment source for an order paid in cash to the courier.

    Oscar saves it with the order. Nothing is debited until delivery."""
    return Source(
        source_type=cash_on_delivery_type(),
        currency=total.currency,
        amount_allocated=to_dong(total.incl_tax),
    )
