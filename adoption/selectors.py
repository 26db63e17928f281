"""The lists behind the dashboard's numbers, for the drill-down pages.

Each selector is one query (plus a fixed number of prefetches) whatever the number of rows, and
reuses the counting rules of ``adoption.indicators`` so a list always explains its figure."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from cooperatives.models import Cooperative
from regions.models import AdministrativeUnit, Layout, Level, Succession
from valuechains.models import DigitalTechnologyAdoption, LinkageModel

from .activity import SalesCell
from .indicators import (
    UnitFacts,
    contract_deliveries,
    counted_linkage_models,
    on_sale_stockrecords,
    online_cooperatives,
    with_area_and_technology,
)

StockRecord = get_model("partner", "StockRecord")


# --- Units, by the codes in the URLs ------------------------------------------------------------


def district_by_code(code: str):
    return AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, level=Level.DISTRICT, code=code).first()


def commune_by_code(code: str):
    return (
        AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, code=code)
        .exclude(level__in=[Level.CITY, Level.DISTRICT])
        .select_related("parent")
        .first()
    )


def unit_2025_by_code(code: str):
    return AdministrativeUnit.objects.filter(layout=Layout.FROM_2025, code=code).exclude(level=Level.CITY).first()


def successors_of(commune) -> list[Succession]:
    """The 2025 unit(s) an old commune went into."""
    return list(Succession.objects.filter(old_unit=commune).select_related("new_unit").order_by("new_unit__name"))


def predecessors_of(unit_2025) -> list[Succession]:
    """The old communes behind a 2025 unit, each marked whole or partial."""
    return list(
        Succession.objects.filter(new_unit=unit_2025, old_unit__layout=Layout.BEFORE_2025)
        .select_related("old_unit", "old_unit__parent")
        .order_by("old_unit__parent__name", "old_unit__name")
    )


# --- Cooperatives, and why each counts or not ----------------------------------------------------

NOT_VERIFIED = _("not verified yet")
SUSPENDED = _("suspended")
NOTHING_LISTED = _("no product listed")
NOTHING_ON_SALE = _("no product in stock or on sale")
SELLING = _("counts: verified and selling")
OUTSIDE_PROGRAMME = _("sells, but the commune is not in the new-rural programme")


def why_counted(cooperative) -> str:
    """The rule of ``indicators.online_cooperatives`` in words, for one annotated cooperative."""
    if cooperative.status == Cooperative.Status.APPLIED:
        return NOT_VERIFIED
    if cooperative.status == Cooperative.Status.SUSPENDED:
        return SUSPENDED
    if not cooperative.is_online:
        return NOTHING_ON_SALE if cooperative.has_listing else NOTHING_LISTED
    if not cooperative.commune.in_new_rural_programme:
        return OUTSIDE_PROGRAMME
    return SELLING


def cooperatives_in(**filters):
    """Cooperatives (``filters`` say where), with online yes/no and products on sale; ``explain`` adds why."""
    products_on_sale = (
        on_sale_stockrecords()
        .filter(partner=OuterRef("partner"))
        .values("partner")
        .annotate(n=Count("product", distinct=True))
        .values("n")
    )
    return (
        Cooperative.objects.filter(**filters)
        .select_related("commune", "commune__parent")
        .annotate(
            is_online=Exists(online_cooperatives().filter(pk=OuterRef("pk"))),
            has_listing=Exists(StockRecord.objects.filter(partner=OuterRef("partner"))),
            products_on_sale=Coalesce(Subquery(products_on_sale, output_field=IntegerField()), Value(0)),
        )
        .order_by("commune__name", "name", "pk")
    )


def explain(cooperatives) -> list[Cooperative]:
    """The cooperatives of one page, each with ``why`` it counts or not."""
    cooperatives = list(cooperatives)
    for cooperative in cooperatives:
        cooperative.why = why_counted(cooperative)
    return cooperatives


# --- Linkage models ------------------------------------------------------------------------------


def _with_details(linkage_models, today: datetime.date, days: int):
    """With area, technologies applied and the deliveries in the evidence window (``recent_deliveries``,
    newest first): the deliveries behind each count."""
    applied = DigitalTechnologyAdoption.objects.filter(started_on__lte=today).order_by("technology")
    deliveries = (
        contract_deliveries(today, days)
        .select_related("delivery_site__organisation", "order")
        .order_by("-delivered_at", "-pk")
    )
    return (
        with_area_and_technology(linkage_models, today)
        .select_related("lead_cooperative", "lead_cooperative__commune", "key_product", "key_product__parent")
        .prefetch_related(
            Prefetch("technologies", queryset=applied, to_attr="applied_technologies"),
            Prefetch("standing_orders", queryset=deliveries, to_attr="recent_deliveries"),
        )
        .order_by("name", "pk")
    )


def active_linkage_models_in_district(district, today: datetime.date, days: int):
    """The counted linkage models whose lead cooperative is in the district (what the district's figure counts)."""
    models = counted_linkage_models(today, days).filter(lead_cooperative__commune__parent=district)
    return _with_details(models, today, days)


def linkage_models_led_in(commune, today: datetime.date, days: int) -> list[LinkageModel]:
    """Every linkage model led from the commune, each marked whether it counts and, if not, why."""
    models = LinkageModel.objects.filter(lead_cooperative__commune=commune).annotate(
        counts=Exists(counted_linkage_models(today, days).filter(pk=OuterRef("pk"))),
        has_evidence=Exists(contract_deliveries(today, days).filter(linkage_model=OuterRef("pk"))),
    )
    return _with_details(models.select_related("lead_cooperative__commune"), today, days)


LINKAGE_COUNTS = _("yes")
LINKAGE_NOT_ACTIVE = _("no: not active")
LINKAGE_NO_KEY_PRODUCT = _("no: no key product named")
LINKAGE_NOT_STARTED = _("no: the contract has not started")
LINKAGE_ENDED = _("no: the contract has ended")
LINKAGE_LEAD_NOT_VERIFIED = _("no: the lead cooperative is suspended or not verified")
LINKAGE_NO_DELIVERY = _("no: no delivery under the contract in the last %(days)s days")
LINKAGE_OUTSIDE_PROGRAMME = _("no: led from outside the programme's communes")


def why_linkage_counts(linkage, today: datetime.date, days: int) -> str:
    """The rule of ``indicators.counted_linkage_models`` in words, for one model annotated with ``counts``
    and ``has_evidence``."""
    if linkage.counts:
        return str(LINKAGE_COUNTS)
    lead = linkage.lead_cooperative
    for refused, reason in (
        (linkage.status != LinkageModel.Status.ACTIVE, LINKAGE_NOT_ACTIVE),
        (not linkage.key_product_id and not linkage.key_product_name, LINKAGE_NO_KEY_PRODUCT),
        (linkage.contract_start is not None and linkage.contract_start > today, LINKAGE_NOT_STARTED),
        (linkage.contract_end is not None and linkage.contract_end < today, LINKAGE_ENDED),
        (lead.status != Cooperative.Status.VERIFIED, LINKAGE_LEAD_NOT_VERIFIED),
        (not linkage.has_evidence, LINKAGE_NO_DELIVERY),
    ):
        if refused:
            return str(reason) % {"days": days} if reason is LINKAGE_NO_DELIVERY else str(reason)
    return str(LINKAGE_OUTSIDE_PROGRAMME)


def explain_linkages(linkage_models, today: datetime.date, days: int) -> list[LinkageModel]:
    """The linkage models of one page, each with ``why`` it counts or not."""
    linkage_models = list(linkage_models)
    for linkage in linkage_models:
        linkage.why = why_linkage_counts(linkage, today, days)
    return linkage_models


# --- Totals and sales ----------------------------------------------------------------------------


def total_of(rows) -> UnitFacts:
    total = UnitFacts()
    for row in rows:
        total.add(row)
    return total


@dataclass
class SalesRow:
    month: datetime.date | None  # None on the totals row
    cells: list  # a SalesCell per column
    total: SalesCell


def _add(into: SalesCell, cell: SalesCell) -> None:
    into.orders += cell.orders
    into.sales += cell.sales


def sales_rows(months: list, table: dict, districts: list) -> tuple[list, list, SalesRow]:
    """Rows per month (newest first) with a cell per district, and a totals row.

    ``table`` is ``activity.sales_by_district_and_month``'s. Cooperatives outside ``districts`` share
    one last column (``None``), shown only when they sold something, so every total still adds up."""
    ids = [district.pk for district in districts]
    others = [key for key in table if key not in ids]
    columns = list(districts) + ([None] if others else [])
    rows = []
    totals = SalesRow(None, [SalesCell() for _ in columns], SalesCell())
    for month in reversed(months):
        cells = [table.get(district_id, {}).get(month, SalesCell()) for district_id in ids]
        if others:
            elsewhere = SalesCell()
            for key in others:
                _add(elsewhere, table[key].get(month, SalesCell()))
            cells.append(elsewhere)
        row = SalesRow(month, cells, SalesCell())
        for i, cell in enumerate(cells):
            _add(row.total, cell)
            _add(totals.cells[i], cell)
        _add(totals.total, row.total)
        rows.append(row)
    return columns, rows, totals
