"""A raw-material area's location: a GeoJSON Point or Polygon inside Việt Nam, else a clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from valuechains.geojson import validate_location

CU_CHI = [106.49, 11.02]
SQUARE = [[[106.49, 11.01], [106.50, 11.01], [106.50, 11.02], [106.49, 11.02], [106.49, 11.01]]]


def message_of(value):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            validate_location(value)
        return error.value.messages[0]


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Point", "coordinates": CU_CHI},
        {"type": "Point", "coordinates": [106.49, 11.02, 4.5]},
        {"type": "Point", "coordinates": [106, 11]},
        {"type": "Polygon", "coordinates": SQUARE},
        # A field with a pond cut out of it: an outer ring and a hole.
        {
            "type": "Polygon",
            "coordinates": SQUARE + [[[106.492, 11.012], [106.494, 11.012], [106.494, 11.014], [106.492, 11.012]]],
        },
    ],
)
def test_points_and_polygons_in_vietnam_are_accepted(value):
    validate_location(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("106.49, 11.02", "GeoJSON Point or Polygon"),
        ({"type": "LineString", "coordinates": [CU_CHI, [106.5, 11.03]]}, "GeoJSON Point or Polygon"),
        ({"type": "Point"}, "GeoJSON Point or Polygon"),
        ({"type": "Polygon", "coordinates": []}, "GeoJSON Point or Polygon"),
        ({"type": "Point", "coordinates": [106.49]}, "[longitude, latitude]"),
        ({"type": "Point", "coordinates": ["106.49", "11.02"]}, "[longitude, latitude]"),
        ({"type": "Point", "coordinates": [True, 11.02]}, "[longitude, latitude]"),
        ({"type": "Point", "coordinates": [float("nan"), 11.02]}, "[longitude, latitude]"),
        ({"type": "Point", "coordinates": [200, 11.02]}, "between -180 and 180"),
        ({"type": "Point", "coordinates": [106.49, -95]}, "between -180 and 180"),
        # Paris, and Củ Chi with latitude and longitude swapped (a common slip).
        ({"type": "Point", "coordinates": [2.35, 48.85]}, "must lie in Việt Nam"),
        ({"type": "Point", "coordinates": [11.02, 106.49]}, "between -180 and 180"),
        ({"type": "Point", "coordinates": [11.02, 16.49]}, "longitude comes first"),
        ({"type": "Polygon", "coordinates": [[[106.49, 11.01], [106.5, 11.01], [106.49, 11.01]]]}, "at least four"),
        ({"type": "Polygon", "coordinates": [SQUARE[0][:-1] + [[106.48, 11.0]]]}, "must end at the position"),
        ({"type": "Polygon", "coordinates": ["ring"]}, "at least four"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(value, expected):
    assert expected in message_of(value)


def test_an_outline_with_too_many_positions_is_refused():
    ring = [[106.49 + i * 1e-6, 11.01] for i in range(5001)] + [[106.49, 11.01]]
    assert "too many positions" in message_of({"type": "Polygon", "coordinates": [ring]})


# --- Outlines checked as geometry (issue 16) ----------------------------------------------------------------

# Two triangles meeting at (106.495, 11.015): the outer ring crosses itself there.
BOW_TIE = [[[106.49, 11.01], [106.50, 11.02], [106.50, 11.01], [106.49, 11.02], [106.49, 11.01]]]
# Four positions on one line: a ring with no area.
FLAT = [[[106.49, 11.01], [106.50, 11.01], [106.495, 11.01], [106.49, 11.01]]]
# A pond drawn in the next field: the hole lies wholly outside the outer ring.
POND_ELSEWHERE = [[106.52, 11.01], [106.53, 11.01], [106.53, 11.02], [106.52, 11.01]]
# A hole that pokes out through the outer ring's eastern side (106.50).
POND_ACROSS = [[106.498, 11.012], [106.505, 11.012], [106.505, 11.014], [106.498, 11.012]]
CLOCKWISE_SQUARE = [list(reversed(SQUARE[0]))]
POND_COUNTER_CLOCKWISE = [[106.492, 11.012], [106.494, 11.012], [106.494, 11.014], [106.492, 11.012]]


@pytest.mark.parametrize(
    ("coordinates", "expected"),
    [
        (BOW_TIE, "The outer ring crosses itself near 106.495, 11.015."),
        (FLAT, "The outer ring has no area"),
        (SQUARE + [POND_ELSEWHERE], "Hole 1 lies outside the outer ring"),
        (SQUARE + [POND_ACROSS], "Hole 1 crosses the outer ring near 106.5, 11.012"),
        (SQUARE + [[[106.492, 11.012], [106.494, 11.012], [106.493, 11.012], [106.492, 11.012]]], "Hole 1 has no area"),
    ],
)
def test_an_outline_that_is_no_proper_polygon_is_refused_saying_what_and_where(coordinates, expected):
    assert expected in message_of({"type": "Polygon", "coordinates": coordinates})


def test_the_geometry_message_is_in_vietnamese_by_default():
    with translation.override("vi"):
        with pytest.raises(ValidationError) as error:
            validate_location({"type": "Polygon", "coordinates": BOW_TIE})
    assert error.value.messages == ["Đường viền ngoài tự cắt chính nó gần điểm 106.495, 11.015."]


def _is_counter_clockwise(ring):
    # Shoelace: positive twice-area for a counter-clockwise ring (longitude east, latitude north).
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False)) > 0


def test_outer_rings_are_stored_counter_clockwise_and_holes_clockwise_as_rfc_7946_asks():
    from valuechains.geojson import location_oriented

    oriented = location_oriented({"type": "Polygon", "coordinates": CLOCKWISE_SQUARE + [POND_COUNTER_CLOCKWISE]})

    outer, hole = oriented["coordinates"]
    assert _is_counter_clockwise(outer) and not _is_counter_clockwise(hole)
    # The same positions, only their order reversed; a well-oriented outline and a point are kept as they are.
    assert outer == SQUARE[0] and hole == list(reversed(POND_COUNTER_CLOCKWISE))
    assert location_oriented({"type": "Polygon", "coordinates": SQUARE}) == {"type": "Polygon", "coordinates": SQUARE}
    assert location_oriented({"type": "Point", "coordinates": CU_CHI}) == {"type": "Point", "coordinates": CU_CHI}
