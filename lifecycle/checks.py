"""Checks that the ledger agrees with the orders, receipts, refunds and payouts it records.

Per cooperative, at all times: balance = collected − commission − cancellations and refunds − payouts,
and each term agrees with its source: each part carries the credit its order's money says it should,
commission is charged at the recorded rate on what was collected (and returned on what went back),
each payout and each refund for goods has exactly one entry. ``ledger_problems`` lists the rows that
disagree; ``manage.py check_ledger`` prints them and exits non-zero.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from fulfilment.models import OrderPart
from lifecycle import money
from payments import ledger
from payments.models import LedgerEntry, PaymentMethod, Payout, Receipt, Refund

Kind = LedgerEntry.Kind


def _part_problems(part, entries, dues) -> list[str]:
    problems = []
    by_kind = defaultdict(list)
    for entry in entries:
        by_kind[entry.kind].append(entry)
    method = money.order_method(part.order)
    label = f"order {part.order.number}, part {part.pk} ({part.cooperative.name})"
    collected = sum((entry.amount for entry in by_kind[Kind.COLLECTED]), Decimal(0))
    credit = sum((entry.amount for kind in money.CREDIT_KINDS for entry in by_kind[kind]), Decimal(0))
    percent = by_kind[Kind.COMMISSION][0].commission_percent if by_kind[Kind.COMMISSION] else Decimal(0)
    if len(by_kind[Kind.COLLECTED]) > 1 or len(by_kind[Kind.COMMISSION]) > 1:
        problems.append(f"{label}: collected or commission recorded more than once")
    if method in ledger.COLLECTED_METHODS:
        expected = money.part_charge(part) if by_kind[Kind.COLLECTED] else Decimal(0)
        if not by_kind[Kind.COLLECTED] and dues.covered and money.part_charge(part) > 0:
            problems.append(f"{label}: the order is paid but the part was never credited")
        if credit != expected:
            problems.append(f"{label}: credit {credit} ≠ {expected} (what its buyer paid for it, not cancelled)")
        base = collected
    else:
        receipt = Receipt.objects.filter(order_part=part).first()
        base = receipt.amount if receipt else Decimal(0)
        if credit != 0:
            problems.append(f"{label}: cash on delivery credited {credit} by the market")
    reversals = [-entry.amount for kind in (Kind.CANCELLATION, Kind.REFUND) for entry in by_kind[kind]]
    if method not in ledger.COLLECTED_METHODS:
        reversals = [refund.amount for refund in Refund.objects.filter(order_part=part, kind=Refund.Kind.GOODS)]
    commission = sum((e.amount for k in (Kind.COMMISSION, Kind.COMMISSION_RETURNED) for e in by_kind[k]), Decimal(0))
    expected_commission = -ledger.commission_on(base, percent) + sum(
        (ledger.commission_on(amount, percent) for amount in reversals), Decimal(0)
    )
    if base and commission != expected_commission:
        problems.append(f"{label}: commission {commission} ≠ {expected_commission} at {percent}%")
    return problems


def ledger_problems() -> list[str]:
    problems = []
    entries_by_part = defaultdict(list)
    for entry in LedgerEntry.objects.exclude(order_part=None).order_by("pk"):
        entries_by_part[entry.order_part_id].append(entry)
    parts = list(OrderPart.objects.select_related("order__payment", "cooperative"))
    dues = money.dues_for_orders({part.order_id for part in parts})
    for part in parts:
        problems += _part_problems(part, entries_by_part.get(part.pk, []), dues[part.order_id])
    for payout in Payout.objects.select_related("cooperative"):
        entry = LedgerEntry.objects.filter(payout=payout).first()
        if entry is None or entry.amount != -payout.amount or entry.kind != Kind.PAYOUT:
            problems.append(f"payout {payout.bank_reference} of {payout.cooperative.name}: no matching ledger entry")
    goods = Refund.objects.filter(kind=Refund.Kind.GOODS).exclude(method=PaymentMethod.CASH_ON_DELIVERY)
    for refund in goods.annotate(entries=Count("ledger_entry")):
        if refund.entries != 1:
            problems.append(f"refund {refund.pk}: {refund.entries} ledger entries, expected 1")
    for order_id, order_dues in dues.items():
        if order_dues.refunded > order_dues.received:
            problems.append(f"order {order_id}: refunded {order_dues.refunded} > received {order_dues.received}")
    return problems


def balance_terms(cooperative) -> dict:
    """The balance and its terms, for the statement and the check."""
    totals = {
        row["kind"]: row["total"]
        for row in cooperative.ledger_entries.values("kind").annotate(total=Sum("amount")).order_by()
    }
    terms = {
        "collected": Decimal(totals.get(Kind.COLLECTED, 0)),
        "commission": -Decimal(totals.get(Kind.COMMISSION, 0)) - Decimal(totals.get(Kind.COMMISSION_RETURNED, 0)),
        "refunds": -Decimal(totals.get(Kind.REFUND, 0)) - Decimal(totals.get(Kind.CANCELLATION, 0)),
        "payouts": -Decimal(totals.get(Kind.PAYOUT, 0)),
    }
    terms["balance"] = terms["collected"] - terms["commission"] - terms["refunds"] - terms["payouts"]
    return terms
