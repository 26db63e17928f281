"""The dashboard's tables for download: each builder returns (columns, rows), the views only serialise.

Rows hold plain values: ``int``, ``str``, ``datetime.date``, and shares as fractions between 0 and 1
in ``PERCENT`` columns (a CSV writes them as 75.0, a spreadsheet as a 75.0% cell). Headers follow
the active language; every builder runs a fixed number of queries whatever the amount of data."""

import datetime
import io
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.spreadsheets import csv_writer, sheet_append
from regions.models import AdministrativeUnit, Layout, Level
from training.figures import officials_in

from .activity import sales_by_district_and_month
from .indicators import AdoptionFacts, UnitFacts, counting_rule
from .officials import OfficialsByPlace, OfficialsRow

TEXT, INTEGER, PERCENT, DATE = "text", "integer", "percent", "date"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


# --- The counts behind every geographic table, in the order of UnitFacts.COUNTED ---

COUNT_HEADERS = (
    ("programme_communes", gettext_lazy("Programme communes")),
    ("communes_online", gettext_lazy("Programme communes with a cooperative selling online")),
    ("cooperatives", gettext_lazy("Cooperatives")),
    ("verified", gettext_lazy("Verified cooperatives")),
    ("online", gettext_lazy("Cooperatives selling online")),
    ("suspended", gettext_lazy("Suspended cooperatives")),
    ("linkages", gettext_lazy("Active linkage models")),
    ("linkages_with_area", gettext_lazy("Linkage models tied to a raw-material area")),
    ("linkages_with_technology", gettext_lazy("Linkage models with a raw-material area applying digital technology")),
    ("trained", gettext_lazy("Verified cooperatives with trained staff")),
)


def _count_columns() -> list[Column]:
    columns = [Column(str(label), INTEGER) for _name, label in COUNT_HEADERS]
    columns.insert(2, Column(_("Share of programme communes online (%)"), PERCENT))
    return columns


def _count_cells(facts: UnitFacts) -> list:
    cells = [getattr(facts, name) for name, _label in COUNT_HEADERS]
    cells.insert(2, _share(facts.communes_online, facts.programme_communes))
    return cells


# --- The tables ---


def indicators_table(today: datetime.date) -> tuple[list[Column], list[list]]:
    columns = [
        Column(_("Code")),
        Column(_("Indicator")),
        Column(_("Numerator"), INTEGER),
        Column(_("Denominator"), INTEGER),
        Column(_("Value (%)"), PERCENT),
        Column(_("Target (%)"), PERCENT),
        Column(_("Deadline"), DATE),
        Column(_("As of"), DATE),
        Column(_("Counting rule")),
    ]
    facts = AdoptionFacts(today)
    rows = [
        [
            item.indicator.code,
            item.indicator.name,
            item.figure.numerator,
            item.figure.denominator,
            item.figure.value,
            float(item.indicator.target),
            item.indicator.deadline,
            today,
            counting_rule(item.indicator.code, facts.evidence_days) or "",
        ]
        for item in facts.indicator_figures()
    ]
    return columns, rows


def districts_table(today: datetime.date) -> tuple[list[Column], list[list]]:
    facts = AdoptionFacts(today)
    columns = [Column(_("District (before 1 July 2025)")), *_count_columns()]
    rows = [[district.unit.name if district.unit else "", *_count_cells(district)] for district in facts.by_district()]
    rows.append([_("Total"), *_count_cells(facts.total())])
    return columns, rows


def communes_table(today: datetime.date, district_code: str | None = None) -> tuple[list[Column], list[list]]:
    """Every rural commune before 2025, or those of one district (its drill-down page exports these)."""
    facts = AdoptionFacts(today)
    columns = [
        Column(_("District (before 1 July 2025)")),
        Column(_("Commune (before 1 July 2025)")),
        Column(_("Code")),
        Column(_("In the new-rural programme")),
        *_count_columns(),
    ]
    communes = sorted(facts.communes.values(), key=lambda f: (f.unit.parent.name, f.unit.name))
    total = facts.total()
    if district_code is not None:
        communes = [f for f in communes if f.unit.parent.code == district_code]
        total = UnitFacts()
        for commune in communes:
            total.add(commune)
    rows = [
        [
            commune.unit.parent.name,
            commune.unit.name,
            commune.unit.code,
            _("yes") if commune.unit.in_new_rural_programme else _("no"),
            *_count_cells(commune),
        ]
        for commune in communes
    ]
    rows.append([_("Total"), "", "", "", *_count_cells(total)])
    return columns, rows


def _names(units) -> str:
    return ", ".join(unit.name for unit in units)


def communes_2025_table(today: datetime.date) -> tuple[list[Column], list[list]]:
    """2025 units with the old communes wholly in them; a commune split between units keeps a row of its own."""
    facts = AdoptionFacts(today)
    units, split = facts.by_unit_2025()
    columns = [
        Column(_("Unit (from 1 July 2025)")),
        Column(_("Code")),
        Column(_("Made of (before 1 July 2025)")),
        *_count_columns(),
    ]
    rows = [[row.unit.name, row.unit.code, _names(row.predecessors), *_count_cells(row)] for row in units]
    for row in split:
        if row.split_between:
            where = _("split between %(units)s") % {"units": _names(row.split_between)}
        else:
            where = _("not in the 2025 mapping")
        rows.append([where, "", row.unit.full_name, *_count_cells(row)])
    rows.append([_("Total"), "", "", *_count_cells(facts.total())])
    return columns, rows


