"""Writes behind the order dashboard: a cooperative's staff fulfilling their own order lines, and notes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class, get_model

from dashboard.selectors import CANCELLED_LINE_STATUS
from fulfilment import services as fulfilment_services
from fulfilment.models import OrderPart

Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
InvalidLineStatus = get_class("order.exceptions", "InvalidLineStatus")

CANCELLED = CANCELLED_LINE_STATUS
CANCELLATION_NOTE_TYPE = "Cancellation"
CANCELLATION_REASON_REQUIRED = _("Give a reason for cancelling the line. Nothing was changed.")


def order_line_cancel(*, line, user, reason: str):
    """Cancel ``line`` for ``reason``: its allocated stock goes back on sale and the order gets a note,
    tied to the line's cooperative's part (read by that cooperative's staff and officers only).

    Raises ValidationError without a reason, InvalidLineStatus when the line's status does not lead
    to "cancelled" (Oscar's line pipeline), PermissionDenied when ``user`` is neither an officer nor
    one of the line's cooperative's staff.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(CANCELLATION_REASON_REQUIRED, code="reason_required")
    if not user.is_staff and not Line.objects.filter(pk=line.pk, partner__users=user).exists():
        raise PermissionDenied
    with transaction.atomic():
        # Locked so that two cancellations of one line cannot both put its stock back.
        line = Line.objects.select_for_update(of=("self",)).select_related("stockrecord").get(pk=line.pk)
        if CANCELLED not in line.available_statuses():
            raise InvalidLineStatus(
                gettext("'%(status)s' is not a valid new status for line %(line_id)d")
                % {"status": CANCELLED, "line_id": line.id}
            )
        line.set_status(CANCELLED)
        if line.stockrecord is not None and line.num_allocated:
            # Oscar's own bookkeeping: the line's allocation, then the stock record's.
            line.cancel_allocation(line.num_allocated)
        message = gettext("Line #%(line_id)d (%(title)s) cancelled: %(reason)s") % {
            "line_id": line.id,
            "title": line.title,
            "reason": reason,
        }
        note = OrderNote(order=line.order, user=user, note_type=CANCELLATION_NOTE_TYPE, message=message)
        note.full_clean()
        note.save()
        part = OrderPart.objects.filter(order_id=line.order_id, cooperative__partner_id=line.partner_id).first()
        if part is not None:  # orders from before parts existed have none: the note is for officers then
            fulfilment_services.part_note_create(note=note, part=part)
    return note


def order_note_save(*, note, part=None):
    """Save ``note``, written or edited in the order dashboard's note form.

    A new note is tied to ``part`` (see ``fulfilment.services.part_note_create``); without one it is
    for officers only. An edited note keeps the part it had.
    """
    with transaction.atomic():
        is_new = note.pk is None
        note.full_clean()
        note.save()
        if is_new and part is not None:
            fulfilment_services.part_note_create(note=note, part=part)
    return note
