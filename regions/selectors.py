"""Reads behind the place pages (nơi sản xuất): districts, communes, and what comes from them.

Places are browsed in the layout before 1 July 2025 (district → commune): cooperatives,
applications and products point at those units, the programme's targets were set on them,
and buyers still name produce by its district ("rau Củ Chi"). A commune of the 2025 layout
is shown as the old units it took in (``Succession``), so today's names lead somewhere too.

A product's place is its origin commune or, when none is given, its cooperative's commune.
Every read here runs a fixed number of queries, whatever the number of units or products.

What comes from a place is read above regions, by the apps whose data it is: products in
catalog/place_products.py, cooperatives in cooperatives/places.py (regions sits below both).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils.text import slugify

from common.text import fold_vietnamese

from .models import AdministrativeUnit, Layout, Level

# Units a cooperative or a product can be in: communes, and the townships (thị trấn) beside them.
PLACE_LEVELS = (Level.COMMUNE, Level.TOWNSHIP, Level.WARD)


def unit_slug(unit) -> str:
    """'Phước Vĩnh An' → 'phuoc-vinh-an' (đ → d, no marks), for readable addresses."""
    return slugify(fold_vietnamese(unit.name)) or unit.code


def _by_slug(units, slug):
    for unit in units:
        if unit_slug(unit) == slug:
            return unit
    return None


def district_by_slug(slug) -> AdministrativeUnit | None:
    return _by_slug(AdministrativeUnit.objects.in_layout(Layout.BEFORE_2025).districts(), slug)


def commune_by_slugs(district_slug, commune_slug) -> AdministrativeUnit | None:
    district = district_by_slug(district_slug)
    if district is None:
        return None
    communes = AdministrativeUnit.objects.filter(parent=district, level__in=PLACE_LEVELS).select_related("parent")
    return _by_slug(communes, commune_slug)


def communes_of(district):
    return list(
        AdministrativeUnit.objects.filter(parent=district, level__in=PLACE_LEVELS)
        .select_related("parent")
        .order_by("name")
    )


def unit_2025_by_slug(slug) -> AdministrativeUnit | None:
    units = AdministrativeUnit.objects.in_layout(Layout.FROM_2025).filter(level__in=PLACE_LEVELS)
    return _by_slug(units, slug)


def successors_of(unit):
    """The 2025 units an old commune went into (several when it was split)."""
    return list(AdministrativeUnit.objects.filter(predecessions__old_unit=unit).order_by("name").distinct())


def predecessors_of(unit):
    """The old communes (with their districts) a 2025 unit took in, wholly or in part."""
    return list(
        AdministrativeUnit.objects.filter(successions__new_unit=unit)
        .select_related("parent")
        .annotate(share=F("successions__share"))
        .order_by("parent__name", "name")
    )


# --- The index -------------------------------------------------------------------


@dataclass
class PlaceCount:
    unit: AdministrativeUnit
    cooperative_count: int = 0
    product_count: int = 0
    communes: list = field(default_factory=list)


def districts_with_counts(*, product_counts: dict, cooperative_counts: dict) -> list[PlaceCount]:
    """Every district of the old layout with its communes, and how many verified cooperatives
    are in each and how many products on sale come from each. One query here: the counts, by
    commune id, come from the apps that own them (catalog/place_products.py, cooperatives/places.py)."""
    communes = list(
        AdministrativeUnit.objects.in_layout(Layout.BEFORE_2025)
        .filter(level__in=PLACE_LEVELS, parent__level=Level.DISTRICT)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    products, cooperatives = product_counts, cooperative_counts
    districts: dict[int, PlaceCount] = {}
    by_district = defaultdict(list)
    for commune in communes:
        place = PlaceCount(
            unit=commune,
            cooperative_count=cooperatives.get(commune.pk, 0),
            product_count=products.get(commune.pk, 0),
        )
        district = districts.setdefault(commune.parent_id, PlaceCount(unit=commune.parent))
        district.cooperative_count += place.cooperative_count
        district.product_count += place.product_count
        by_district[commune.parent_id].append(place)
    for district_id, places in by_district.items():
        districts[district_id].communes = places
    return sorted(districts.values(), key=lambda place: place.unit.name)