def _officials_columns(place: str) -> list[Column]:
    return [
        Column(place),
        Column(_("Officials trained this year"), INTEGER),
        Column(_("Officials registered this year"), INTEGER),
        Column(_("Share trained (%)"), PERCENT),
    ]


def _officials_cells(row: OfficialsRow) -> list:
    return [row.trained, row.registered, row.figure.value]


def _officials_rows(table, name_of) -> list[list]:
    rows = [[name_of(row), *_officials_cells(row)] for row in table.rows + table.split_rows]
    if table.district_level.registered:
        label = _("District officials (no district level from 1 July 2025)")
        rows.append([label, *_officials_cells(table.district_level)])
    if table.unrecorded.registered:
        rows.append([_("Workplace not recorded"), *_officials_cells(table.unrecorded)])
    rows.append([_("Total"), *_officials_cells(table.total)])
    return rows


def officials_table(today: datetime.date) -> tuple[list[Column], list[list]]:
    """Officials by the district they work in (before 2025), as the dashboard's table (adoption/officials.py)."""
    table = OfficialsByPlace(today).by_district()
    return _officials_columns(_("District (before 1 July 2025)")), _officials_rows(table, lambda row: row.unit.name)


def officials_2025_table(today: datetime.date) -> tuple[list[Column], list[list]]:
    table = OfficialsByPlace(today).by_unit_2025()

    def name_of(row):
        if row.unit.layout == Layout.FROM_2025:
            return row.unit.name
        if row.split_between:
            return f"{row.unit.full_name} ({_('split between %(units)s') % {'units': _names(row.split_between)}})"
        return f"{row.unit.full_name} ({_('not in the 2025 mapping')})"

    return _officials_columns(_("Unit (from 1 July 2025)")), _officials_rows(table, name_of)


def officials_names_table(today: datetime.date) -> tuple[list[Column], list[list]]:
    """The drill-down: every official registered this year, one row per session registered for."""
    columns = [
        Column(_("Name")),
        Column(_("Workplace")),
        Column(_("Course")),
        Column(_("Date"), DATE),
        Column(_("Status")),
    ]
    rows = []
    for registration in officials_in(today):
        official = getattr(registration.person, "training_official", None)
        rows.append([
            registration.person.get_full_name() or registration.person.email,
            official.unit.full_name if official else _("Workplace not recorded"),
            registration.session.course.title,
            timezone.localdate(registration.session.starts_at),
            _("Trained") if registration.trained else capfirst(registration.get_status_display()),
        ])  # fmt: skip
    return columns, rows


def sales_table(today: datetime.date, months: int = 12) -> tuple[list[Column], list[list]]:
    """One row per district (before 2025) and month: order parts not cancelled, and their sales in đồng."""
    month_starts, table = sales_by_district_and_month(today, months)
    columns = [
        Column(_("District (before 1 July 2025)")),
        Column(_("Month")),
        Column(_("Orders"), INTEGER),
        Column(_("Sales (VND)"), INTEGER),
    ]
    districts = district_names(table.keys())
    rows = []
    for district_id, name in districts:
        for month in month_starts:
            cell = table.get(district_id, {}).get(month)
            rows.append([name, month.strftime("%Y-%m"), cell.orders if cell else 0, int(cell.sales) if cell else 0])
    return columns, rows


def district_names(with_figures) -> list[tuple[int | None, str]]:
    """(id, name) of every rural district, and of any other district that has figures, by name.

    Cooperatives whose commune has no district come last, as "district unknown"."""
    ids = [pk for pk in with_figures if pk is not None]
    units = (
        AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, level=Level.DISTRICT)
        .filter(Q(children__is_rural=True) | Q(pk__in=ids))
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    names = list(units)
    if None in with_figures:
        names.append((None, _("District unknown")))
    return names


TABLES = {
    "indicators": indicators_table,
    "districts": districts_table,
    "communes": communes_table,
    "communes-2025": communes_2025_table,
    "sales": sales_table,
    "officials": officials_table,
    "officials-2025": officials_2025_table,
    "officials-names": officials_names_table,
}


# --- Serialising ---


def to_csv(columns: list[Column], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(column, value) for column, value in zip(columns, row, strict=True)])
    # A byte-order mark so that Excel opens Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(column: Column, value):
    if value is None:
        return ""
    if column.kind == PERCENT:
        return f"{value * 100:.1f}"
    if column.kind == DATE:
        return value.isoformat()
    return value


NUMBER_FORMATS = {INTEGER: "#,##0", PERCENT: "0.0%", DATE: "dd/mm/yyyy"}


def to_xlsx(columns: list[Column], rows: list[list], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet_append(sheet, [column.header for column in columns])
    for row in rows:
        sheet_append(sheet, row)
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for index, column in enumerate(columns, start=1):
        header = sheet.cell(row=1, column=index)
        header.font, header.alignment = bold, wrapped
        number_format = NUMBER_FORMATS.get(column.kind)
        if number_format:
            for cell in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell[0].number_format = number_format
        # Wide enough for the values; long headers wrap instead of widening the column.
        longest = max([len(str(row[index - 1] or "")) for row in rows] + [len(column.header) // 2, 12])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, 50)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
