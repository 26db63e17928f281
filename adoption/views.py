"""The department's dashboard and its drill-down pages: officers only, a fixed number of queries each."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import officer_required
from feedback.selectors import feedback_summary
from training import figures as training_figures

from . import activity, selectors, tilemap
from .charts import Point, render_chart, trend_chart
from .indicators import AdoptionFacts, IndicatorFigure, UnitFacts, counting_rule
from .officials import OfficialsByPlace, units_of_district
from .snapshots import snapshot_series

TREND_DAYS = 365
FEEDBACK_DAYS = 90
LAYOUT_2025 = "2025"
EXPORT_TABLES = [
    ("indicators", gettext_lazy("Indicators")),
    ("districts", gettext_lazy("By district (before 2025)")),
    ("communes", gettext_lazy("By commune (before 2025)")),
    ("communes-2025", gettext_lazy("By 2025 unit")),
    ("sales", gettext_lazy("Orders and sales by district and month")),
    ("officials", gettext_lazy("Officials trained, by district (before 2025)")),
    ("officials-2025", gettext_lazy("Officials trained, by 2025 unit")),
    ("officials-names", gettext_lazy("Officials registered this year, by name")),
]


@dataclass(frozen=True)
class IndicatorCard:
    item: IndicatorFigure
    chart: str  # rendered SVG
    today: datetime.date
    evidence_days: int

    @property
    def deadline_passed(self) -> bool:
        return self.item.indicator.deadline < self.today

    @property
    def rule(self) -> str | None:
        """What the card counts beyond its labels (``indicators.COUNTING_RULES``)."""
        return counting_rule(self.item.indicator.code, self.evidence_days)

    @property
    def target_percent(self) -> float:
        return float(self.item.indicator.target) * 100

    @property
    def progress_percent(self) -> float | None:
        return None if self.item.progress is None else self.item.progress * 100


def _cards(facts: AdoptionFacts) -> list[IndicatorCard]:
    series = snapshot_series(facts.today - datetime.timedelta(days=TREND_DAYS), facts.today)
    cards = []
    for item in facts.indicator_figures():
        snapshots = series.get(item.indicator.code, [])
        points = [Point(s.day, s.value) for s in snapshots if s.value is not None]
        chart = trend_chart(points, title=item.indicator.name, target=float(item.indicator.target))
        cards.append(IndicatorCard(item, render_chart(chart), facts.today, facts.evidence_days))
    return cards


@officer_required
def dashboard(request):
    today = timezone.localdate()
    facts = AdoptionFacts(today)
    layout = LAYOUT_2025 if request.GET.get("layout") == LAYOUT_2025 else "before-2025"
    context = {"as_of": today, "layout": layout, "cards": _cards(facts), "total": facts.total()}
    officials = OfficialsByPlace(today)
    context["officials"] = officials.by_unit_2025() if layout == LAYOUT_2025 else officials.by_district()
    if layout == LAYOUT_2025:
        rows, split_rows = facts.by_unit_2025()
        layout_total = selectors.total_of(rows + split_rows)
        context.update(
            unit_rows=rows,
            split_rows=split_rows,
            layout_total=layout_total,
            totals_agree=layout_total.as_row() == context["total"].as_row(),
            tile_map=tilemap.units_2025(rows, split_rows),
        )
    else:
        context.update(district_rows=facts.by_district(), tile_map=tilemap.communes_by_district(facts))
    months, table = activity.sales_by_district_and_month(today)
    columns, sales, sales_total = selectors.sales_rows(months, table, [d.unit for d in facts.by_district()])
    context.update(
        funnel=activity.onboarding_funnel(today),
        median_days=activity.median_days_to_verification(),
        active_buyers=activity.active_buyers(today),
        active_buyer_days=activity.RECENT_ORDER_DAYS,
        sales_columns=columns,
        sales_rows=sales,
        sales_total=sales_total,
        feedback_summary=feedback_summary(since=today - datetime.timedelta(days=FEEDBACK_DAYS), until=today),
        export_tables=EXPORT_TABLES,
    )
    return render(request, "adoption/dashboard.html", context)


PER_PAGE = 50


def _page(request, items, parameter: str):
    """One page of a long list (a district has hundreds of cooperatives), keeping the other lists' pages."""
    return Paginator(items, PER_PAGE).get_page(request.GET.get(parameter))


def _row_of(rows: list[UnitFacts], unit) -> UnitFacts:
    return next((row for row in rows if row.unit and row.unit.pk == unit.pk), UnitFacts(unit=unit))


