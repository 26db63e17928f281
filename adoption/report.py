"""The printable quarterly report: each indicator at the start and end of a quarter, its trend, the
onboarding funnel, the quarter's sales by district, and a summary the department pastes into its
report to the city.

The figures come from the daily snapshots, not from today's data, so a report on a past quarter says
what the platform said then: the value at the end of a quarter is the last snapshot on or before its
last day, the value at the start the last snapshot before its first day."""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from fulfilment.models import OrderPart

from .activity import SalesCell, onboarding_funnel
from .charts import Point, render_chart, trend_chart
from .defaults import PLAN
from .exports import district_names
from .models import Indicator, IndicatorSnapshot
from .snapshots import snapshot_series

Line = get_model("order", "Line")

# --- Quarters --------------------------------------------------------------------------------------


class QuarterError(ValueError):
    """A quarter the report cannot be made for; the message is for the user."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-Q{self.number}"

    def __str__(self):
        return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}


QUARTER_PATTERN = re.compile(r"^\s*(\d{4})-[Qq]([1-4])\s*$")
FIRST_YEAR = 2000


def quarter_parse(text: str | None, today: datetime.date) -> Quarter:
    """The quarter named like "2026-Q3"; none given means the last finished quarter."""
    if not text:
        return Quarter.containing(today).previous()
    match = QUARTER_PATTERN.match(text)
    if not match:
        raise QuarterError(
            _("“%(value)s” is not a quarter. Write the year and the quarter, for example 2026-Q3.") % {"value": text}
        )
    quarter = Quarter(int(match[1]), int(match[2]))
    if quarter.year < FIRST_YEAR:
        raise QuarterError(_("The platform has no figures before %(year)s.") % {"year": FIRST_YEAR})
    if quarter > Quarter.containing(today):
        raise QuarterError(
            _("%(quarter)s has not begun yet: choose the current quarter or an earlier one.") % {"quarter": quarter}
        )
    return quarter


def quarters_to_choose(today: datetime.date) -> list[Quarter]:
    """The quarters that have snapshots, and the current one, latest first (one query)."""
    months = IndicatorSnapshot.objects.filter(day__lte=today).dates("day", "month")
    quarters = {Quarter.containing(month) for month in months}
    quarters.add(Quarter.containing(today))
    return sorted(quarters, reverse=True)


# --- Each indicator over the quarter ---------------------------------------------------------------


class Status:
    REACHED = "reached"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NOT_REACHED = "not_reached"
    NO_DATA = "no_data"


STATUS_LABELS = {
    Status.REACHED: gettext_lazy("Target reached"),
    Status.ON_TRACK: gettext_lazy("Not reached yet, on track"),
    Status.BEHIND: gettext_lazy("Not reached, behind pace"),
    Status.MISSED: gettext_lazy("Not reached, deadline passed"),
    Status.NOT_REACHED: gettext_lazy("Not reached yet"),
    Status.NO_DATA: gettext_lazy("No data"),
}


def _percent(snapshot: IndicatorSnapshot | None) -> float | None:
    if snapshot is None or snapshot.value is None:
        return None
    return round(snapshot.value * 100, 1)


@dataclass
class IndicatorQuarter:
    """One indicator at the start and end of a quarter, judged on ``as_of`` (the quarter's end, or today)."""

    indicator: Indicator
    start: IndicatorSnapshot | None
    end: IndicatorSnapshot | None
    as_of: datetime.date
    points: list = field(default_factory=list)
    # The chart's time axis: the whole quarter up to as_of, even where snapshots are missing.
    since: datetime.date | None = None

    @property
    def start_percent(self) -> float | None:
        return _percent(self.start)

    @property
    def end_percent(self) -> float | None:
        return _percent(self.end)

    @property
    def target_percent(self) -> float:
        return round(float(self.indicator.target) * 100, 1)

    @property
    def change(self) -> float | None:
        """Percentage points from start to end, from the rounded figures the report prints (so they add up)."""
        if self.start_percent is None or self.end_percent is None:
            return None
        return round(self.end_percent - self.start_percent, 1)

    @property
    def status(self) -> str:
        """Reached; else missed once the deadline has passed; else on track if the quarter's pace,
        kept up until the deadline, would reach the target."""
        if self.end_percent is None:
            return Status.NO_DATA
        if self.end.value >= float(self.indicator.target):
            return Status.REACHED
        if self.indicator.deadline < self.as_of:
            return Status.MISSED
        if self.start_percent is None or self.end.day <= self.start.day:
            return Status.NOT_REACHED
        per_day = (self.end.value - self.start.value) / (self.end.day - self.start.day).days
        projected = self.end.value + per_day * (self.indicator.deadline - self.end.day).days
        return Status.ON_TRACK if projected >= float(self.indicator.target) else Status.BEHIND

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def chart(self):
        chart = trend_chart(
            self.points,
            title=self.indicator.name,
            target=float(self.indicator.target),
            since=self.since,
            until=self.as_of if self.since else None,
        )
        return render_chart(chart)


def indicators_over(quarter: Quarter, as_of: datetime.date) -> list[IndicatorQuarter]:
    """Every indicator with its snapshots at the quarter's start and end, and its points in the quarter (3 queries)."""

    def last_snapshot(**day):
        rows = IndicatorSnapshot.objects.filter(indicator=OuterRef("pk"), **day).order_by("-day")
        return Subquery(rows.values("pk")[:1])

    indicators = list(
        Indicator.objects.annotate(
            end_pk=last_snapshot(day__lte=quarter.end), start_pk=last_snapshot(day__lt=quarter.start)
        )
    )
    wanted = [pk for i in indicators for pk in (i.end_pk, i.start_pk) if pk]
    snapshots = IndicatorSnapshot.objects.in_bulk(wanted)
    series = snapshot_series(quarter.start, quarter.end)
    return [
        IndicatorQuarter(
            indicator=indicator,
            start=snapshots.get(indicator.start_pk),
            end=snapshots.get(indicator.end_pk),
            as_of=as_of,
            points=[Point(s.day, s.value) for s in series.get(indicator.code, []) if s.value is not None],
            since=quarter.start,
        )
        for indicator in indicators
    ]


# --- The quarter's sales ---------------------------------------------------------------------------


_ONE_DAY = datetime.timedelta(days=1)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def sales_by_district(since: datetime.date, until: datetime.date) -> dict:
    """Order parts (not cancelled) and their sales in đồng per old district, for orders placed between two days
    (inclusive). A cooperative counts in its commune's district, as in the monthly table (two queries)."""
    placed = {"order__date_placed__gte": _start_of(since), "order__date_placed__lt": _start_of(until) + _ONE_DAY}
    table: dict = {}
    parts = (
        OrderPart.objects.filter(**placed)
        .exclude(status=OrderPart.Status.CANCELLED)
        .values("cooperative__commune__parent_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in parts:
        table.setdefault(row["cooperative__commune__parent_id"], SalesCell()).orders += row["n"]
    cancelled = OrderPart.objects.filter(
        order=OuterRef("order"), cooperative__partner=OuterRef("partner"), status=OrderPart.Status.CANCELLED
    )
    lines = (
        Line.objects.filter(**placed)
        .exclude(Exists(cancelled))
        .values("partner__cooperative__commune__parent_id")
        .annotate(sales=Sum("line_price_incl_tax"))
        .order_by()
    )
    for row in lines:
        cell = table.setdefault(row["partner__cooperative__commune__parent_id"], SalesCell())
        cell.sales += row["sales"] or 0
    return table


@dataclass(frozen=True)
class SalesRow:
    district: str
    orders: int
    sales: int  # whole đồng


def sales_rows(quarter: Quarter) -> tuple[list[SalesRow], SalesRow]:
    table = sales_by_district(quarter.start, quarter.end)
    rows = []
    for district_id, name in district_names(table.keys()):
        cell = table.get(district_id, SalesCell())
        rows.append(SalesRow(name, cell.orders, int(cell.sales)))
    total = SalesRow(_("Total"), sum(r.orders for r in rows), sum(r.sales for r in rows))
    return rows, total


# --- The summary -----------------------------------------------------------------------------------

# The summary is a fixed text in a fixed language: the Vietnamese one is pasted into the department's
# report to the city whatever language the officer reads the site in, so its wording is written here
# (and tested word for word) rather than left to the interface's translation catalogue.
PHRASES = {
    "vi": {
        "quarter_end": "Đến hết quý {number}/{year}",
        "as_of": "Tính đến ngày {day}",
        "first": "{opening}, chỉ tiêu “{name}” {rest}.",
        "next": "Chỉ tiêu “{name}” {rest}.",
        "figure": "đạt {numerator}/{denominator} ({percent})",
        "no_data": "chưa có số liệu",
        "up": "tăng {points} điểm phần trăm so với đầu quý",
        "down": "giảm {points} điểm phần trăm so với đầu quý",
        "same": "không đổi so với đầu quý",
        "no_start": "chưa có số liệu đầu quý để so sánh",
        Status.REACHED: "đã đạt mục tiêu {target} vào {deadline}",
        Status.ON_TRACK: "mục tiêu {target} vào {deadline} chưa đạt nhưng đúng tiến độ nếu giữ mức tăng của quý",
        Status.BEHIND: "mục tiêu {target} vào {deadline} chưa đạt và chậm so với tiến độ",
        Status.MISSED: "mục tiêu {target} vào {deadline} chưa đạt và đã quá hạn",
        Status.NOT_REACHED: "mục tiêu {target} vào {deadline} chưa đạt",
        "nothing": "{opening}, chưa có chỉ tiêu nào được theo dõi.",
    },
    "en": {
        "quarter_end": "By the end of Q{number} {year}",
        "as_of": "As of {day}",
        "first": "{opening}, the indicator “{name}” {rest}.",
        "next": "The indicator “{name}” {rest}.",
        "figure": "stood at {numerator}/{denominator} ({percent})",
        "no_data": "has no figures",
        "up": "up {points} percentage points from the start of the quarter",
        "down": "down {points} percentage points from the start of the quarter",
        "same": "unchanged from the start of the quarter",
        "no_start": "with no figure at the start of the quarter to compare",
        Status.REACHED: "the target of {target} by {deadline} has been reached",
        Status.ON_TRACK: "the target of {target} by {deadline} is not reached yet but on track at this quarter's pace",
        Status.BEHIND: "the target of {target} by {deadline} is not reached and behind pace",
        Status.MISSED: "the target of {target} by {deadline} was not reached and the deadline has passed",
        Status.NOT_REACHED: "the target of {target} by {deadline} is not reached yet",
        "nothing": "{opening}, no indicator is being followed.",
    },
}


def format_number(value: float, language: str, decimals: int = 1) -> str:
    """75.0 → "75,0" in Vietnamese (decimal comma), "75.0" in English."""
    text = f"{value:,.{decimals}f}"
    if language == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def _target_text(percent: float, language: str) -> str:
    decimals = 0 if percent == int(percent) else 1
    return format_number(percent, language, decimals) + "%"


def summary(items: list[IndicatorQuarter], quarter: Quarter, *, finished: bool, language: str = "vi") -> str:
    """The paragraph for the report to the city, in ``language`` ("vi" or "en")."""
    words = PHRASES[language]
    if finished:
        opening = words["quarter_end"].format(number=quarter.number, year=quarter.year)
    else:
        as_of = items[0].as_of if items else quarter.end
        opening = words["as_of"].format(day=as_of.strftime("%d/%m/%Y"))
    if not items:
        return words["nothing"].format(opening=opening)
    sentences = []
    for item in items:
        name = item.indicator.name_vi if language == "vi" else item.indicator.name_en
        rest = _indicator_clause(item, words, language)
        key = "next" if sentences else "first"
        sentences.append(words[key].format(opening=opening, name=name, rest=rest))
    return " ".join(sentences)


def _indicator_clause(item: IndicatorQuarter, words: dict, language: str) -> str:
    if item.status == Status.NO_DATA:
        return words["no_data"]
    figure = words["figure"].format(
        numerator=item.end.numerator,
        denominator=item.end.denominator,
        percent=format_number(item.end_percent, language) + "%",
    )
    if item.change is None:
        change = words["no_start"]
    elif item.change > 0:
        change = words["up"].format(points=format_number(item.change, language))
    elif item.change < 0:
        change = words["down"].format(points=format_number(-item.change, language))
    else:
        change = words["same"]
    target = words[item.status].format(
        target=_target_text(item.target_percent, language), deadline=item.indicator.deadline.strftime("%d/%m/%Y")
    )
    return f"{figure}, {change}; {target}"


# --- The whole report ------------------------------------------------------------------------------


@dataclass
class QuarterReport:
    quarter: Quarter
    today: datetime.date
    plan: str
    indicators: list[IndicatorQuarter]
    funnel: list
    sales: list[SalesRow]
    sales_total: SalesRow

    @property
    def finished(self) -> bool:
        return self.quarter.end < self.today

    @property
    def as_of(self) -> datetime.date:
        return min(self.quarter.end, self.today)

    @property
    def summary_vi(self) -> str:
        return summary(self.indicators, self.quarter, finished=self.finished, language="vi")

    @property
    def summary_en(self) -> str:
        return summary(self.indicators, self.quarter, finished=self.finished, language="en")


def quarter_report(quarter: Quarter, today: datetime.date) -> QuarterReport:
    as_of = min(quarter.end, today)
    items = indicators_over(quarter, as_of)
    plans = sorted({item.indicator.source for item in items if item.indicator.source})
    sales, total = sales_rows(quarter)
    return QuarterReport(
        quarter=quarter,
        today=today,
        plan="; ".join(plans) or PLAN,
        indicators=items,
        funnel=onboarding_funnel(today),
        sales=sales,
        sales_total=total,
    )
