"""Standing orders, planned: one row per contract, delivery day and site, for the days ahead.

Each contract version in force (accepted, with a buyer) delivers on its weekdays, between its start and
end, to each of its active sites; a delivery brings its share of the period's volume (contracts/
quantities.py). Planning is idempotent: an existing row is left as it is (the buyer may have changed its
quantities), except an open row planned under a version no longer in force, which follows the new
terms, or is skipped when they no longer deliver that day. Placing is contracts/placing.py.
"""

import datetime
import zoneinfo
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organisations.models import Membership

from .models import ContractVersion, StandingOrder, StandingOrderLine
from .quantities import delivery_days, period_of, sale_step, share_of_period

State = ContractVersion.State
Status = StandingOrder.Status
# How far ahead the nightly planning looks: buyers see (and may change) two weeks of deliveries.
PLANNING_DAYS = 14


def cutoff_for(version, day: datetime.date) -> datetime.datetime:
    """When changes to the delivery of ``day`` close: ``cutoff_days`` before it, at ``cutoff_time``, Vietnam time."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day - datetime.timedelta(days=version.cutoff_days), version.cutoff_time, zone)


def delivers_on(version, site_id: int, day: datetime.date) -> bool:
    """Whether ``version`` has a delivery to site ``site_id`` on ``day``. Reads the prefetched sites."""
    return (
        day.weekday() in version.delivery_weekdays
        and (version.start is None or version.start <= day)
        and (version.end is None or day <= version.end)
        and any(site.pk == site_id and site.is_active for site in version.delivery_sites.all())
    )


class _Shares:
    """Each line's quantity for a day, with the period's delivery days worked out once per period."""

    def __init__(self, version):
        self.version = version
        self.periods = {}

    def days_of(self, day):
        bounds = period_of(day, self.version.period)
        if bounds not in self.periods:
            first = max(bounds[0], self.version.start or bounds[0])
            last = min(bounds[1], self.version.end or bounds[1])
            self.periods[bounds] = delivery_days(self.version.delivery_weekdays, first, last)
        return self.periods[bounds]

    def lines_for(self, row, day):
        days = self.days_of(day)
        return [
            StandingOrderLine(
                standing_order=row,
                contract_line=line,
                quantity=share_of_period(line.volume, sale_step(line.product, line.volume_unit), days, day),
            )
            for line in self.version.lines.all()
        ]


def _versions_in_force(first, last):
    return (
        ContractVersion.objects.filter(state=State.ACCEPTED, organisation__isnull=False)
        .exclude(end__lt=first)
        .exclude(start__gt=last)
        .prefetch_related("lines__product", "delivery_sites")
    )


@transaction.atomic
def standing_orders_replan_changed(today) -> int:
    """Open rows from ``today`` on whose version is no longer in force: the version in force's terms, or
    skipped when it does not deliver that day there."""
    stale = list(
        StandingOrder.objects.select_for_update()
        .filter(status=Status.PLANNED, delivery_date__gte=today)
        .exclude(version__state=State.ACCEPTED)
    )
    if not stale:
        return 0
    in_force = {
        version.linkage_model_id: version
        for version in ContractVersion.objects.filter(
            state=State.ACCEPTED, linkage_model_id__in={row.linkage_model_id for row in stale}
        ).prefetch_related("lines__product", "delivery_sites")
    }
    shares = {}
    for row in stale:
        version = in_force.get(row.linkage_model_id)
        row.lines.all().delete()
        if version is None or not delivers_on(version, row.delivery_site_id, row.delivery_date):
            row.status = Status.SKIPPED
            row.note = _("The contract changed: no delivery that day.")
            row.save(update_fields=["status", "note"])
            continue
        row.version = version
        row.cutoff_at = cutoff_for(version, row.delivery_date)
        row.save(update_fields=["version", "cutoff_at"])
        share = shares.setdefault(version.pk, _Shares(version))
        StandingOrderLine.objects.bulk_create(share.lines_for(row, row.delivery_date))
    return len(stale)


def standing_orders_plan(*, today: datetime.date | None = None, days: int = PLANNING_DAYS) -> int:
    """Plan the deliveries of the ``days`` from ``today`` on; returns how many rows were made."""
    today = today or timezone.localdate()
    last = today + datetime.timedelta(days=days - 1)
    standing_orders_replan_changed(today)
    made = 0
    for version in _versions_in_force(today, last).iterator(chunk_size=200):
        made += _plan_version(version, today, last)
    return made


def standing_orders_plan_contract(*, version, first: datetime.date, last: datetime.date) -> int:
    """Plan one version's deliveries from ``first`` to ``last``, as the nightly planning would have (the
    demo data replays a contract's past with it)."""
    return _plan_version(version, first, last)


