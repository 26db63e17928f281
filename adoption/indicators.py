"""How the plan's indicators are counted, from the platform's own data.

Everything is read in a fixed handful of aggregate queries (``AdoptionFacts``), whatever the number
of cooperatives, so the dashboard, the exports and the API share one set of figures. The rules:

- a cooperative is *online* when it is verified (not applied, not suspended) and sells at least one
  public product with a price and stock left (or untracked stock); out-of-stock products do not count;
- a linkage model is *active* when its status is active, its contract has started (or has no start
  date) and has not ended, it names a key product, its lead cooperative is verified (a suspended
  cooperative's models do not count) and its contract had a delivery in the evidence window: a
  standing order placed whose order has a part delivered in the last N days (N, 90 unless revised, is
  ``IndicatorSettings.linkage_evidence_days``; a delivery N days before ``today`` is inside). A model
  recorded without deliveries does not count: the indicators count trade, not what was typed. An ended
  contract stops counting the day after its end even with deliveries inside the window: they show past
  trade, not a linkage still in place;
- a linkage model is *counted* in the commune (and district) of its lead cooperative, and only when
  that is one of the programme's communes: the technology card, the districts indicator and the
  tables by place all count these same models (a model led from a township counts nowhere);
- the feedback indicator's units are the programme's communes in the 2025 layout: the 2025 communes
  that took in a programme commune (24); wards that took a piece of one are not counted;
- the training indicators' rules are ``training.figures``': a verified cooperative counts in its commune when a
  staff member it sent attended a course for cooperative staff; officials count at their workplace, by place
  in adoption.officials;
- the plan's units are the communes and districts before 1 July 2025; the 2025 layout regroups the
  same communes through the imported succession table, and a commune split between two new units is
  reported on a row of its own, so the totals of both layouts agree.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog import availability
from contracts.selectors import deliveries_between
from cooperatives.models import Cooperative
from regions.models import AdministrativeUnit, Layout, Level, Succession
from training import figures as training_figures
from valuechains.models import DigitalTechnologyAdoption, LinkageModel

from .models import Indicator, IndicatorSettings

StockRecord = get_model("partner", "StockRecord")

FEEDBACK_WINDOW_DAYS = 365

# Formatted with the evidence window's days (``linkage_rule``).
LINKAGE_RULE = _(
    "A linkage model counts while its status is active, its contract has started and not ended and had a delivery "
    "under its contract in the last %(days)s days, it names a key product and its lead cooperative is verified "
    "(not suspended); it counts in its lead cooperative's commune, and only if that is one of the programme's "
    "communes, the same rule as the table by place."
)
# What each card counts beyond its labels, stated on the dashboard beside the figure (the rules are coded here).
COUNTING_RULES = {
    "districts_with_linkage_model": LINKAGE_RULE,
    "linkages_with_digital_technology": LINKAGE_RULE,
    "communes_collecting_feedback": _(
        "The programme's units are communes: in the 2025 layout, the communes that took in (wholly or in part) a "
        "programme commune; wards are not counted, and the feedback form does not offer them."
    ),
    "cooperatives_with_trained_staff": _(
        "Verified cooperatives (not suspended) of the rural communes; one counts when a staff member it registered "
        "was marked present at a session of a course for cooperative staff. It counts in its own commune."
    ),
    "officials_trained": _(
        "Officials registered (not cancelled, waiting list included) for a session this calendar year of a course "
        "for commune or district officials; trained: marked present at such a session. Each person counts once, "
        "at their workplace as the officers recorded it; officials without a recorded workplace count in the city "
        "total only."
    ),
}


def counting_rule(code: str, evidence_days: int) -> str | None:
    """The rule stated on an indicator's card, with the evidence window's days where it has them."""
    rule = COUNTING_RULES.get(code)
    if rule is None:
        return None
    return str(rule) % {"days": evidence_days} if rule is LINKAGE_RULE else str(rule)


def evidence_days() -> int:
    """How many last days a linkage model's contract must have had a delivery in (data, like the targets)."""
    return IndicatorSettings.current().linkage_evidence_days


# --- The rules, as querysets (the drill-down pages reuse them) ------------------------------------


def on_sale_stockrecords():
    """Stock records a buyer can order from: the shop's "can be bought" (catalog/availability.py)."""
    return StockRecord.objects.filter(availability.can_be_bought_stockrecord())


def online_cooperatives():
    # The cooperative's status is already in the rule; the outer filter only narrows the scan.
    selling = on_sale_stockrecords().filter(partner=OuterRef("partner"))
    return Cooperative.objects.filter(status=Cooperative.Status.VERIFIED).filter(Exists(selling))


def contract_deliveries(today: datetime.date, days: int):
    """The contracts' deliveries the indicators count on ``today``: those of the last ``days`` days."""
    return deliveries_between(today - datetime.timedelta(days=days), today)


