"""What the platform owes each cooperative for the card and transfer payments it collects.

Stripe does not open accounts for businesses based in Vietnam, so the platform collects and
settles: each paid order part adds what was collected and the commission charged on it; refunds,
the commission returned with them, and payouts follow. Entries are only added, never changed,
so a statement is a sum of entries and balances to the đồng. Cash on delivery never passes
through the platform and stays out of the ledger.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from cooperatives.models import Cooperative
from marketplace.money import round_down_to_dong
from payments.models import CommissionRate, LedgerEntry, PaymentMethod, Payout

Kind = LedgerEntry.Kind
# Methods whose money the platform holds for the cooperatives.
COLLECTED_METHODS = {PaymentMethod.CARD, PaymentMethod.BANK_TRANSFER}


def vnd(amount) -> str:
    return currency(amount, "VND")


def commission_percent_on(day: date) -> Decimal:
    rate = CommissionRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return rate.percent if rate else Decimal("0")


def commission_on(amount: Decimal, percent: Decimal) -> Decimal:
    # Rounded down: the cooperative never pays a fraction of a đồng more than the rate says.
    return round_down_to_dong(amount * percent / 100)


def part_amount(part) -> Decimal:
    """What the buyer paid for one order part: its lines and its delivery fee."""
    lines_total = part.lines.aggregate(total=Sum("line_price_incl_tax", default=0))["total"]
    return round_down_to_dong(Decimal(lines_total) + part.delivery_fee)


def whole_dong(amount) -> Decimal:
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.to_integral_value():
        raise ValidationError(_("Enter a positive whole number of đồng."), code="amount")
    return amount


@transaction.atomic
def ledger_record_collection(order) -> list[LedgerEntry]:
    """Record the money collected for each cooperative of a paid order, once."""
    if order.payment.method not in COLLECTED_METHODS:
        return []
    percent = commission_percent_on(timezone.localdate())
    entries = []
    for part in order.parts.select_related("cooperative").select_for_update(of=("self",)):
        if part.ledger_entries.filter(kind=Kind.COLLECTED).exists():
            continue
        collected = part_amount(part)
        common = {"cooperative": part.cooperative, "order_part": part}
        description = _("Order %(number)s") % {"number": order.number}
        entries.append(
            LedgerEntry.objects.create(kind=Kind.COLLECTED, amount=collected, description=description, **common)
        )
        entries.append(
            LedgerEntry.objects.create(
                kind=Kind.COMMISSION,
                amount=-commission_on(collected, percent),
                commission_percent=percent,
                description=_("Commission %(percent)s%% on order %(number)s")
                % {"percent": percent, "number": order.number},
                **common,
            )
        )
    return entries


def refundable_amount(part) -> Decimal:
    totals = part.ledger_entries.filter(kind__in=[Kind.COLLECTED, Kind.REFUND]).aggregate(
        total=Sum("amount", default=0)
    )
    return Decimal(totals["total"])


@transaction.atomic
def ledger_record_refund(*, part, amount, reference="") -> list[LedgerEntry]:
    """A refund of ``amount`` đồng on a collected part, returning the commission charged on it."""
    amount = whole_dong(amount)
    commission = part.ledger_entries.filter(kind=Kind.COMMISSION).first()
    if commission is None:  # nothing collected through the platform
        return []
    if amount > refundable_amount(part):
        raise ValidationError(
            _("At most %(amount)s can still be refunded on this part.") % {"amount": vnd(refundable_amount(part))},
            code="too-much",
        )
    description = _("Refund on order %(number)s %(reference)s") % {"number": part.order.number, "reference": reference}
    common = {"cooperative": part.cooperative, "order_part": part, "description": description.strip()}
    return [
        LedgerEntry.objects.create(kind=Kind.REFUND, amount=-amount, **common),
        LedgerEntry.objects.create(
            kind=Kind.COMMISSION_RETURNED,
            amount=commission_on(amount, commission.commission_percent),
            commission_percent=commission.commission_percent,
            **common,
        ),
    ]


def balance(cooperative) -> Decimal:
    """What the platform owes ``cooperative`` now."""
    return Decimal(cooperative.ledger_entries.aggregate(total=Sum("amount", default=0))["total"])


@transaction.atomic
def payout_record(*, cooperative, amount, bank_reference, paid_on, user) -> Payout:
    """Department staff record a bank transfer to a cooperative; it cannot exceed what is owed."""
    amount = whole_dong(amount)
    # One payout at a time per cooperative, so two officers cannot both pay out the same balance.
    Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    owed = balance(cooperative)
    if amount > owed:
        raise ValidationError(
            _("The platform owes this cooperative %(owed)s; a payout cannot be larger.") % {"owed": vnd(owed)},
            code="too-much",
        )
    if Payout.objects.filter(cooperative=cooperative, bank_reference=bank_reference).exists():
        raise ValidationError(_("A payout with this bank reference is already recorded."), code="duplicate")
    payout = Payout.objects.create(
        cooperative=cooperative, amount=amount, bank_reference=bank_reference, paid_on=paid_on, recorded_by=user
    )
    LedgerEntry.objects.create(
        cooperative=cooperative,
        kind=Kind.PAYOUT,
        amount=-amount,
        payout=payout,
        description=_("Payout %(reference)s") % {"reference": bank_reference},
    )
    return payout


@dataclass
class Statement:
    cooperative: Cooperative
    start: date | None
    end: date | None
    opening: Decimal
    entries: list
    totals: dict  # kind → sum over the period
    closing: Decimal


def statement(cooperative, *, start: date | None = None, end: date | None = None) -> Statement:
    """The cooperative's entries between ``start`` and ``end`` (inclusive), with opening and closing balances."""
    entries = cooperative.ledger_entries.select_related("order_part__order", "payout")
    before = entries.none()
    if start:
        before = cooperative.ledger_entries.filter(created_at__date__lt=start)
        entries = entries.filter(created_at__date__gte=start)
    if end:
        entries = entries.filter(created_at__date__lte=end)
    opening = Decimal(before.aggregate(total=Sum("amount", default=0))["total"])
    rows = list(entries.order_by("created_at", "id"))
    totals = {kind: Decimal(0) for kind in Kind.values}
    for entry in rows:
        totals[entry.kind] += entry.amount
    return Statement(
        cooperative=cooperative,
        start=start,
        end=end,
        opening=opening,
        entries=rows,
        totals=totals,
        closing=opening + sum((entry.amount for entry in rows), Decimal(0)),
    )
