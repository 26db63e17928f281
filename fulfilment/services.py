"""Writes about order parts: creating them with the order, and their notes. Moving them is
lifecycle/parts.py's alone."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from oscar.core.loading import get_model

from fulfilment import signals
from fulfilment.models import OrderPart, PartNote
from fulfilment.selectors import delivery_choice_error, delivery_fee, user_may_act_on_part

Line = get_model("order", "Line")


def order_parts_create(*, order, choices, language: str, agreed_delivery: bool = False) -> list[OrderPart]:
    """One part per cooperative with lines in ``order``, delivered as the buyer chose.

    ``choices`` maps a cooperative's id to "delivery" or "pickup". Raises ValidationError when a
    cooperative has no choice or does not offer the chosen method; nothing is written then.
    ``agreed_delivery``: every part is delivered, as a contract agreed (contracts/placing.py), whatever
    the cooperative offers shop buyers, and without the shop's fee (the contract's prices hold it).
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
        if agreed_delivery:
            method, fee = OrderPart.DeliveryMethod.DELIVERY, Decimal("0")
        else:
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


def part_note_create(*, note, part: OrderPart) -> PartNote:
    """Tie the saved order ``note`` to ``part``: the part's cooperative's staff (and officers) read it.

    Raises PermissionDenied unless the note's author is an officer or one of the part's cooperative's
    staff, ValidationError when the part is not of the note's order.
    """
    if note.user is None or not user_may_act_on_part(note.user, part):
        raise PermissionDenied
    part_note = PartNote(note=note, part=part)
    part_note.full_clean()
    part_note.save()
    return part_note


def order_note_save(*, note, part=None):
    """Save ``note``, written or edited in the order dashboard's note form.

    A new note is tied to ``part`` (see ``part_note_create``); without one it is for officers only.
    An edited note keeps the part it had.
    """
    with transaction.atomic():
        is_new = note.pk is None
        note.full_clean()
        note.save()
        if is_new and part is not None:
            part_note_create(note=note, part=part)
    return note
