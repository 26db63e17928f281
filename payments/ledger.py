"""What the platform owes each cooperative for the card and transfer payments it collects.

Stripe does not open accounts for businesses based in Vietnam, so the platform collects and
settles: each paid order part adds what was collected and the commission charged on it;
cancellations after payment, refunds, the commission returned with them, and payouts follow.
Entries are only added, never changed, so a statement is a sum of entries and balances to the đồng:
balance = collected − commission − cancellations and refunds − payouts. Cash on delivery stays with
the cooperative: only the commission it owes on that cash enters the ledger (a negative balance is
what the cooperative owes the market). When entries are written is the order lifecycle's business
(lifecycle/); this module only writes them.
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

from common.money import round_down_to_dong
from cooperatives.models import Cooperative
from payments.models import CommissionRate, LedgerEntry, PaymentMethod, Payout, Receipt

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


def whole_dong(amount) -> Decimal:
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.to_integral_value():
        raise ValidationError(_("Enter a positive whole number of đồng."), code="amount")
    return amount


def ledger_credit_part(*, part, amount: Decimal) -> list[LedgerEntry]:
    """Credit ``part``'s cooperative with ``amount`` collected for it, less the commission of the day.

    Called by the order lifecycle (lifecycle/money.py) once the order is paid in full; the unique
    constraint makes a second credit of the same part fail rather than pay twice."""
    percent = commission_percent_on(timezone.localdate())
    number = part.order.number
    common = {"cooperative": part.cooperative, "order_part": part}
    return [
        LedgerEntry.objects.create(
            kind=Kind.COLLECTED, amount=amount, description=_("Order %(number)s") % {"number": number}, **common
        ),
        LedgerEntry.objects.create(
            kind=Kind.COMMISSION,
            amount=-commission_on(amount, percent),
            commission_percent=percent,
            description=_("Commission %(percent)s%% on order %(number)s") % {"percent": percent, "number": number},
            **common,
        ),
    ]


def ledger_reverse_part(*, part, amount: Decimal, percent: Decimal) -> list[LedgerEntry]:
    """Take back ``amount`` of a part's credit (goods cancelled after payment), with its commission."""
    common = {"cooperative": part.cooperative, "order_part": part, "commission_percent": percent}
    description = _("Cancelled on order %(number)s") % {"number": part.order.number}
    return [
        LedgerEntry.objects.create(kind=Kind.CANCELLATION, amount=-amount, description=description, **common),
        LedgerEntry.objects.create(
            kind=Kind.COMMISSION_RETURNED, amount=commission_on(amount, percent), description=description, **common
        ),
    ]


def ledger_charge_cash_commission(*, part, amount: Decimal) -> list[LedgerEntry]:
    """Cash on delivery: the cooperative keeps the cash and owes the market its commission on it."""
    percent = commission_percent_on(timezone.localdate())
    return [
        LedgerEntry.objects.create(
            cooperative=part.cooperative,
            order_part=part,
            kind=Kind.COMMISSION,
            amount=-commission_on(amount, percent),
            commission_percent=percent,
            description=_("Commission %(percent)s%% on cash collected for order %(number)s")
            % {"percent": percent, "number": part.order.number},
        )
    ]


def ledger_record_refund(*, refund, collected_by_market: bool) -> list[LedgerEntry]:
    """A refund for goods on a part: the cooperative's credit falls by it (when the market holds the
    money) and the commission charged on that much comes back."""
    part = refund.order_part
    commission = part.ledger_entries.filter(kind=Kind.COMMISSION).first()
    percent = commission.commission_percent if commission else Decimal(0)
    description = (
        _("Refund on order %(number)s %(reference)s")
        % {"number": part.order.number, "reference": refund.stripe_refund_id or refund.reference}
    ).strip()
    common = {"cooperative": part.cooperative, "order_part": part, "description": description}
    entries = []
    if collected_by_market:
        entries.append(LedgerEntry.objects.create(kind=Kind.REFUND, amount=-refund.amount, refund=refund, **common))
    if commission is not None:
        entries.append(
            LedgerEntry.objects.create(
                kind=Kind.COMMISSION_RETURNED,
                amount=commission_on(refund.amount, percent),
                commission_percent=percent,
                refund=None if collected_by_market else refund,
                **common,
            )
        )
    return entries


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
    # Cash on delivery the cooperative's shippers collected in the period: the cooperative holds it.
    cash_collected: Decimal = Decimal(0)

    @property
    def owed_to_market(self) -> Decimal:
        """A negative closing balance: commission on cash sales the cooperative owes the market."""
        return max(-self.closing, Decimal(0))


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
    cash = Receipt.objects.filter(order_part__cooperative=cooperative, method=PaymentMethod.CASH_ON_DELIVERY)
    if start:
        cash = cash.filter(created_at__date__gte=start)
    if end:
        cash = cash.filter(created_at__date__lte=end)
    return Statement(
        cash_collected=Decimal(cash.aggregate(total=Sum("amount", default=0))["total"]),
        cooperative=cooperative,
        start=start,
        end=end,
        opening=opening,
        entries=rows,
        totals=totals,
        closing=opening + sum((entry.amount for entry in rows), Decimal(0)),
    )
