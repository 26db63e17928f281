"""Progress of contracts: what was delivered against the agreed volume, per contract line and period.

The one home of the rule "a contract is behind": every page, list, filter and the alert ask here.

- A contract's **periods** are its version in force's: ISO weeks (Monday to Sunday) or calendar months.
  The agreed volume of a line holds for every period that overlaps the contract's dates (planning shares
  a whole period's volume over the delivery days it has, even in a first or last partial period).
- **Delivered** is what a placed standing order brought (quantity less shortfall), counted in the period
  of its delivery day, once the cooperative whose products those are has marked its part of the order
  delivered: an order under a contract of two cooperatives has a part for each, and one cooperative's
  delivered part never counts the other's lines. Planned and skipped deliveries count nothing.
  Deliveries count against the version in force's line for the same product and unit.
- A contract is **behind** when, in its last complete period, any line got less than ``BEHIND_BELOW``
  (90 %) of its agreed volume. Contracts recorded before buyers had accounts have no deliveries in the
  shop and are never judged.

Reads run in a fixed number of queries: the sums are taken in the database, grouped by contract line
(and by delivery day for one contract's table), and put into periods here.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from fulfilment.models import OrderPart

from .models import ContractLine, ContractVersion, StandingOrder, StandingOrderLine
from .quantities import period_of

# The rule, as the pages state it: behind below 90 % of the agreed volume in the last complete period.
BEHIND_BELOW = Decimal("0.9")
BEHIND_BELOW_PERCENT = int(BEHIND_BELOW * 100)
# How many periods a contract's table shows, the current one included.
PERIODS_SHOWN = {ContractVersion.Period.WEEK: 8, ContractVersion.Period.MONTH: 6}

ZERO = Decimal(0)


def _key(line) -> tuple:
    return line.product_id, line.volume_unit


def is_behind(delivered: Decimal, agreed: Decimal) -> bool:
    return agreed > 0 and delivered < agreed * BEHIND_BELOW


@dataclass(frozen=True)
class LineProgress:
    line: ContractLine
    agreed: Decimal
    delivered: Decimal

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded down (89.9 % shows 89 %, as it is behind)."""
        if not self.agreed:
            return None
        return int((self.delivered * 100 / self.agreed).to_integral_value(rounding=ROUND_DOWN))

    @property
    def behind(self) -> bool:
        return is_behind(self.delivered, self.agreed)


@dataclass(frozen=True)
class PeriodProgress:
    start: datetime.date
    end: datetime.date
    kind: str
    complete: bool
    lines: list[LineProgress] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        return self.complete and any(line.behind for line in self.lines)


@dataclass(frozen=True)
class ContractProgress:
    version: ContractVersion
    periods: list[PeriodProgress]  # the current period first
    # The last complete period, when it falls within the contract's dates: the one that is judged.
    judged: PeriodProgress | None

    @property
    def behind(self) -> bool:
        return bool(self.judged and self.judged.behind)