def active_linkage_models(today: datetime.date, days: int):
    """Active status, a key product, a contract running on ``today`` with a delivery in the last ``days``
    days, a verified lead cooperative."""
    has_key_product = Q(key_product__isnull=False) | ~Q(key_product_name="")
    delivered = contract_deliveries(today, days).filter(linkage_model=OuterRef("pk"))
    return (
        LinkageModel.objects.filter(status=LinkageModel.Status.ACTIVE)
        .filter(has_key_product, lead_cooperative__status=Cooperative.Status.VERIFIED)
        .exclude(contract_start__gt=today)
        .exclude(contract_end__lt=today)
        .filter(Exists(delivered))
    )


def counted_linkage_models(today: datetime.date, days: int):
    """The active models the indicators count: those led from one of the programme's communes."""
    return active_linkage_models(today, days).filter(
        lead_cooperative__commune__in=AdministrativeUnit.objects.programme_communes()
    )


def with_area_and_technology(linkage_models, today: datetime.date):
    applied = DigitalTechnologyAdoption.objects.filter(linkage_model=OuterRef("pk"), started_on__lte=today)
    area = LinkageModel.areas.through.objects.filter(linkagemodel=OuterRef("pk"))
    return linkage_models.annotate(has_area=Exists(area), has_technology=Exists(applied))


# --- Figures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        return None if self.value is None else round(self.value * 100, 1)


@dataclass
class UnitFacts:
    """What the indicators count in one unit (a commune, a district, a 2025 unit, or the whole city)."""

    unit: AdministrativeUnit | None = None
    programme_communes: int = 0
    communes_online: int = 0
    cooperatives: int = 0
    verified: int = 0
    online: int = 0
    suspended: int = 0
    linkages: int = 0
    linkages_with_area: int = 0
    linkages_with_technology: int = 0
    trained: int = 0  # verified cooperatives with a staff member trained (training.figures)
    # 2025 layout only: the old communes behind this row, and the new units a split commune went to.
    predecessors: list = field(default_factory=list)
    split_between: list = field(default_factory=list)

    def add(self, other: "UnitFacts") -> None:
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def commune_figure(self) -> Figure:
        return Figure(self.communes_online, self.programme_communes)

    @property
    def technology_figure(self) -> Figure:
        return Figure(self.linkages_with_technology, self.linkages_with_area)

    @property
    def trained_figure(self) -> Figure:
        return Figure(self.trained, self.verified)

    def as_row(self) -> dict:
        return {name: getattr(self, name) for name in COUNTED}


COUNTED = (
    "programme_communes",
    "communes_online",
    "cooperatives",
    "verified",
    "online",
    "suspended",
    "linkages",
    "linkages_with_area",
    "linkages_with_technology",
    "trained",
)


@dataclass(frozen=True)
class IndicatorFigure:
    indicator: Indicator
    figure: Figure

    @property
    def on_track(self) -> bool:
        return self.figure.value is not None and self.figure.value >= float(self.indicator.target)

    @property
    def progress(self) -> float | None:
        """How far along the target (1.0 = reached), for progress bars."""
        target = float(self.indicator.target)
        if self.figure.value is None:
            return None
        if not target:
            return 1.0
        return min(self.figure.value / target, 1.0)

    def as_api_dict(self) -> dict:
        return {
            "code": self.indicator.code,
            "name": self.indicator.name,
            "numerator": self.figure.numerator,
            "denominator": self.figure.denominator,
            "value": self.figure.value,
            "target": float(self.indicator.target),
            "deadline": self.indicator.deadline.isoformat(),
        }