def _lists(request, cooperatives, linkage_models=None, *, explain_linkages_on=None, evidence_days=None) -> dict:
    """Pages of cooperatives and linkage models; ``explain_linkages_on`` (a day) says why each model counts."""
    page = _page(request, cooperatives, "page")
    lists = {"cooperatives_page": page, "cooperatives": selectors.explain(page.object_list)}
    if linkage_models is not None:
        linkage_page = _page(request, linkage_models, "models_page")
        rows = list(linkage_page.object_list)
        if explain_linkages_on is not None:
            rows = selectors.explain_linkages(rows, explain_linkages_on, evidence_days)
        lists.update(linkage_models_page=linkage_page, linkage_models=rows, evidence_days=evidence_days)
    return lists


@officer_required
def district(request, code):
    district = selectors.district_by_code(code)
    if district is None:
        raise Http404(_("No district with this code."))
    today = timezone.localdate()
    facts = AdoptionFacts(today)
    context = {
        "as_of": today,
        "district": district,
        "row": _row_of(facts.by_district(), district),
        "communes": sorted(facts.communes_of(district), key=lambda f: f.unit.name),
        "officials_figure": OfficialsByPlace(today).in_district(district),
        "officials_query": f"district={district.code}",
    }
    context.update(
        _lists(
            request,
            selectors.cooperatives_in(commune__parent=district),
            selectors.active_linkage_models_in_district(district, today, facts.evidence_days),
            evidence_days=facts.evidence_days,
        )
    )
    return render(request, "adoption/district.html", context)


@officer_required
def commune(request, code):
    commune = selectors.commune_by_code(code)
    if commune is None:
        raise Http404(_("No commune with this code."))
    today = timezone.localdate()
    facts = AdoptionFacts(today)
    context = {
        "as_of": today,
        "commune": commune,
        "row": facts.communes.get(commune.pk),  # None: not a rural commune, so not counted
        "successions": selectors.successors_of(commune),
        "trained_staff": training_figures.trained_staff_in(commune, today),
        "officials_figure": OfficialsByPlace(today).in_commune(commune),
        "officials_query": f"commune={commune.code}",
    }
    context.update(
        _lists(
            request,
            selectors.cooperatives_in(commune=commune),
            selectors.linkage_models_led_in(commune, today, facts.evidence_days),
            explain_linkages_on=today,
            evidence_days=facts.evidence_days,
        )
    )
    return render(request, "adoption/commune.html", context)


@officer_required
def officials(request):
    """The officials behind the officials' indicator, by name: trained or not, course and date; the whole
    city, or those working in one district (its communes included) or one commune."""
    today = timezone.localdate()
    place, units = None, None
    if "district" in request.GET:
        place = selectors.district_by_code(request.GET["district"])
        units = units_of_district(place) if place else None
    elif "commune" in request.GET:
        place = selectors.commune_by_code(request.GET["commune"])
        units = [place.pk] if place else None
    if units is None and place is None and request.GET.keys() & {"district", "commune"}:
        raise Http404(_("No unit with this code."))
    page = _page(request, training_figures.officials_in(today, units=units), "page")
    query = f"{'district' if place and place.level == 'district' else 'commune'}={place.code}&" if place else ""
    context = {"as_of": today, "place": place, "page": page, "registrations": page.object_list, "query": query}
    return render(request, "adoption/officials.html", context)


@officer_required
def unit_2025(request, code):
    unit = selectors.unit_2025_by_code(code)
    if unit is None:
        raise Http404(_("No 2025 unit with this code."))
    today = timezone.localdate()
    rows, split_rows = AdoptionFacts(today).by_unit_2025()
    successions = selectors.predecessors_of(unit)
    # Counted on the split commune's own row, as AdoptionFacts.by_unit_2025 does, not in this unit's.
    split_ids = {row.unit.pk for row in split_rows}
    lists = _lists(request, selectors.cooperatives_in(commune__in=[s.old_unit_id for s in successions]))
    for cooperative in lists["cooperatives"]:
        cooperative.from_split_commune = cooperative.commune_id in split_ids
    context = {
        "as_of": today,
        "unit": unit,
        "row": _row_of(rows, unit),
        "split_rows": [row for row in split_rows if any(u.pk == unit.pk for u in row.split_between)],
        "successions": successions,
        **lists,
    }
    return render(request, "adoption/unit_2025.html", context)
