"""How cooperatives come onto the platform and what they sell: the dashboard's second half.

Each function is a fixed number of aggregate queries; results are plain dataclasses and dicts."""

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Lower, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from cooperatives.models import Application, Cooperative, Decision, StorefrontPage
from fulfilment.models import OrderPart

from .indicators import online_cooperatives
from .models import SalesMonth, SalesMonthRollup

Order = get_model("order", "Order")
Line = get_model("order", "Line")

RECENT_ORDER_DAYS = 90


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str
    count: int


def onboarding_funnel(today: datetime.date) -> list[FunnelStage]:
    """Applied → verified → with a storefront → with a product on sale → with an order lately.

    "Applied" counts every cooperative (each applied once, or was registered by an officer) and the
    applications still under review, so each stage is a subset of the one before."""
    verified = Cooperative.objects.filter(status=Cooperative.Status.VERIFIED)
    recent = OrderPart.objects.filter(
        cooperative=OuterRef("pk"), created_at__gte=_start_of(today - datetime.timedelta(days=RECENT_ORDER_DAYS))
    ).exclude(status=OrderPart.Status.CANCELLED)
    # Each stage narrows the one before: a funnel, not four independent counts.
    storefront = Q(Exists(StorefrontPage.objects.filter(cooperative=OuterRef("pk"), live=True)))
    selling = storefront & Q(pk__in=online_cooperatives().values("pk"))
    ordered = selling & Q(Exists(recent))
    counts = verified.aggregate(
        verified=Count("pk"),
        storefront=Count("pk", filter=storefront),
        online=Count("pk", filter=selling),
        ordered=Count("pk", filter=ordered),
    )
    pending = Application.objects.filter(cooperative__isnull=True).exclude(status=Application.Status.APPROVED)
    applied = Cooperative.objects.count() + pending.count()
    return [
        FunnelStage("applied", _("applied"), applied),
        FunnelStage("verified", _("verified"), counts["verified"]),
        FunnelStage("storefront", _("with a storefront"), counts["storefront"]),
        FunnelStage("product", _("with a product on sale"), counts["online"]),
        FunnelStage("ordered", _("with an order in the last 90 days"), counts["ordered"]),
    ]


def median_days_to_verification() -> float | None:
    """Median days from an application's filing to its approval (None before the first approval)."""
    pairs = Decision.objects.filter(action=Decision.Action.APPROVED, application__isnull=False).values_list(
        "application__submitted_at", "decided_at"
    )
    days = [(decided - submitted).total_seconds() / 86400 for submitted, decided in pairs]
    return round(statistics.median(days), 1) if days else None


def active_buyers(today: datetime.date, days: int = RECENT_ORDER_DAYS) -> int:
    """Buyers with an order in the last ``days`` days: accounts, and guests. Guest orders are one buyer
    when they share the e-mail (in any case) or the delivery's mobile number (stored normalised, +84…,
    so "090 123 4567" and "0901234567" are one), also through a chain: an e-mail given with a mobile on
    one order ties the orders with that e-mail to those with that mobile. A guest order with neither
    counts nobody."""
    orders = Order.objects.filter(date_placed__gte=_start_of(today - datetime.timedelta(days=days)))
    accounts = orders.aggregate(accounts=Count("user", distinct=True))["accounts"]
    guest_contacts = (
        orders.filter(user__isnull=True)
        .annotate(email=Lower("guest_email"))
        .values_list("email", "shipping_address__phone_number")
        .distinct()
    )
    return accounts + _people_count(guest_contacts)


def _people_count(contacts) -> int:
    """How many people the (e-mail, mobile) pairs stand for, pairs sharing either being one (union-find)."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]  # path halving keeps the trees flat
            key = parent[key]
        return key

    for email, phone in contacts:
        keys = [key for key in (f"e:{email}" if email else "", f"t:{phone}" if phone else "") if key]
        for key in keys:
            parent.setdefault(key, key)
        if len(keys) == 2:
            parent[root(keys[0])] = root(keys[1])
    return sum(1 for key in parent if root(key) == key)


def months_back(today: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the last ``count`` months, oldest first, this month included."""
    months = []
    year, month = today.year, today.month
    for _step in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


@dataclass
class SalesCell:
    orders: int = 0
    sales: Decimal = Decimal(0)


