"""Checks a raw-material area's location: a GeoJSON Point or Polygon (RFC 7946) inside Việt Nam.

Stored as plain JSON (no GIS database needed); these checks keep what is stored drawable on a map.
A polygon must also be a proper area (checked with shapely, i.e. GEOS): no ring crosses itself or
encloses nothing, and every hole lies inside the outer ring. ``location_oriented`` gives the rings
RFC 7946's orientation (outer ring counter-clockwise, holes clockwise) before an area is stored.
"""

import math
import re

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from shapely.geometry import LinearRing, MultiPoint, Polygon

# Việt Nam's mainland and near-shore islands (Phú Quốc, Côn Đảo), longitude then latitude, with a
# small margin. Raw-material areas are fields, so the offshore archipelagos are left out on purpose.
VIETNAM_BOUNDS = {"west": 102.0, "east": 109.6, "south": 8.3, "north": 23.5}
MAX_POSITIONS = 5000

NOT_A_GEOMETRY = _(
    'Give the location as a GeoJSON Point or Polygon, for example {"type": "Point", "coordinates": [106.49, 11.02]}.'
)
BAD_POSITION = _("Each position is [longitude, latitude] in decimal degrees, for example [106.49, 11.02].")
OUT_OF_RANGE = _("Longitude must lie between -180 and 180 and latitude between -90 and 90.")
OUTSIDE_VIETNAM = _(
    "The location must lie in Việt Nam (longitude 102–109.6, latitude 8.3–23.5). Check that longitude comes first."
)
RING_TOO_SHORT = _("Each ring of a polygon needs at least four positions (a triangle plus the closing position).")
RING_NOT_CLOSED = _("Each ring of a polygon must end at the position it starts from.")
TOO_MANY_POSITIONS = _("The location has too many positions; simplify the outline to at most %(max)s.")
# Where an outline goes wrong, as "longitude, latitude" of the place, so staff can find it on their map.
OUTER_NO_AREA = _("The outer ring has no area: its positions lie on one line (near %(position)s).")
OUTER_CROSSES_ITSELF = _("The outer ring crosses itself near %(position)s.")
HOLE_NO_AREA = _("Hole %(number)s has no area: its positions lie on one line (near %(position)s).")
HOLE_CROSSES_ITSELF = _("Hole %(number)s crosses itself near %(position)s.")
HOLE_OUTSIDE = _("Hole %(number)s lies outside the outer ring (near %(position)s); a hole must lie inside it.")
HOLE_CROSSES_OUTER = _("Hole %(number)s crosses the outer ring near %(position)s; a hole must lie inside it.")
NOT_A_PROPER_AREA = _(
    "The outline is not a proper area near %(position)s: its holes overlap, touch along a side or cut the area apart."
)


def validate_location(value):
    """Raise ValidationError (with a message a cooperative's staff can act on) unless ``value`` is a
    GeoJSON Point or Polygon whose positions all lie in Việt Nam."""
    if not isinstance(value, dict) or value.get("type") not in ("Point", "Polygon") or "coordinates" not in value:
        raise ValidationError(NOT_A_GEOMETRY, code="geometry")
    coordinates = value["coordinates"]
    if value["type"] == "Point":
        _check_position(coordinates)
        return
    if not isinstance(coordinates, list) or not coordinates:
        raise ValidationError(NOT_A_GEOMETRY, code="geometry")
    if sum(len(ring) for ring in coordinates if isinstance(ring, list)) > MAX_POSITIONS:
        raise ValidationError(TOO_MANY_POSITIONS, code="too_many", params={"max": MAX_POSITIONS})
    for ring in coordinates:
        _check_ring(ring)
    _check_area(coordinates)


def _check_ring(ring):
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(RING_TOO_SHORT, code="ring_short")
    for position in ring:
        _check_position(position)
    if ring[0] != ring[-1]:
        raise ValidationError(RING_NOT_CLOSED, code="ring_open")


def _is_number(value):
    # bool is an int in Python, but true/false is no coordinate.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_position(position):
    if not isinstance(position, list) or len(position) not in (2, 3) or not all(_is_number(v) for v in position):
        raise ValidationError(BAD_POSITION, code="position")
    longitude, latitude = position[0], position[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError(OUT_OF_RANGE, code="range")
    bounds = VIETNAM_BOUNDS
    if not (bounds["west"] <= longitude <= bounds["east"] and bounds["south"] <= latitude <= bounds["north"]):
        raise ValidationError(OUTSIDE_VIETNAM, code="outside")


# --- The outline as geometry ----------------------------------------------------------------------

_GEOS_PLACE = re.compile(r"\[(-?[\d.eE+-]+) (-?[\d.eE+-]+)")


def _place(x: float, y: float) -> str:
    """'106.495, 11.015': longitude first, as in the GeoJSON staff typed, without float noise."""
    return ", ".join(f"{round(value, 6):.6f}".rstrip("0").rstrip(".") for value in (x, y))


def _where_invalid(geometry) -> str:
    """The place GEOS names in its reason (e.g. 'Self-intersection[106.495 11.015]'), else the first position."""
    match = _GEOS_PLACE.search(shapely.is_valid_reason(geometry) or "")
    if match:
        return _place(float(match.group(1)), float(match.group(2)))
    return _place(*geometry.exterior.coords[0][:2])


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def _check_area(rings):
    """Each ring is a simple ring around some area; holes lie inside the outer ring; the whole is valid."""
    flat = [[position[:2] for position in ring] for ring in rings]
    polygons = [Polygon(ring) for ring in flat]
    for number, (ring, polygon) in enumerate(zip(flat, polygons, strict=True)):
        position = _place(*ring[0])
        outer = number == 0
        # A ring whose positions all lie on one line encloses nothing (and GEOS would call it self-crossing).
        if polygon.area == 0 and MultiPoint(ring).convex_hull.area == 0:
            _refuse(OUTER_NO_AREA if outer else HOLE_NO_AREA, "no_area", number=number, position=position)
        if not LinearRing(ring).is_simple:
            message = OUTER_CROSSES_ITSELF if outer else HOLE_CROSSES_ITSELF
            _refuse(message, "self_crossing", number=number, position=_where_invalid(polygon))
    shell = polygons[0]
    for number, hole in enumerate(polygons[1:], start=1):
        if shell.covers(hole):
            continue
        if shell.exterior.crosses(hole.exterior) or shell.overlaps(hole):
            crossing = shell.exterior.intersection(hole.exterior).representative_point()
            _refuse(HOLE_CROSSES_OUTER, "hole_crossing", number=number, position=_place(crossing.x, crossing.y))
        inside = hole.representative_point()
        _refuse(HOLE_OUTSIDE, "hole_outside", number=number, position=_place(inside.x, inside.y))
    whole = Polygon(flat[0], flat[1:])
    if not whole.is_valid:
        _refuse(NOT_A_PROPER_AREA, "invalid", position=_where_invalid(whole))


def location_oriented(value):
    """``value`` (a valid location) with its polygon's outer ring counter-clockwise and its holes clockwise,
    as RFC 7946 asks; positions are kept exactly as given, only the order of a ring may be reversed."""
    if not value or value.get("type") != "Polygon":
        return value
    rings = []
    for number, ring in enumerate(value["coordinates"]):
        counter_clockwise = LinearRing([position[:2] for position in ring]).is_ccw
        wanted = number == 0  # the outer ring counter-clockwise, holes clockwise
        rings.append(ring if counter_clockwise == wanted else ring[::-1])
    return {**value, "coordinates": rings}
