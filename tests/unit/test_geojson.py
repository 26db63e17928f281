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
