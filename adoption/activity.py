"""How cooperatives come onto the platform and what they sell: the dashboard's second half.

Each function is a fixed number of aggregate queries; results are plain dataclasses and dicts."""

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from cooperatives.models import Application, Cooperative, Decision, StorefrontPage
from fulfilment.models import OrderPart

from .indicators import online_cooperatives

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
    """Buyers (accounts, and guests by e-mail) with an order in the last ``days`` days."""
    orders = Order.objects.filter(date_placed__gte=_start_of(today - datetime.timedelta(days=days)))
    counts = orders.aggregate(
        accounts=Count("user", distinct=True),
        guests=Count("guest_email", distinct=True, filter=Q(user__isnull=True) & ~Q(guest_email="")),
    )
    return counts["accounts"] + counts["guests"]


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

    Returns (months, {district_id: {month: SalesCell}}); a cooperative counts in its commune's district."""
    month_starts = months_back(today, months)
    since = _start_of(month_starts[0])
    district_of = dict(Cooperative.objects.values_list("partner_id", "commune__parent_id"))
    cooperative_district = dict(Cooperative.objects.values_list("pk", "commune__parent_id"))
    table: dict = {}

    def cell(district_id, month):
        return table.setdefault(district_id, {}).setdefault(month, SalesCell())

    parts = (
        OrderPart.objects.filter(order__date_placed__gte=since)
        .exclude(status=OrderPart.Status.CANCELLED)
        .annotate(month=TruncMonth("order__date_placed"))
        .values("cooperative_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in parts:
        cell(cooperative_district.get(row["cooperative_id"]), _as_date(row["month"])).orders += row["n"]
    cancelled = OrderPart.objects.filter(
        order=OuterRef("order"), cooperative__partner=OuterRef("partner"), status=OrderPart.Status.CANCELLED
    )
    lines = (
        Line.objects.filter(order__date_placed__gte=since)
        .exclude(Exists(cancelled))
        .annotate(month=TruncMonth("order__date_placed"))
        .values("partner_id", "month")
        .annotate(sales=Sum("line_price_incl_tax"))
        .order_by()
    )
    for row in lines:
        cell(district_of.get(row["partner_id"]), _as_date(row["month"])).sales += row["sales"] or 0
    return month_starts, table


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
