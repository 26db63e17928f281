"""The officials' indicator by place (issue 19): officials registered for an officials' course this year,
and those trained, counted at their workplace (training.figures says who counts).

- Before 2025: a commune official counts in their commune's district, a district official in their
  district.
- From 2025 the districts are gone: a commune official follows their commune through the succession
  table, as the cooperatives do (a commune split between new units, or missing from the mapping, on a
  row of its own); district officials have no 2025 unit and are reported on a row of their own.
- Officials whose workplace was never recorded are on a row of their own in both layouts.

Every person is on exactly one row of each layout, so each table's rows add up to the card's figure.
Three queries, whatever the number of officials."""

import datetime
from dataclasses import dataclass, field

from regions.models import AdministrativeUnit, Level, Succession
from training import figures as training_figures

from .indicators import Figure


@dataclass
class OfficialsRow:
    unit: AdministrativeUnit | None = None
    trained: int = 0
    registered: int = 0
    split_between: list = field(default_factory=list)

    def add(self, trained: int, registered: int) -> None:
        self.trained += trained
        self.registered += registered

    @property
    def figure(self) -> Figure:
        return Figure(self.trained, self.registered)


@dataclass
class OfficialsTable:
    rows: list[OfficialsRow]
    split_rows: list[OfficialsRow]  # 2025 only: old communes split between new units or not mapped
    district_level: OfficialsRow  # 2025 only: district officials, whose unit no longer exists
    unrecorded: OfficialsRow
    total: OfficialsRow


class OfficialsByPlace:
    def __init__(self, today: datetime.date):
        self.counts = training_figures.officials_by_unit(today)
        self.units = AdministrativeUnit.objects.select_related("parent").in_bulk([pk for pk in self.counts if pk])
        self.total = OfficialsRow()
        for trained, registered in self.counts.values():
            self.total.add(trained, registered)

    def _unrecorded(self) -> OfficialsRow:
        return OfficialsRow(None, *self.counts.get(None, (0, 0)))

    def by_district(self) -> OfficialsTable:
        districts: dict[int, OfficialsRow] = {}
        for unit_id, (trained, registered) in self.counts.items():
            unit = self.units.get(unit_id)
            if unit is None:
                continue
            district = unit if unit.level == Level.DISTRICT else unit.parent
            districts.setdefault(district.pk, OfficialsRow(district)).add(trained, registered)
        rows = sorted(districts.values(), key=lambda row: row.unit.name)
        return OfficialsTable(rows, [], OfficialsRow(), self._unrecorded(), self.total)

    def by_unit_2025(self) -> OfficialsTable:
        communes = {pk: unit for pk, unit in self.units.items() if unit.level != Level.DISTRICT}
        successions = Succession.objects.filter(old_unit_id__in=communes).select_related("new_unit")
        new_units_of: dict[int, list] = {}
        partly_moved = set()
        for succession in successions:
            new_units_of.setdefault(succession.old_unit_id, []).append(succession.new_unit)
            if succession.share == Succession.Share.PARTIAL:
                partly_moved.add(succession.old_unit_id)
        rows: dict[int, OfficialsRow] = {}
        split_rows = []
        district_level = OfficialsRow()
        for unit_id, (trained, registered) in self.counts.items():
            unit = self.units.get(unit_id)
            if unit is None:
                continue
            if unit.level == Level.DISTRICT:
                district_level.add(trained, registered)
                continue
            new_units = new_units_of.get(unit_id, [])
            if len(new_units) == 1 and unit_id not in partly_moved:
                rows.setdefault(new_units[0].pk, OfficialsRow(new_units[0])).add(trained, registered)
            else:
                split = OfficialsRow(unit, split_between=sorted(new_units, key=lambda u: u.name))
                split.add(trained, registered)
                split_rows.append(split)
        by_name = lambda row: row.unit.name  # noqa: E731
        return OfficialsTable(
            sorted(rows.values(), key=by_name), sorted(split_rows, key=by_name), district_level,
            self._unrecorded(), self.total,
        )  # fmt: skip

    def in_district(self, district) -> Figure:
        row = next((row for row in self.by_district().rows if row.unit.pk == district.pk), OfficialsRow())
        return row.figure

    def in_commune(self, commune) -> Figure:
        return Figure(*self.counts.get(commune.pk, (0, 0)))


def units_of_district(district) -> list[int]:
    """The district and its communes: where the district's officials work."""
    return [district.pk, *AdministrativeUnit.objects.filter(parent=district).values_list("pk", flat=True)]
