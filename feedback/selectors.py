"""Reads: which communes the form offers, and the officers' summary of what residents said."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from feedback.models import ResidentFeedback
from regions.models import AdministrativeUnit

RECENT_COMMENTS_SHOWN = 50


def offered_communes():
    """The programme's communes in the 2025 layout (wards left out), by name."""
    return AdministrativeUnit.objects.programme_communes_2025().order_by("name", "code")


@dataclass(frozen=True)
class CommuneFeedback:
    commune: AdministrativeUnit
    count: int
    average: float | None
    satisfied_count: int  # ratings of 4 or 5

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied_count / self.count if self.count else None

    @property
    def satisfied_percent(self) -> float | None:
        share = self.satisfied_share
        return None if share is None else share * 100


@dataclass(frozen=True)
class MonthFeedback:
    month: datetime.date
    count: int
    average: float | None


@dataclass(frozen=True)
class FeedbackSummary:
    since: datetime.datetime
    until: datetime.datetime
    communes: list[CommuneFeedback]
    months: list[MonthFeedback]
    recent_comments: list[ResidentFeedback]

    @property
    def count(self) -> int:
        return sum(row.count for row in self.communes)

    @property
    def communes_offered(self) -> int:
        return len(self.communes)

    @property
    def communes_with_feedback(self) -> int:
        return sum(1 for row in self.communes if row.count)

    @property
    def communes_with_feedback_share(self) -> float | None:
        """The plan's digital-society figure: communes collecting residents' opinions online."""
        return self.communes_with_feedback / self.communes_offered if self.communes_offered else None

    @property
    def communes_with_feedback_percent(self) -> float | None:
        share = self.communes_with_feedback_share
        return None if share is None else share * 100


def _as_datetime(value, *, end: bool) -> datetime.datetime:
    """A date covers its whole day (in the site's time zone): `until` as a date is inclusive."""
    if isinstance(value, datetime.datetime):
        return value
    day = value + datetime.timedelta(days=1) if end else value
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _months_between(since: datetime.datetime, until: datetime.datetime) -> list[datetime.date]:
    first = timezone.localtime(since).date().replace(day=1)
    last = timezone.localtime(until - datetime.timedelta(microseconds=1)).date().replace(day=1)
    months = []
    while first <= last:
        months.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return months


def feedback_summary(*, since, until) -> FeedbackSummary:
    """Feedback sent in [since, until) to the offered communes, by commune and by month.

    Three queries whatever the number of feedbacks: the counts and averages are computed by
    the database. Every offered commune is listed, with a count of 0 where nobody answered.
    """
    since, until = _as_datetime(since, end=False), _as_datetime(until, end=True)
    in_range = Q(resident_feedback__created_at__gte=since, resident_feedback__created_at__lt=until)
    communes = offered_communes().annotate(
        feedback_count=Count("resident_feedback", filter=in_range),
        feedback_average=Avg("resident_feedback__rating", filter=in_range),
        satisfied_count=Count("resident_feedback", filter=in_range & Q(resident_feedback__rating__gte=4)),
    )
    rows = [
        CommuneFeedback(
            commune=unit,
            count=unit.feedback_count,
            average=unit.feedback_average,
            satisfied_count=unit.satisfied_count,
        )
        for unit in communes
    ]
    in_period = ResidentFeedback.objects.filter(
        created_at__gte=since, created_at__lt=until, commune__in=offered_communes()
    )
    monthly = (
        in_period.annotate(month=TruncMonth("created_at"))  # in the site's time zone
        .values("month")
        .annotate(count=Count("pk"), average=Avg("rating"))
        .order_by("month")
    )
    by_month = {row["month"].date(): row for row in monthly}
    nothing = {"count": 0, "average": None}
    months = [
        MonthFeedback(
            month=month, count=by_month.get(month, nothing)["count"], average=by_month.get(month, nothing)["average"]
        )
        for month in _months_between(since, until)
    ]
    recent = list(
        in_period.exclude(comment="").select_related("commune").order_by("-created_at")[:RECENT_COMMENTS_SHOWN]
    )
    return FeedbackSummary(since=since, until=until, communes=rows, months=months, recent_comments=recent)
