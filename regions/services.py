"""Import administrative units from the statistics office's CSV files.

Re-running an import updates names and flags in place: units are data that
change (the 2025 merger), never constants in code.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import AdministrativeUnit, Layout, Level, Succession

CITY_CODE = "79"
CITY_NAME = "Thành phố Hồ Chí Minh"

_LEVEL_PREFIXES = [
    ("Thị trấn ", Level.TOWNSHIP),
    ("Phường ", Level.WARD),
    ("Xã ", Level.COMMUNE),
]


class RegionsImportError(ValueError):
    pass


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def _split_level(name: str) -> tuple[str, str]:
    """'Xã An Phú' -> ('An Phú', 'commune'); names without a prefix are communes."""
    for prefix, level in _LEVEL_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):].strip(), level
    return name.strip(), Level.COMMUNE


def _read_rows(path: Path, required: set[str]) -> list[dict]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise RegionsImportError(
                    f"{path.name}: missing columns {', '.join(sorted(missing))} / thiếu cột"
                )
            rows = list(reader)
    except (OSError, UnicodeDecodeError) as exc:
        raise RegionsImportError(f"{path}: cannot read the file / không đọc được tệp ({exc})") from exc
    for number, row in enumerate(rows, start=2):
        for column in required:
            if not (row.get(column) or "").strip():
                raise RegionsImportError(
                    f"{path.name}, line {number}: '{column}' is empty / dòng {number}: '{column}' bị trống"
                )
    return rows


def _upsert(result: ImportResult, *, layout, code, **fields) -> AdministrativeUnit:
    unit, created = AdministrativeUnit.objects.update_or_create(layout=layout, code=code, defaults=fields)
    if created:
        result.created += 1
    else:
        result.updated += 1
    return unit


@transaction.atomic
def import_rural_communes(path: Path, *, excluded_from_programme: set[str]) -> ImportResult:
    """The city, its rural districts and their communes, as before 1 July 2025."""
    rows = _read_rows(path, {"district_code", "district_name", "commune_code", "commune_name"})
    result = ImportResult()
    city = _upsert(result, layout=Layout.BEFORE_2025, code=CITY_CODE, name=CITY_NAME, level=Level.CITY, parent=None)
    districts = {}
    for row in rows:
        district_code = row["district_code"].strip()
        if district_code not in districts:
            districts[district_code] = _upsert(
                result,
                layout=Layout.BEFORE_2025,
                code=district_code,
                name=row["district_name"].strip(),
                level=Level.DISTRICT,
                parent=city,
                is_rural=True,
            )
        commune_code = row["commune_code"].strip()
        name, level = _split_level(row["commune_name"])
        _upsert(
            result,
            layout=Layout.BEFORE_2025,
            code=commune_code,
            name=name,
            level=level,
            parent=districts[district_code],
            is_rural=True,
            in_new_rural_programme=commune_code not in excluded_from_programme,
        )
    return result


@transaction.atomic
def import_2025_mapping(path: Path) -> ImportResult:
    """The units from 1 July 2025 and which old unit went into which."""
    rows = _read_rows(
        path,
        {"old_district_code", "old_unit_code", "old_unit_name", "new_unit_code", "new_unit_name", "share"},
    )
    result = ImportResult()
    city_old = AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, code=CITY_CODE).first()
    city_new = _upsert(result, layout=Layout.FROM_2025, code=CITY_CODE, name=CITY_NAME, level=Level.CITY, parent=None)
    for number, row in enumerate(rows, start=2):
        share = row["share"].strip()
        if share not in Succession.Share.values:
            raise RegionsImportError(
                f"{path.name}, line {number}: share must be one of {', '.join(Succession.Share.values)} "
                f"/ dòng {number}: giá trị 'share' không hợp lệ"
            )
        old_district = AdministrativeUnit.objects.filter(
            layout=Layout.BEFORE_2025, level=Level.DISTRICT, code=row["old_district_code"].strip()
        ).first()
        if old_district is None:
            old_district = _upsert(
                result,
                layout=Layout.BEFORE_2025,
                code=row["old_district_code"].strip(),
                name=row.get("old_district_name", "").strip(),
                level=Level.DISTRICT,
                parent=city_old,
                is_rural=True,
            )
        old_code = row["old_unit_code"].strip()
        old_name, old_level = _split_level(row["old_unit_name"])
        old_unit = AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, code=old_code).first()
        if old_unit is None:
            # Townships are not in the rural-commune list but merged like communes.
            old_unit = _upsert(
                result, layout=Layout.BEFORE_2025, code=old_code, name=old_name, level=old_level, parent=old_district
            )
        new_name, new_level = _split_level(row["new_unit_name"])
        new_unit = _upsert(
            result,
            layout=Layout.FROM_2025,
            code=row["new_unit_code"].strip(),
            name=new_name,
            level=new_level,
            parent=city_new,
            is_rural=new_level == Level.COMMUNE,
        )
        Succession.objects.update_or_create(old_unit=old_unit, new_unit=new_unit, defaults={"share": share})
    return result
