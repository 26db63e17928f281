"""Import administrative units from the statistics office's CSV files.

Re-running an import updates names and flags in place: units are data that
change (the 2025 merger), never constants in code. Every file is read and
checked before anything is written, and ``regions_import`` writes both files
in one transaction, so a bad file leaves the database as it was.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from common.params import is_ascii_digits

from .models import AdministrativeUnit, Layout, Level, Succession

CITY_CODE = "79"
CITY_NAME = "Thành phố Hồ Chí Minh"

COMMUNE_COLUMNS = ("district_code", "district_name", "commune_code", "commune_name")
MAPPING_COLUMNS = (
    "old_district_code",
    "old_district_name",
    "old_unit_code",
    "old_unit_name",
    "new_unit_code",
    "new_unit_name",
    "share",
)
CODE_COLUMNS = {"district_code", "commune_code", "old_district_code", "old_unit_code", "new_unit_code"}

_CODE_MAX_LENGTH = AdministrativeUnit._meta.get_field("code").max_length
_NAME_MAX_LENGTH = AdministrativeUnit._meta.get_field("name").max_length

_LEVEL_PREFIXES = [
    ("Thị trấn ", Level.TOWNSHIP),
    ("Phường ", Level.WARD),
    ("Xã ", Level.COMMUNE),
]


class RegionsImportError(ValueError):
    """A file that cannot be imported; the message is in English and Vietnamese."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def _error(path: Path, line: int | None, english: str, vietnamese: str) -> RegionsImportError:
    if line is None:
        return RegionsImportError(f"{path.name}: {english} / {vietnamese}")
    return RegionsImportError(f"{path.name}, line {line}: {english} / dòng {line}: {vietnamese}")