class AdoptionFacts:
    """The city's figures on ``today``, by commune and district in both layouts."""

    def __init__(self, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.evidence_days = evidence_days()
        units = list(
            AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, level__in=[Level.DISTRICT, Level.COMMUNE])
            .select_related("parent")
            .order_by("name")
        )
        self.districts_by_id = {u.pk: u for u in units if u.level == Level.DISTRICT}
        self.communes = {u.pk: UnitFacts(unit=u) for u in units if u.level == Level.COMMUNE and u.is_rural}
        for facts in self.communes.values():
            facts.programme_communes = int(facts.unit.in_new_rural_programme)
        self._count_cooperatives()
        self._count_linkages()
        self._count_training()
        for facts in self.communes.values():
            facts.communes_online = int(facts.unit.in_new_rural_programme and facts.online > 0)

    def _count_cooperatives(self):
        rows = Cooperative.objects.values("commune_id", "status").annotate(n=Count("pk")).order_by()
        for row in rows:
            facts = self.communes.get(row["commune_id"])
            if facts is None:
                continue
            facts.cooperatives += row["n"]
            if row["status"] == Cooperative.Status.VERIFIED:
                facts.verified += row["n"]
            elif row["status"] == Cooperative.Status.SUSPENDED:
                facts.suspended += row["n"]
        online = online_cooperatives().values("commune_id").annotate(n=Count("pk")).order_by()
        for row in online:
            if row["commune_id"] in self.communes:
                self.communes[row["commune_id"]].online = row["n"]

    def _count_linkages(self):
        linkages = with_area_and_technology(counted_linkage_models(self.today, self.evidence_days), self.today)
        rows = (
            linkages.values("lead_cooperative__commune_id", "has_area", "has_technology")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            facts = self.communes.get(row["lead_cooperative__commune_id"])
            if facts is None:
                continue
            facts.linkages += row["n"]
            if row["has_area"]:
                facts.linkages_with_area += row["n"]
                if row["has_technology"]:
                    facts.linkages_with_technology += row["n"]

    def _count_training(self):
        for commune_id, n in training_figures.trained_by_commune(self.today).items():
            if commune_id in self.communes:
                self.communes[commune_id].trained = n

    def officials_figure(self) -> Figure:
        """The whole city's (training.figures), unrecorded workplaces included; by place: adoption.officials."""
        return Figure(*training_figures.officials_counts(self.today))

    # --- Before 2025: districts and their communes ---

    def by_district(self) -> list[UnitFacts]:
        districts = {}
        for facts in self.communes.values():
            district_id = facts.unit.parent_id
            if district_id not in districts:
                districts[district_id] = UnitFacts(unit=self.districts_by_id.get(district_id))
            districts[district_id].add(facts)
        return sorted(districts.values(), key=lambda f: f.unit.name if f.unit else "")

    def communes_of(self, district) -> list[UnitFacts]:
        return [f for f in self.communes.values() if f.unit.parent_id == district.pk]

    def programme_districts(self) -> list[UnitFacts]:
        return [d for d in self.by_district() if d.programme_communes > 0]

    def total(self) -> UnitFacts:
        total = UnitFacts()
        for facts in self.communes.values():
            total.add(facts)
        return total

    # --- From 2025: the same communes regrouped ---

    def by_unit_2025(self) -> tuple[list[UnitFacts], list[UnitFacts]]:
        """Rows per 2025 unit (old communes wholly in it) and rows per old commune split between units."""
        successions = Succession.objects.filter(old_unit_id__in=self.communes.keys()).select_related("new_unit")
        new_units_of: dict[int, list] = {}
        partly_moved = set()
        for succession in successions:
            new_units_of.setdefault(succession.old_unit_id, []).append(succession.new_unit)
            if succession.share == Succession.Share.PARTIAL:
                partly_moved.add(succession.old_unit_id)
        rows: dict[int, UnitFacts] = {}
        split_rows = []
        unmapped = []
        for old_id, facts in self.communes.items():
            new_units = new_units_of.get(old_id, [])
            if len(new_units) == 1 and old_id not in partly_moved:
                row = rows.setdefault(new_units[0].pk, UnitFacts(unit=new_units[0]))
                row.add(facts)
                row.predecessors.append(facts.unit)
            else:
                split = UnitFacts(unit=facts.unit, split_between=sorted(new_units, key=lambda u: u.name))
                split.add(facts)
                (split_rows if new_units else unmapped).append(split)
        # A commune missing from the mapping is shown the same way as a split one: stated, not assigned.
        return sorted(rows.values(), key=lambda f: f.unit.name), sorted(
            split_rows + unmapped, key=lambda f: f.unit.name
        )

    # --- The indicators ---

    def figures(self) -> dict[str, Figure]:
        total = self.total()
        districts = self.programme_districts()
        return {
            "communes_with_online_cooperative": total.commune_figure,
            "districts_with_linkage_model": Figure(sum(1 for d in districts if d.linkages > 0), len(districts)),
            "linkages_with_digital_technology": self._technology_figure(),
            "communes_collecting_feedback": communes_collecting_feedback(self.today),
            "cooperatives_with_trained_staff": total.trained_figure,
            "officials_trained": self.officials_figure(),
        }

    def _technology_figure(self) -> Figure:
        # The same models as the tables by place: the total row's, so the card and the table agree.
        total = self.total()
        return Figure(total.linkages_with_technology, total.linkages_with_area)

    def indicator_figures(self) -> list[IndicatorFigure]:
        figures = self.figures()
        return [
            IndicatorFigure(indicator, figures[indicator.code])
            for indicator in Indicator.objects.all()
            if indicator.code in figures
        ]


def communes_collecting_feedback(today: datetime.date) -> Figure:
    """The programme's 2025 communes (wards left out) where residents gave feedback online lately."""
    from feedback.models import ResidentFeedback

    offered = AdministrativeUnit.objects.programme_communes_2025().values("pk")
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=FEEDBACK_WINDOW_DAYS), datetime.time())
    )
    collecting = (
        ResidentFeedback.objects.filter(commune_id__in=offered, created_at__gte=since)
        .values("commune_id")
        .distinct()
        .count()
    )
    return Figure(collecting, offered.count())
