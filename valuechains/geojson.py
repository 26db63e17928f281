"""Checks a raw-material area's location: a GeoJSON Point or Polygon (RFC 7946) inside Việt Nam.

Stored as plain JSON (no GIS database needed); these checks keep what is stored drawable on a map.
"""

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
