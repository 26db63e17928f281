"""Vietnam's provinces and communes in the two-level layout in force since 1 July 2025 (no districts),
for addresses anywhere in the country.

The data comes from the ``vietnam-provinces`` package (the statistics office's list, maintained and
versioned upstream), not from lists typed here; the regions app's own ``AdministrativeUnit`` rows hold
only Ho Chi Minh City's rural communes, for the place pages. Everything is read once per process.
"""

from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, VietNamDivisionType, Ward

from common.text import fold_vietnamese

# Most buyers live in Ho Chi Minh City, where the cooperatives are: it is listed first and preselected.
HO_CHI_MINH_CITY = 79


@dataclass(frozen=True)
class Division:
    code: int
    name: str  # as written on an address: "Phường Bến Thành", "Thành phố Hồ Chí Minh", "Tỉnh Tây Ninh"


def _province_name(province) -> str:
    if province.division_type == VietNamDivisionType.TINH:
        return f"Tỉnh {province.name}"
    return province.name


_TYPE_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ")


def _sort_key(division):
    """By the proper name, as people look for it: "Bến Thành", not "Phường Bến Thành"."""
    name = division.name
    for prefix in _TYPE_PREFIXES:
        name = name.removeprefix(prefix)
    return fold_vietnamese(name)


@cache
def provinces() -> tuple[Division, ...]:
    """The 34 provinces and cities, Ho Chi Minh City first, then by name."""
    divisions = sorted((Division(int(p.code), _province_name(p)) for p in Province.iter_all()), key=_sort_key)
    return tuple(sorted(divisions, key=lambda division: division.code != HO_CHI_MINH_CITY))


@cache
def _communes_by_province() -> dict[int, tuple[Division, ...]]:
    grouped: dict[int, list[Division]] = {province.code: [] for province in provinces()}
    for ward in Ward.iter_all():
        grouped[int(ward.province_code)].append(Division(int(ward.code), ward.name))
    return {code: tuple(sorted(communes, key=_sort_key)) for code, communes in grouped.items()}


def communes_of(province_code) -> tuple[Division, ...]:
    """The communes, wards and special zones (xã, phường, đặc khu) of a province, by name."""
    return _communes_by_province().get(_as_int(province_code), ())


def province(code) -> Division | None:
    code = _as_int(code)
    return next((division for division in provinces() if division.code == code), None)


def commune_in(province_code, commune_code) -> Division | None:
    """The commune with this code if it is in this province, else None."""
    code = _as_int(commune_code)
    return next((division for division in communes_of(province_code) if division.code == code), None)


def by_names(province_name, commune_name) -> tuple[Division | None, Division | None]:
    """The (province, commune) an address's stored names stand for, for editing it again; an address
    written before the 2025 layout (or by hand) matches nothing and gives (None, None)."""
    found = next((division for division in provinces() if division.name == province_name), None)
    if found is None:
        return None, None
    return found, next((division for division in communes_of(found.code) if division.name == commune_name), None)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
