"""Reads about delivery choices, basket groups and order parts."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext
from oscar.core.loading import get_model

from accounts import roles
from cooperatives.models import Cooperative
from fulfilment.models import BuyerText, OrderPart

OrderNote = get_model("order", "OrderNote")


def delivery_choice_error(cooperative, method) -> str:
    """Why ``method`` cannot be used for ``cooperative``'s part, or "" when it can."""
    if method not in OrderPart.DeliveryMethod.values:
        return gettext("Choose delivery or pickup for %(cooperative)s.") % {"cooperative": cooperative.name}
    if method == OrderPart.DeliveryMethod.DELIVERY and not cooperative.offers_delivery:
        return gettext("%(cooperative)s no longer delivers. Choose pickup at the cooperative instead.") % {
            "cooperative": cooperative.name
        }
    if method == OrderPart.DeliveryMethod.PICKUP and not cooperative.offers_pickup:
        return gettext("%(cooperative)s no longer offers pickup. Choose delivery instead.") % {
            "cooperative": cooperative.name
        }
    return ""


def default_delivery_method(cooperative) -> str:
    if cooperative.offers_delivery:
        return OrderPart.DeliveryMethod.DELIVERY
    return OrderPart.DeliveryMethod.PICKUP


def delivery_fee(*, cooperative, delivery_method: str, subtotal: Decimal) -> Decimal:
    """What the buyer pays to get ``subtotal`` worth of ``cooperative``'s produce by ``delivery_method``."""
    if delivery_method == OrderPart.DeliveryMethod.PICKUP:
        return Decimal("0")
    return cooperative.delivery_fee_for(subtotal)


def user_may_act_on_part(user, part) -> bool:
    """Officers act on any part; a cooperative's staff on their own cooperative's parts only."""
    if not user.is_authenticated:
        return False
    if roles.is_officer(user):
        return True
    return part.cooperative.partner.users.filter(pk=user.pk).exists()


@dataclass
class BasketGroup:
    """One cooperative's lines in a basket, with how they would reach the buyer and at what fee."""

    cooperative: Cooperative
    lines: list = field(default_factory=list)
    subtotal: Decimal = Decimal("0")
    delivery_method: str = ""
    delivery_fee: Decimal = Decimal("0")
    # True when the buyer chose the method (and it is still offered); False for the default estimate.
    is_chosen: bool = False
    # Why the buyer's stored choice no longer holds, if it does not.
    error: str = ""

    @property
    def is_pickup(self):
        return self.delivery_method == OrderPart.DeliveryMethod.PICKUP

    @property
    def total(self):
        return self.subtotal + self.delivery_fee

    @property
    def fee_if_delivered(self):
        """The delivery fee for this group, whichever method is selected now (shown beside the choice)."""
        return self.cooperative.delivery_fee_for(self.subtotal)


def _cooperatives_by_partner(basket, partner_ids):
    # Cached on the basket: checkout asks for the groups several times per request.
    cache = basket.__dict__.setdefault("_cooperatives_by_partner", {})
    missing = set(partner_ids) - set(cache)
    if missing:
        for cooperative in Cooperative.objects.filter(partner_id__in=missing):
            cache[cooperative.partner_id] = cooperative
    return cache


def basket_groups(basket, choices=None) -> list[BasketGroup]:
    """The basket's lines grouped by cooperative (by name), each with its delivery method and fee.

    ``choices`` maps a cooperative's id to the buyer's "delivery" or "pickup"; a cooperative without
    a (still valid) choice gets its default method, so the basket page can estimate the fees.
    One query for the cooperatives, whatever the number of lines.
    """
    choices = choices or {}
    lines = list(basket.all_lines())
    cooperatives = _cooperatives_by_partner(basket, {line.stockrecord.partner_id for line in lines if line.stockrecord})
    groups = {}
    for line in lines:
        cooperative = cooperatives.get(line.stockrecord.partner_id) if line.stockrecord else None
        if cooperative is None:
            continue  # not sold by a cooperative: Oscar's basket checks refuse such lines anyway
        group = groups.setdefault(cooperative.pk, BasketGroup(cooperative=cooperative))
        group.lines.append(line)
        group.subtotal += line.line_price_incl_tax_incl_discounts or Decimal("0")
    for group in groups.values():
        chosen = choices.get(group.cooperative.pk)
        group.error = delivery_choice_error(group.cooperative, chosen) if chosen else ""
        group.is_chosen = bool(chosen) and not group.error
        group.delivery_method = chosen if group.is_chosen else default_delivery_method(group.cooperative)
        group.delivery_fee = delivery_fee(
            cooperative=group.cooperative, delivery_method=group.delivery_method, subtotal=group.subtotal
        )
    return sorted(groups.values(), key=lambda group: group.cooperative.name)


