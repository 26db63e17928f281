"""Writes about order parts: creating them with the order, and moving a part along its pipeline."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from oscar.core.loading import get_model

from fulfilment import signals
from fulfilment.models import OrderPart, PartNote
from fulfilment.selectors import delivery_choice_error, delivery_fee, user_may_act_on_part

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


def order_part_change_status(*, part: OrderPart, status: str, user) -> OrderPart:
    """Move ``part`` (and its lines) to ``status``.

    Raises PermissionDenied unless ``user`` is an officer or one of the part's cooperative's staff,
    ValidationError when the part's pipeline does not lead from its status to ``status``.
    Cancelling puts the lines' allocated stock back on sale. Sends ``order_part_status_changed`` on commit.
    """
    if not user_may_act_on_part(user, part):
        raise PermissionDenied
    return _part_move(part, status, user=user)


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


def order_parts_cancel_unpaid(*, order) -> list[OrderPart]:
    """Cancel the parts still pending of an order whose payment never came (a card payment that expired).

    The market does it, not a person (``user`` is None in the signal); the stock goes back on sale and
    the buyer is told by e-mail. Parts a cooperative already confirmed are left for people to decide."""
    return [
        _part_move(part, OrderPart.Status.CANCELLED, user=None)
        for part in order.parts.filter(status=OrderPart.Status.PENDING)
    ]


def _part_move(part, status, *, user):
    with transaction.atomic():
        # Locked so that two people moving one part at once cannot both succeed from the same status.
        part = OrderPart.objects.select_for_update(of=("self",)).select_related("order", "cooperative").get(pk=part.pk)
        old_status = part.status
        if status not in part.available_statuses():
            raise ValidationError(
                gettext("The part of %(cooperative)s cannot go from “%(old)s” to “%(new)s”. Nothing was changed.")
                % {
                    "cooperative": part.cooperative.name,
                    "old": part.get_status_display(),
                    "new": OrderPart.Status(status).label if status in OrderPart.Status.values else status,
                },
                code="invalid_transition",
            )
        part.status = status
        part.save(update_fields=["status", "updated_at"])
        _lines_follow(part, status)
        transaction.on_commit(
            lambda: signals.order_part_status_changed.send(
                sender=OrderPart, part=part, old_status=old_status, new_status=status, user=user
            )
        )
    return part


def _lines_follow(part, status):
    # Lines cancelled one by one (from the line actions) stay cancelled; the others take the part's status.
    lines = part.lines.select_for_update(of=("self",)).select_related("stockrecord").exclude(status=status)
    for line in lines.exclude(status=OrderPart.Status.CANCELLED):
        if status == OrderPart.Status.CANCELLED and line.stockrecord is not None and line.num_allocated:
            line.cancel_allocation(line.num_allocated)
        line.status = status
        line.save(update_fields=["status"])