@transaction.atomic
def _plan_version(version, today, last) -> int:
    first = max(today, version.start or today)
    end = min(last, version.end or last)
    sites = [site for site in version.delivery_sites.all() if site.is_active]
    days = delivery_days(version.delivery_weekdays, first, end)
    if not (sites and days):
        return 0
    existing = set(
        StandingOrder.objects.filter(
            linkage_model_id=version.linkage_model_id, delivery_date__range=(first, end)
        ).values_list("delivery_date", "delivery_site_id")
    )
    rows = [
        StandingOrder(
            linkage_model_id=version.linkage_model_id,
            version=version,
            delivery_date=day,
            delivery_site=site,
            cutoff_at=cutoff_for(version, day),
        )
        for day in days
        for site in sites
        if (day, site.pk) not in existing
    ]
    # Two planners at once: the unique row makes the second fail (and roll back), never plan twice.
    StandingOrder.objects.bulk_create(rows, batch_size=1000)
    shares = _Shares(version)
    StandingOrderLine.objects.bulk_create(
        [line for row in rows for line in shares.lines_for(row, row.delivery_date)], batch_size=2000
    )
    return len(rows)


# --- The buyer's view and changes ------------------------------------------------------------------------


def upcoming_of(linkage_model, *, today=None, limit=30):
    """The contract's next ``limit`` deliveries from ``today`` on, with their lines and products: two queries."""
    today = today or timezone.localdate()
    return (
        StandingOrder.objects.filter(linkage_model=linkage_model, delivery_date__gte=today)
        .select_related("delivery_site", "order")
        .prefetch_related(
            Prefetch(
                "lines", queryset=StandingOrderLine.objects.select_related("contract_line__product").order_by("pk")
            )
        )
        .order_by("delivery_date", "delivery_site__name", "pk")[:limit]
    )


def parse_quantity(text: str) -> Decimal:
    """A quantity as a Vietnamese buyer types it ("12,5" or "12.5"); ValidationError when it is not one."""
    try:
        quantity = Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation:
        quantity = None
    if quantity is None or not quantity.is_finite() or quantity < 0 or quantity >= Decimal("1e10"):
        raise ValidationError(_("Enter a quantity of 0 or more, such as 12,5."), code="quantity")
    return quantity.quantize(Decimal("0.01"))


@transaction.atomic
def standing_order_change(*, standing_order, by, quantities: dict, now=None) -> StandingOrder:
    """A member who places orders sets the quantities of a planned delivery (line id → quantity), until
    its cut-off. Locked, so that placing either sees the change or has already claimed the row."""
    now = now or timezone.now()
    row = StandingOrder.objects.select_for_update().select_related("version").get(pk=standing_order.pk)
    if not Membership.objects.filter(organisation_id=row.version.organisation_id, user=by, can_order=True).exists():
        raise PermissionDenied
    if row.status != Status.PLANNED or now >= row.cutoff_at:
        raise ValidationError(
            _("The deadline for changing quantities has passed (%(cutoff)s): this delivery goes as planned.")
            % {"cutoff": date_format(timezone.localtime(row.cutoff_at), "SHORT_DATETIME_FORMAT")},
            code="closed",
        )
    lines = {line.pk: line for line in row.lines.all()}
    for line_id, quantity in quantities.items():
        line = lines.get(line_id)
        if line is None:
            raise ValidationError(_("This line is not part of the delivery."), code="line")
        line.quantity = quantity
        line.full_clean(exclude=["standing_order", "contract_line", "order_line"])
        line.save(update_fields=["quantity"])
    row.changed_by = by
    row.save(update_fields=["changed_by"])
    return row