def order_parts_prefetch():
    """Each order's parts with their cooperatives, for order lists: ``Order.objects.prefetch_related(...)``."""
    return Prefetch("parts", queryset=OrderPart.objects.select_related("cooperative").order_by("cooperative__name"))


def order_parts_with_lines(order) -> list[OrderPart]:
    """The order's parts, each with ``order_lines``: its cooperative's lines of the order (three queries)."""
    parts = list(order.parts.select_related("cooperative").order_by("cooperative__name"))
    lines_by_partner = {}
    # Oscar's line.description reads the line's attributes: loaded with the lines, not one query a line.
    for line in order.lines.select_related("product", "weight_step").prefetch_related("attributes").order_by("pk"):
        lines_by_partner.setdefault(line.partner_id, []).append(line)
    for part in parts:
        part.order_lines = lines_by_partner.get(part.cooperative.partner_id, [])
    return parts


def order_parts_for_user(order, user) -> list[OrderPart]:
    """The parts of ``order`` that ``user`` may act on (officers: all), each with ``next_statuses``."""
    parts = order.parts.select_related("cooperative", "cash_receipt__recorded_by").order_by("cooperative__name")
    if not roles.is_officer(user):
        parts = parts.filter(cooperative__partner__users=user)
    parts = list(parts)
    payment = getattr(order, "payment", None)
    cash = payment is None or payment.method == "cash-on-delivery"
    for part in parts:
        part.next_statuses = [OrderPart.Status(status) for status in part.available_statuses()]
        part.receipt = getattr(part, "cash_receipt", None)
        # Cash on delivery: once delivered, the cooperative records the cash its shipper collected.
        part.awaits_cash = cash and part.status == OrderPart.Status.DELIVERED and part.receipt is None
    return parts


def _readable_notes(notes, user):
    # Officers read every note; a cooperative's staff only the notes tied to their own cooperative's parts.
    if roles.is_officer(user):
        return notes
    return notes.filter(part_note__part__cooperative__partner__users=user)


def order_notes_for_user(order, user) -> list:
    """The notes of ``order`` that ``user`` may read, newest first, each with ``cooperative``: that of the
    part it is tied to, or None for a note for officers only. One query, whatever the number of notes.
    """
    notes = order.notes.select_related("user", "part_note__part__cooperative").order_by("-date_updated", "-pk")
    notes = list(_readable_notes(notes, user))
    for note in notes:
        part_note = getattr(note, "part_note", None)  # cached by select_related, None when absent
        note.cooperative = part_note.part.cooperative if part_note is not None else None
    return notes


def note_readable_by(note, user) -> bool:
    """May ``user`` read ``note`` (and so, if they wrote it, change it)? The rule of ``order_notes_for_user``."""
    return _readable_notes(OrderNote.objects.filter(pk=note.pk), user).exists()


def buyer_texts(*, status: str = "", order_number: str = ""):
    """The SMS sent to buyers about their orders, newest first, narrowed to a status and an order number."""
    texts = BuyerText.objects.select_related("order").order_by("-created_at", "-pk")
    if status:
        texts = texts.filter(status=status)
    if order_number:
        texts = texts.filter(order__number=order_number)
    return texts


def order_parts_for_mail(order) -> tuple[list, list]:
    """The order's parts and lines as the order-placed mail shows them, in three queries however many
    lines (each line's text reads the step it was sold in and its product): the parts with their
    cooperatives, each given ``mailed_lines``, its cooperative's lines, and all the lines."""
    Line = get_model("order", "Line")
    lines = list(
        Line.objects.filter(order=order).select_related("weight_step", "product__product_class").order_by("pk")
    )
    parts = list(OrderPart.objects.filter(order=order).select_related("cooperative"))
    for part in parts:
        part.mailed_lines = [line for line in lines if line.partner_id == part.cooperative.partner_id]
    return parts, lines
