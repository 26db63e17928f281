"""The one place an order part moves: placed → confirmed → shipped → delivered, or cancelled.

Each move is one transaction, under a lock on the order row (every move and every payment of an
order queues behind it), that updates together: the part and its lines, the stock allocated to them,
the order's Oscar status (derived from its parts), what the buyer owes and what each cooperative is
credited (lifecycle/money.py), a note on the order, and the e-mails (sent once it commits).

Moves (who: the part's cooperative or an officer, unless said):
- pending → confirmed: stock stays allocated.
- confirmed → shipped: the allocation is consumed (the goods leave the stock).
- shipped → delivered: cash on delivery is recorded next (lifecycle/receipts.py).
- pending or confirmed → cancelled (also by the market when a card page expires): the allocation is
  released, the charge falls, a credit already given is taken back, what was paid is owed back.
- cancelled by an expired card page → pending (the market, when the payment arrives late and the
  stock is still there): allocated again. The one move out of "cancelled".
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from oscar.core.loading import get_model

from fulfilment import signals
from fulfilment.models import OrderPart, PartNote
from fulfilment.order_status import ORDER_CANCELLED, ORDER_COMPLETE, ORDER_PENDING, ORDER_PROCESSING
from fulfilment.selectors import user_may_act_on_part
from lifecycle import money

Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")
StockRecord = get_model("partner", "StockRecord")

Status = OrderPart.Status
OPEN = (Status.PENDING, Status.CONFIRMED)  # stock still allocated to these
CANCELLATION_NOTE_TYPE = "Cancellation"


def order_lock(order_id):
    """Lock the order row: every change to an order's parts or money goes through here first."""
    return Order.objects.select_for_update().get(pk=order_id)


def _refuse_move(part, status):
    raise ValidationError(
        gettext("The part of %(cooperative)s cannot go from “%(old)s” to “%(new)s”. Nothing was changed.")
        % {
            "cooperative": part.cooperative.name,
            "old": part.get_status_display(),
            "new": Status(status).label if status in Status.values else status,
        },
        code="invalid_transition",
    )


def _refuse_stale(part):
    raise ValidationError(
        gettext(
            "Someone moved the part of %(cooperative)s to “%(status)s” after you opened the page. "
            "Nothing was changed: check it and choose again."
        )
        % {"cooperative": part.cooperative.name, "status": part.get_status_display()},
        code="stale",
    )


def part_move(*, part: OrderPart, status: str, user, reason: str = "", seen_status: str | None = None) -> OrderPart:
    """Move ``part`` to ``status`` with everything that follows from it.

    ``user`` None is the market itself. Raises PermissionDenied unless ``user`` is an officer or one of
    the part's cooperative's staff; ValidationError when the pipeline does not lead there, or when
    ``seen_status`` (the status the person's page showed) is no longer the part's: someone moved it
    since, and a page opened before that must not move it a second time."""
    if user is not None and not user_may_act_on_part(user, part):
        raise PermissionDenied
    with transaction.atomic():
        order = order_lock(part.order_id)
        part = OrderPart.objects.select_for_update(of=("self",)).select_related("cooperative").get(pk=part.pk)
        part.order = order
        if seen_status is not None and seen_status != part.status:
            _refuse_stale(part)
        if status not in part.available_statuses():
            _refuse_move(part, status)
        old_status = part.status
        _apply(part, status, user=user, reason=reason)
        order_sync(order)
        _announce(part, old_status, status, user)
    return part


def _apply(part, status, *, user, reason="", unpaid=False, note=True):
    part.status = status
    fields = ["status", "updated_at"]
    if status == Status.CANCELLED:
        part.cancellation_reason = (reason or "").strip()[:255]
        part.cancelled_unpaid = unpaid
        fields += ["cancellation_reason", "cancelled_unpaid"]
    elif status == Status.DELIVERED:
        part.delivered_at = timezone.now()
        fields.append("delivered_at")
    part.save(update_fields=fields)
    for line in _open_lines(part):
        if status == Status.CANCELLED:
            _release(line)
        elif status == Status.SHIPPED and line.num_allocated:
            line.consume_allocation(line.num_allocated)
        line.status = status
        line.save(update_fields=["status"])
    if status == Status.CANCELLED and note:
        _note(
            part,
            user,
            gettext("The part of %(cooperative)s was cancelled: %(reason)s")
            % {"cooperative": part.cooperative.name, "reason": part.cancellation_reason or "—"},
        )


def _open_lines(part):
    # Lines cancelled one by one stay cancelled whatever their part does next.
    return (
        Line.objects.select_for_update(of=("self",))
        .select_related("stockrecord")
        .filter(order_id=part.order_id, partner_id=part.cooperative.partner_id)
        .exclude(status=Status.CANCELLED)
        .order_by("pk")
    )


def _release(line):
    if line.stockrecord is not None and line.num_allocated:
        line.cancel_allocation(line.num_allocated)


def _note(part, user, message):
    note = OrderNote(order_id=part.order_id, user=user, note_type=CANCELLATION_NOTE_TYPE, message=message)
    note.save()
    # The note is about this part: its cooperative's staff (and officers) read it, no one else.
    PartNote.objects.create(note=note, part=part)
    return note


def _announce(part, old_status, new_status, user):
    # Sent once committed, with what the buyer owes then (the cancellation e-mail says it).
    transaction.on_commit(
        lambda: signals.order_part_status_changed.send(
            sender=OrderPart,
            part=part,
            old_status=old_status,
            new_status=new_status,
            user=user,
            dues=money.order_dues(part.order),
        )
    )


