"""Writes about order parts: creating them with the order. Moving them is lifecycle/parts.py's alone."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from oscar.core.loading import get_model

from fulfilment import signals
from fulfilment.models import OrderPart
from fulfilment.selectors import delivery_choice_error, delivery_fee

Line = get_model("order", "Line")


def order_parts_create(*, order, choices, language: str) -> list[OrderPart]:
    """One part per cooperative with lines in ``order``, delivered as the buyer chose.

    ``choices`` maps a cooperative's id to "delivery" or "pickup". Raises ValidationError when a
    cooperative has no choice or does not offer the chosen method; nothing is written then.
    Sends ``order_parts_created`` once the transaction commits.
    """
    choices = {int(key): value for key, value in choices.items()}
    subtotals = {}
    cooperatives = {}
    for line in order.lines.select_related("partner__cooperative"):
        cooperative = getattr(line.partner, "cooperative", None) if line.partner else None
        if cooperative is None:
            raise ValidationError(gettext("Line %(title)s is not sold by a cooperative.") % {"title": line.title})
        cooperatives[cooperative.pk] = cooperative
        subtotals[cooperative.pk] = subtotals.get(cooperative.pk, Decimal("0")) + line.line_price_incl_tax
    parts = []
    for cooperative_id, cooperative in cooperatives.items():
        method = choices.get(cooperative_id)
        error = delivery_choice_error(cooperative, method)
        if error:
            raise ValidationError(error, code="bad_delivery_choice")
        fee = delivery_fee(cooperative=cooperative, delivery_method=method, subtotal=subtotals[cooperative_id])
        part = OrderPart(order=order, cooperative=cooperative, delivery_method=method, delivery_fee=fee)
        part.language = language
        part.full_clean(exclude=["order"])
        parts.append(part)
    with transaction.atomic():
        for part in parts:
            part.save()
        transaction.on_commit(lambda: signals.order_parts_created.send(sender=OrderPart, order=order, parts=parts))
    return parts