def _split_level(name: str) -> tuple[str, str]:
    """'Xã An Phú' -> ('An Phú', 'commune'); names without a prefix are communes."""
    for prefix, level in _LEVEL_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :].strip(), level
    return name.strip(), Level.COMMUNE


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs with every required cell present and stripped."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            missing = [column for column in columns if column not in (reader.fieldnames or [])]
            if missing:
                names = ", ".join(missing)
                raise _error(path, None, f"missing columns: {names}", f"thiếu cột: {names}")
            rows = [(reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _error(path, None, f"cannot read the file ({exc})", "không đọc được tệp") from exc
    if not rows:
        raise _error(path, None, "the file has no rows", "tệp không có dòng dữ liệu nào")
    cleaned = []
    for line, row in rows:
        values = {}
        for column in columns:
            value = (row.get(column) or "").strip()
            if not value:
                raise _error(path, line, f"'{column}' is empty", f"cột '{column}' bị trống")
            limit = _CODE_MAX_LENGTH if column in CODE_COLUMNS else _NAME_MAX_LENGTH
            if len(value) > limit:
                raise _error(
                    path, line, f"'{column}' is longer than {limit} characters", f"cột '{column}' dài quá {limit} ký tự"
                )
            if column in CODE_COLUMNS and not is_ascii_digits(value):
                raise _error(path, line, f"'{column}' must be a number code", f"cột '{column}' phải là mã số")
            values[column] = value
        cleaned.append((line, values))
    return cleaned


def _check_same(path, line, seen: dict, key: str, value: str, what: str, what_vi: str) -> None:
    """One code, one name: the same code spelled two ways is a mistake in the file."""
    if seen.setdefault(key, value) != value:
        raise _error(
            path,
            line,
            f"{what} {key} is called both '{seen[key]}' and '{value}'",
            f"{what_vi} mã {key} có hai tên '{seen[key]}' và '{value}'",
        )


def _read_communes(path: Path, excluded_from_programme: set[str]) -> list[tuple[int, dict[str, str]]]:
    rows = _read_rows(path, COMMUNE_COLUMNS)
    district_names: dict[str, str] = {}
    commune_lines: dict[str, int] = {}
    for line, row in rows:
        _check_same(path, line, district_names, row["district_code"], row["district_name"], "district", "huyện")
        code = row["commune_code"]
        if code in commune_lines:
            raise _error(
                path,
                line,
                f"commune {code} is listed twice (first on line {commune_lines[code]})",
                f"xã mã {code} bị lặp (lần đầu ở dòng {commune_lines[code]})",
            )
        commune_lines[code] = line
    unknown = sorted(excluded_from_programme - commune_lines.keys())
    if unknown:
        codes = ", ".join(unknown)
        raise _error(
            path,
            None,
            f"communes to leave out of the programme are not in the file: {codes}",
            f"các xã loại khỏi chương trình không có trong tệp: {codes}",
        )
    return rows


def _read_mapping(path: Path) -> list[tuple[int, dict[str, str]]]:
    rows = _read_rows(path, MAPPING_COLUMNS)
    old_names: dict[str, str] = {}
    new_names: dict[str, str] = {}
    district_names: dict[str, str] = {}
    old_districts: dict[str, str] = {}
    shares: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for line, row in rows:
        share = row["share"]
        if share not in Succession.Share.values:
            allowed = ", ".join(Succession.Share.values)
            raise _error(
                path,
                line,
                f"share must be one of {allowed}, not '{share}'",
                f"giá trị 'share' phải là {allowed}, không phải '{share}'",
            )
        old_code = row["old_unit_code"]
        _check_same(path, line, old_names, old_code, row["old_unit_name"], "old unit", "đơn vị cũ")
        district_code = row["old_district_code"]
        _check_same(path, line, district_names, district_code, row["old_district_name"], "district", "huyện")
        if old_districts.setdefault(old_code, district_code) != district_code:
            raise _error(
                path,
                line,
                f"{old_code} is listed under two districts",
                f"đơn vị {old_code} được ghi thuộc hai huyện",
            )
        _check_same(path, line, new_names, row["new_unit_code"], row["new_unit_name"], "new unit", "đơn vị mới")
        shares[old_code].append((line, row["new_unit_code"], share))
    for old_code, successors in shares.items():
        new_codes = [new_code for _, new_code, _ in successors]
        line = successors[-1][0]
        if len(set(new_codes)) != len(new_codes):
            raise _error(
                path, line, f"{old_code} goes to the same new unit twice", f"{old_code} vào cùng một đơn vị mới hai lần"
            )
        if len(successors) > 1 and any(share == Succession.Share.WHOLE for _, _, share in successors):
            raise _error(
                path,
                line,
                f"{old_code} goes to several new units, so each share must be 'partial'",
                f"{old_code} được chia cho nhiều đơn vị mới nên 'share' phải là 'partial'",
            )
    return rows


def _upsert(result: ImportResult, *, layout, code, **fields) -> AdministrativeUnit:
    unit, created = AdministrativeUnit.objects.update_or_create(layout=layout, code=code, defaults=fields)
    if created:
        result.created += 1
    else:
        result.updated += 1
    return unit


def _write_communes(rows, *, excluded_from_programme: set[str]) -> ImportResult:
    result = ImportResult()
    city = _upsert(result, layout=Layout.BEFORE_2025, code=CITY_CODE, name=CITY_NAME, level=Level.CITY, parent=None)
    districts = {}
    for _line, row in rows:
        district_code = row["district_code"]
        if district_code not in districts:
            districts[district_code] = _upsert(
                result,
                layout=Layout.BEFORE_2025,
                code=district_code,
                name=row["district_name"],
                level=Level.DISTRICT,
                parent=city,
                is_rural=True,
            )
        commune_code = row["commune_code"]
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


def _write_mapping(path: Path, rows) -> ImportResult:
    result = ImportResult()
    old_units = {
        unit.code: unit for unit in AdministrativeUnit.objects.in_layout(Layout.BEFORE_2025).select_related("parent")
    }
    city_old = old_units.get(CITY_CODE)
    city_new = _upsert(result, layout=Layout.FROM_2025, code=CITY_CODE, name=CITY_NAME, level=Level.CITY, parent=None)
    new_units: dict[str, AdministrativeUnit] = {}
    successors: dict[AdministrativeUnit, list[AdministrativeUnit]] = defaultdict(list)
    for line, row in rows:
        district_code = row["old_district_code"]
        old_district = old_units.get(district_code)
        if old_district is None:
            old_district = old_units[district_code] = _upsert(
                result,
                layout=Layout.BEFORE_2025,
                code=district_code,
                name=row["old_district_name"],
                level=Level.DISTRICT,
                parent=city_old,
                is_rural=True,
            )
        elif old_district.level != Level.DISTRICT:
            raise _error(
                path, line, f"{district_code} is not a district", f"mã {district_code} không phải là một huyện"
            )
        old_code = row["old_unit_code"]
        old_unit = old_units.get(old_code)
        if old_unit is None:
            # Townships (thị trấn) are not in the rural-commune list but merged like communes.
            old_name, old_level = _split_level(row["old_unit_name"])
            old_unit = old_units[old_code] = _upsert(
                result, layout=Layout.BEFORE_2025, code=old_code, name=old_name, level=old_level, parent=old_district
            )
        elif old_unit.parent_id != old_district.pk:
            raise _error(
                path,
                line,
                f"{old_code} is not in district {district_code}",
                f"đơn vị {old_code} không thuộc huyện {district_code}",
            )
        new_code = row["new_unit_code"]
        if new_code not in new_units:
            new_name, new_level = _split_level(row["new_unit_name"])
            new_units[new_code] = _upsert(
                result,
                layout=Layout.FROM_2025,
                code=new_code,
                name=new_name,
                level=new_level,
                parent=city_new,
                is_rural=new_level == Level.COMMUNE,
            )
        new_unit = new_units[new_code]
        Succession.objects.update_or_create(old_unit=old_unit, new_unit=new_unit, defaults={"share": row["share"]})
        successors[old_unit].append(new_unit)
    # The file is the whole truth about the units it lists: drop successions it no longer names.
    for old_unit, units in successors.items():
        Succession.objects.filter(old_unit=old_unit).exclude(new_unit__in=units).delete()
    return result


@transaction.atomic
def rural_communes_import(*, path: Path, excluded_from_programme: set[str]) -> ImportResult:
    """The city, its rural districts and their communes, as before 1 July 2025."""
    rows = _read_communes(path, excluded_from_programme)
    return _write_communes(rows, excluded_from_programme=excluded_from_programme)


@transaction.atomic
def merger_2025_import(*, path: Path) -> ImportResult:
    """The units from 1 July 2025 and which old unit went (wholly or in part) into which."""
    return _write_mapping(path, _read_mapping(path))


@transaction.atomic
def regions_import(
    *, communes_path: Path, mapping_path: Path, excluded_from_programme: set[str]
) -> tuple[ImportResult, ImportResult]:
    """Both files, all or nothing: both are checked before the first write."""
    commune_rows = _read_communes(communes_path, excluded_from_programme)
    mapping_rows = _read_mapping(mapping_path)
    communes = _write_communes(commune_rows, excluded_from_programme=excluded_from_programme)
    mapping = _write_mapping(mapping_path, mapping_rows)
    return communes, mapping