def last_complete_period(version, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period before the one ``today`` falls in."""
    current_start = period_of(today, version.period)[0]
    return period_of(current_start - datetime.timedelta(days=1), version.period)


def _overlaps(version, start: datetime.date, end: datetime.date) -> bool:
    return (version.start is None or version.start <= end) and (version.end is None or start <= version.end)


def _judged(version) -> bool:
    return version is not None and version.state == ContractVersion.State.ACCEPTED and not version.is_legacy


def _delivered_rows():
    """Standing order lines delivered: placed, and their cooperative's part of the order marked delivered."""
    delivered_part = OrderPart.objects.filter(
        order_id=OuterRef("standing_order__order_id"),
        cooperative__partner_id=OuterRef("order_line__partner_id"),
        delivered_at__isnull=False,
    )
    return StandingOrderLine.objects.filter(standing_order__status=StandingOrder.Status.PLACED).filter(
        Exists(delivered_part)
    )


DELIVERED = F("quantity") - F("shortfall")
_LINE_KEY = ("standing_order__linkage_model_id", "contract_line__product_id", "contract_line__volume_unit")


# --- Many contracts: who is behind ------------------------------------------------------------------------


def behind_ids(versions, *, today: datetime.date | None = None) -> set[int]:
    """The contracts (linkage model ids) behind, among ``versions`` in force with their lines prefetched.

    One query, however many: each line's delivered sum over its contract's last complete period."""
    today = today or timezone.localdate()
    judged = {}
    for version in versions:
        if _judged(version):
            bounds = last_complete_period(version, today)
            if _overlaps(version, *bounds):
                judged[version.linkage_model_id] = (version, bounds)
    if not judged:
        return set()
    windows = {bounds for _version, bounds in judged.values()}
    sums = {f"in_{n}": Sum(DELIVERED, filter=Q(standing_order__delivery_date__range=w)) for n, w in enumerate(windows)}
    window_names = {w: f"in_{n}" for n, w in enumerate(windows)}
    delivered = {}
    rows = (
        _delivered_rows()
        .filter(
            standing_order__linkage_model_id__in=list(judged),
            standing_order__delivery_date__range=(min(w[0] for w in windows), max(w[1] for w in windows)),
        )
        .values(*_LINE_KEY)
        .annotate(**sums)
        .order_by()
    )
    for row in rows:
        model_id = row["standing_order__linkage_model_id"]
        bounds = judged[model_id][1]
        key = (model_id, row["contract_line__product_id"], row["contract_line__volume_unit"])
        delivered[key] = row[window_names[bounds]] or ZERO
    return {
        model_id
        for model_id, (version, _bounds) in judged.items()
        if any(
            is_behind(delivered.get((model_id, line.product_id, line.volume_unit), ZERO), line.volume)
            for line in version.lines.all()
        )
    }


def versions_in_force(linkage_models):
    """The versions in force of ``linkage_models`` (a queryset), with their lines: two queries."""
    return ContractVersion.objects.filter(
        linkage_model__in=linkage_models.order_by().values("pk"),
        state=ContractVersion.State.ACCEPTED,
        organisation__isnull=False,
    ).prefetch_related(Prefetch("lines", queryset=ContractLine.objects.order_by("pk")))


def behind_among(linkage_models, *, today: datetime.date | None = None) -> set[int]:
    """Which of a list's contracts (a queryset) are behind, for its "behind" filter: three queries."""
    return behind_ids(versions_in_force(linkage_models), today=today)


# --- One contract: the table ------------------------------------------------------------------------------


def _periods_back(version, today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    periods, day = [], today
    for _ in range(PERIODS_SHOWN[version.period]):
        start, end = period_of(day, version.period)
        if _overlaps(version, start, end):
            periods.append((start, end))
        day = start - datetime.timedelta(days=1)
    return periods


def progress_of(version, *, today: datetime.date | None = None) -> ContractProgress | None:
    """The contract's table: per period (the current one first) and line, delivered against agreed.

    ``version`` is the version in force, its lines (with products) prefetched; one query. None for a
    contract without one, or recorded before buyers had accounts."""
    if not _judged(version):
        return None
    today = today or timezone.localdate()
    bounds = _periods_back(version, today)
    lines = list(version.lines.all())
    delivered = {}
    if bounds:
        rows = (
            _delivered_rows()
            .filter(
                standing_order__linkage_model_id=version.linkage_model_id,
                standing_order__delivery_date__range=(bounds[-1][0], bounds[0][1]),
            )
            .values(*_LINE_KEY, "standing_order__delivery_date")
            .annotate(delivered=Sum(DELIVERED))
            .order_by()
        )
        for row in rows:
            start = period_of(row["standing_order__delivery_date"], version.period)[0]
            key = (start, row["contract_line__product_id"], row["contract_line__volume_unit"])
            delivered[key] = delivered.get(key, ZERO) + (row["delivered"] or ZERO)
    periods = [
        PeriodProgress(
            start=start,
            end=end,
            kind=version.period,
            complete=end < today,
            lines=[
                LineProgress(line=line, agreed=line.volume, delivered=delivered.get((start, *_key(line)), ZERO))
                for line in lines
            ],
        )
        for start, end in bounds
    ]
    last = last_complete_period(version, today)
    judged = next((period for period in periods if (period.start, period.end) == last), None)
    return ContractProgress(version=version, periods=periods, judged=judged)