def sales_by_district_and_month(today: datetime.date, months: int = 12) -> tuple[list, dict]:
    """Cooperatives' order parts (not cancelled) and their sales in VND, per old district and month.

    Returns (months, {district_id: {month: SalesCell}}); a cooperative counts in its commune's district.
    Closed months come from the nightly roll-up; the others (this month, or any not rolled up yet) are
    summed live, so the figures are complete either way."""
    month_starts = months_back(today, months)
    rolled_up = set(SalesMonthRollup.objects.filter(month__in=month_starts).values_list("month", flat=True))
    district_of = dict(Cooperative.objects.values_list("pk", "commune__parent_id"))
    table: dict = {}

    def cell(district_id, month):
        return table.setdefault(district_id, {}).setdefault(month, SalesCell())

    stored = (
        SalesMonth.objects.filter(month__in=rolled_up)
        .values("cooperative__commune__parent_id", "month")
        .annotate(orders=Sum("orders"), sales=Sum("sales"))
        .order_by()
    )
    for row in stored:
        target = cell(row["cooperative__commune__parent_id"], row["month"])
        target.orders += row["orders"]
        target.sales += row["sales"]
    live_months = [m for m in month_starts if m not in rolled_up]
    if live_months:
        live = sales_by_cooperative_and_month(live_months[0], _next_month(month_starts[-1]))
        for (cooperative_id, month), figures in live.items():
            if month in live_months:
                target = cell(district_of.get(cooperative_id), month)
                target.orders += figures.orders
                target.sales += figures.sales
    return month_starts, table


def sales_by_cooperative_and_month(since: datetime.date, until: datetime.date) -> dict:
    """{(cooperative id, first day of month): SalesCell} for orders placed in [since, until)."""
    cooperative_of = dict(Cooperative.objects.values_list("partner_id", "pk"))
    figures: dict = {}
    month_starts = [m for m in months_back(until - datetime.timedelta(days=1), 240) if m >= since]
    # TruncMonth runs Python for every row on SQLite (seconds for 200,000 lines): the dashboard's usual
    # one or two open months are summed one month at a time instead; the nightly roll-up takes the slow path.
    if len(month_starts) <= 2:
        spans = [(m, _next_month(m), m) for m in month_starts]
    else:
        spans = [(since, until, None)]
    for start, end, month in spans:
        orders = Order.objects.filter(date_placed__gte=_start_of(start), date_placed__lt=_start_of(end)).values("pk")
        parts = OrderPart.objects.filter(order_id__in=orders).exclude(status=OrderPart.Status.CANCELLED)
        lines = Line.objects.filter(order_id__in=orders).exclude(Exists(_cancelled_part()))
        if month is None:
            parts = parts.annotate(month=TruncMonth("order__date_placed")).values("cooperative_id", "month")
            lines = lines.annotate(month=TruncMonth("order__date_placed")).values("partner_id", "month")
        else:
            parts, lines = parts.values("cooperative_id"), lines.values("partner_id")
        for row in parts.annotate(n=Count("pk")).order_by():
            key = (row["cooperative_id"], _as_date(row.get("month", month)))
            figures.setdefault(key, SalesCell()).orders += row["n"]
        for row in lines.annotate(sales=Sum("line_price_incl_tax")).order_by():
            if row["partner_id"] in cooperative_of:
                key = (cooperative_of[row["partner_id"]], _as_date(row.get("month", month)))
                figures.setdefault(key, SalesCell()).sales += row["sales"] or 0
    return figures


def _cancelled_part():
    return OrderPart.objects.filter(
        order=OuterRef("order"), cooperative__partner=OuterRef("partner"), status=OrderPart.Status.CANCELLED
    )


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@transaction.atomic
def sales_roll_up(today: datetime.date, months: int = 13) -> int:
    """Store the closed months among the last ``months`` (again: a late cancellation changes a past month).

    Returns the number of SalesMonth rows written."""
    closed = months_back(today, months + 1)[:-1]
    this_month = months_back(today, 1)[0]
    figures = sales_by_cooperative_and_month(closed[0], this_month)
    SalesMonth.objects.filter(month__in=closed).delete()
    rows = [
        SalesMonth(cooperative_id=cooperative_id, month=month, orders=cell.orders, sales=cell.sales)
        for (cooperative_id, month), cell in figures.items()
        if month in closed
    ]
    SalesMonth.objects.bulk_create(rows, batch_size=1000)
    for month in closed:
        SalesMonthRollup.objects.update_or_create(month=month, defaults={"rolled_up_at": timezone.now()})
    return len(rows)


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
