"""The map's data as GeoJSON FeatureCollections: raw-material areas, and cooperatives placed at the
middle of their areas (a cooperative has a commune, not coordinates). Filterable by district and product.

Served apart from the map page so other clients (the department's GIS, a phone app) can read them.
"""

from django.db.models import Prefetch, Q

from cooperatives.models import Cooperative
from regions.models import AdministrativeUnit, Layout

from .models import LinkageModel, RawMaterialArea


def districts():
    """The districts offered by the map's filter (the layout before 2025, as on the cooperatives' papers)."""
    return AdministrativeUnit.objects.in_layout(Layout.BEFORE_2025).districts().order_by("name")


def areas_filtered(*, district=None, product=None):
    areas = RawMaterialArea.objects.exclude(location=None).filter(cooperative__status=Cooperative.Status.VERIFIED)
    if district:
        areas = areas.filter(commune__parent_id=district)
    if product:
        areas = areas.filter(
            Q(crops__icontains=product) | Q(linkage_models__key_product_name__icontains=product)
        ).distinct()
    return areas


def area_features(*, district=None, product=None) -> dict:
    areas = (
        areas_filtered(district=district, product=product)
        .select_related("cooperative", "commune__parent")
        .prefetch_related(Prefetch("linkage_models", queryset=LinkageModel.objects.only("pk", "name")))
        .order_by("pk")
    )
    return _collection(
        {
            "type": "Feature",
            "id": area.pk,
            "geometry": area.location,
            "properties": {
                "kind": "area",
                "name": area.name,
                "cooperative": area.cooperative.name,
                "commune": area.commune.full_name,
                "hectares": str(area.hectares),
                "crops": area.crops,
                "households": area.household_count,
                "linkage_models": [linkage.name for linkage in area.linkage_models.all()],
            },
        }
        for area in areas
    )


def cooperative_features(*, district=None, product=None) -> dict:
    areas = areas_filtered(district=district, product=product).select_related("cooperative__commune__parent")
    by_cooperative = {}
    for area in areas.order_by("cooperative_id", "pk"):
        by_cooperative.setdefault(area.cooperative, []).append(area)
    return _collection(
        {
            "type": "Feature",
            "id": cooperative.pk,
            "geometry": {"type": "Point", "coordinates": _middle([_centre(a.location) for a in areas_])},
            "properties": {
                "kind": "cooperative",
                "name": cooperative.name,
                "commune": cooperative.commune.full_name,
                "areas": len(areas_),
            },
        }
        for cooperative, areas_ in by_cooperative.items()
    )


def _collection(features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def _centre(location) -> list[float]:
    if location["type"] == "Point":
        return location["coordinates"][:2]
    ring = location["coordinates"][0][:-1]  # the outer ring, without its closing position
    return _middle([position[:2] for position in ring])


def _middle(positions) -> list[float]:
    return [
        round(sum(p[0] for p in positions) / len(positions), 6),
        round(sum(p[1] for p in positions) / len(positions), 6),
    ]
