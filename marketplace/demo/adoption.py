"""Demo figures for the department's dashboard: the plan's indicators, a year of daily snapshots and
residents' feedback, so the trend charts and the feedback section have something to show.

Real snapshots are taken by `manage.py take_indicator_snapshots`. The demo's history before today is
made up: a steady climb to today's real figures, marked as such in the README."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from adoption.defaults import indicators_load_defaults, officers_group
from adoption.models import IndicatorSnapshot
from adoption.snapshots import snapshots_take
from feedback.models import ResidentFeedback
from regions.models import AdministrativeUnit, Succession

HISTORY_DAYS = 360
HISTORY_STEP_DAYS = 7
COMMENTS = [
    "Đường giao thông nội đồng đã được bê tông hóa, đi lại thuận tiện.",
    "Mong xã hỗ trợ thêm lớp tập huấn bán hàng trên mạng cho bà con.",
    "Nước sạch ổn định, chợ phiên cuối tuần rất đông vui.",
    "",
]


@transaction.atomic
def fill_adoption(log):
    indicators_load_defaults()
    officers_group()
    if IndicatorSnapshot.objects.exists():
        return
    today = timezone.localdate()
    _feedback(today)
    for snapshot in snapshots_take(today):
        _history(snapshot, today)
    log(f"Demo adoption: {IndicatorSnapshot.objects.count()} snapshots, {ResidentFeedback.objects.count()} opinions.")


def _history(latest, today):
    rows = []
    for days_ago in range(HISTORY_STEP_DAYS, HISTORY_DAYS + 1, HISTORY_STEP_DAYS):
        share = 1 - days_ago / (HISTORY_DAYS * 1.4)  # a year ago: about 30% lower than today
        rows.append(
            IndicatorSnapshot(
                indicator=latest.indicator,
                day=today - datetime.timedelta(days=days_ago),
                numerator=int(latest.numerator * share),
                denominator=latest.denominator,
                target=latest.target,
            )
        )
    IndicatorSnapshot.objects.bulk_create(rows)


def _feedback(today):
    programme = AdministrativeUnit.objects.programme_communes()
    offered = AdministrativeUnit.objects.filter(
        pk__in=Succession.objects.filter(old_unit__in=programme).values("new_unit_id")
    ).order_by("name")
    rows = []
    for index, commune in enumerate(offered):
        if index % 3 == 2:  # a third of the communes have not collected any opinion yet
            continue
        for n in range(1 + index % 4):
            sent = timezone.now() - datetime.timedelta(days=5 + 23 * n + index)
            rows.append(
                ResidentFeedback(
                    commune=commune,
                    rating=3 + (index + n) % 3,
                    comment=COMMENTS[(index + n) % len(COMMENTS)],
                    created_at=sent,
                    language="vi",
                    voter_key=hashlib.sha256(f"demo-{index}-{n}".encode()).hexdigest(),
                )
            )
    ResidentFeedback.objects.bulk_create(rows)