def line_cancel(*, line, user, reason: str):
    """Cancel one line with ``reason``: its stock goes back on sale, the charge falls by its price, and
    the order gets a note. The last open line of a part takes the part with it. Returns the note."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(gettext("Give a reason for cancelling the line. Nothing was changed."), code="reason")
    with transaction.atomic():
        order = order_lock(line.order_id)
        line = Line.objects.select_for_update(of=("self",)).select_related("stockrecord").get(pk=line.pk)
        part = (
            OrderPart.objects.select_for_update(of=("self",))
            .select_related("cooperative")
            .get(order=order, cooperative__partner_id=line.partner_id)
        )
        part.order = order
        if user is not None and not user_may_act_on_part(user, part):
            raise PermissionDenied
        if line.status not in OPEN or part.status not in OPEN:
            raise ValidationError(
                gettext("Lines already shipped, delivered or cancelled cannot be cancelled: #%(line_ids)s.")
                % {"line_ids": line.pk},
                code="invalid_transition",
            )
        _release(line)
        line.status = Status.CANCELLED
        line.save(update_fields=["status"])
        note = _note(
            part,
            user,
            gettext("Line #%(line_id)d (%(title)s) cancelled: %(reason)s")
            % {"line_id": line.id, "title": line.title, "reason": reason},
        )
        if not _open_lines(part).exists():
            old_status = part.status
            # The line's note says why; the part goes with its last line.
            _apply(part, Status.CANCELLED, user=user, reason=reason, note=False)
            _announce(part, old_status, Status.CANCELLED, user)
        order_sync(order)
    return note


def order_cancel(*, order, user, reason: str = "") -> list[OrderPart]:
    """Cancel every part of ``order`` (an officer cancelling the whole order). All or nothing: a part
    already shipped or delivered cannot be cancelled, and then nothing is."""
    with transaction.atomic():
        order = order_lock(order.pk)
        parts = list(order.parts.select_for_update(of=("self",)).select_related("cooperative"))
        gone = [part for part in parts if part.status not in OPEN and part.status != Status.CANCELLED]
        if gone:
            raise ValidationError(
                gettext(
                    "Parts already shipped or delivered cannot be cancelled: %(cooperatives)s. Nothing was changed."
                )
                % {"cooperatives": ", ".join(part.cooperative.name for part in gone)},
                code="invalid_transition",
            )
        moved = []
        for part in parts:
            if part.status in OPEN:
                part.order = order
                old_status = part.status
                _apply(part, Status.CANCELLED, user=user, reason=reason)
                _announce(part, old_status, Status.CANCELLED, user)
                moved.append(part)
        order_sync(order)
    return moved


def parts_cancel_unpaid(*, order) -> list[OrderPart]:
    """The card payment page expired unpaid: the market cancels the parts still pending (their stock
    goes back on sale). Parts a cooperative already confirmed are left for people to decide.
    Call inside the transaction that holds the order's lock."""
    moved = []
    for part in order.parts.select_for_update(of=("self",)).select_related("cooperative").filter(status=Status.PENDING):
        part.order = order
        _apply(part, Status.CANCELLED, user=None, reason=gettext("The card payment was not completed."), unpaid=True)
        _announce(part, Status.PENDING, Status.CANCELLED, None)
        moved.append(part)
    order_sync(order)
    return moved


def parts_revive(*, order) -> list[OrderPart]:
    """A card payment arrived after its page expired: the parts the market cancelled for it come back,
    each one only if all its stock is still there (else it stays cancelled, and what was paid for it
    is owed back to the buyer). Call inside the transaction that holds the order's lock."""
    revived = []
    for part in (
        order.parts.select_for_update(of=("self",))
        .select_related("cooperative")
        .filter(status=Status.CANCELLED, cancelled_unpaid=True)
    ):
        lines = list(
            Line.objects.select_for_update(of=("self",))
            .filter(order_id=order.pk, partner_id=part.cooperative.partner_id)
            .order_by("pk")
        )
        wanted = {}
        for line in lines:
            if line.stockrecord_id:
                wanted[line.stockrecord_id] = wanted.get(line.stockrecord_id, 0) + line.quantity
        records = {r.pk: r for r in StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk")}
        if any((r.num_in_stock or 0) - (r.num_allocated or 0) < wanted[pk] for pk, r in records.items()):
            continue
        for line in lines:
            if line.stockrecord_id:
                records[line.stockrecord_id].allocate(line.quantity)
                line.num_allocated = line.quantity
                line.allocation_cancelled = False
            line.status = Status.PENDING
            line.save(update_fields=["status", "num_allocated", "allocation_cancelled"])
        part.status = Status.PENDING
        part.cancelled_unpaid = False
        part.cancellation_reason = ""
        part.order = order
        part.save(update_fields=["status", "cancelled_unpaid", "cancellation_reason", "updated_at"])
        _announce(part, Status.CANCELLED, Status.PENDING, None)
        revived.append(part)
    return revived


def order_status_for(statuses) -> str | None:
    """Oscar's order status from its parts' statuses."""
    if not statuses:
        return None
    live = [status for status in statuses if status != Status.CANCELLED]
    if not live:
        return ORDER_CANCELLED
    if all(status == Status.DELIVERED for status in live):
        return ORDER_COMPLETE
    if any(status != Status.PENDING for status in live):
        return ORDER_PROCESSING
    return ORDER_PENDING


def order_sync(order):
    """The order's Oscar status and money, brought in line with its parts (inside the order's lock)."""
    status = order_status_for(list(order.parts.values_list("status", flat=True)))
    if status and status != order.status:
        old_status = order.status
        order.status = status
        order.save(update_fields=["status"])
        order.status_changes.create(old_status=old_status, new_status=status)
    return money.order_money_sync(order)
