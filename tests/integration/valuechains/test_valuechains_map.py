"""The map's GeoJSON: raw-material areas and cooperatives, filterable by district and product."""

import json

import pytest
from django.urls import reverse

from cooperatives.models import Cooperative
from tests import factories
from valuechains import services
from valuechains.geojson import validate_location
from valuechains.models import RawMaterialArea


@pytest.fixture
def cu_chi(site):
    return factories.cooperative(name="HTX Rau Củ Chi", commune=factories.commune("An Phú", "Củ Chi"))


@pytest.fixture
def binh_chanh(site):
    return factories.cooperative(name="HTX Gạo Bình Chánh", commune=factories.commune("Tân Nhựt", "Bình Chánh"))


def features(client, name, **params):
    response = client.get(reverse(name), params)
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def test_areas_are_served_with_their_outline_and_facts(client, cu_chi):
    area = factories.raw_material_area(cu_chi, name="Cánh đồng ấp 3", crops="Rau muống")
    services.linkage_model_create(cooperative=cu_chi, name="Liên kết rau", key_product_name="Rau", areas=[area])

    [feature] = features(client, "valuechains:map-areas")

    assert feature["geometry"] == factories.SQUARE_IN_CU_CHI
    assert feature["properties"] == {
        "kind": "area",
        "name": "Cánh đồng ấp 3",
        "cooperative": "HTX Rau Củ Chi",
        "commune": "An Phú, Củ Chi",
        "hectares": "12.50",
        "crops": "Rau muống",
        "households": 18,
        "linkage_models": ["Liên kết rau"],
    }


def test_cooperatives_sit_at_the_middle_of_their_areas(client, cu_chi):
    factories.raw_material_area(cu_chi)  # the square 106.49–106.50, 11.01–11.02
    factories.raw_material_area(cu_chi, location={"type": "Point", "coordinates": [106.515, 11.035]})

    [feature] = features(client, "valuechains:map-cooperatives")

    validate_location(feature["geometry"])
    assert feature["geometry"]["coordinates"] == [106.505, 11.025]
    assert (feature["properties"]["name"], feature["properties"]["areas"]) == ("HTX Rau Củ Chi", 2)


def test_filters_by_district_and_product(client, cu_chi, binh_chanh):
    factories.raw_material_area(cu_chi, name="Ruộng rau", crops="Rau muống")
    factories.raw_material_area(
        binh_chanh, name="Ruộng lúa", crops="Lúa", location={"type": "Point", "coordinates": [106.57, 10.73]}
    )
    district = binh_chanh.commune.parent_id

    assert [f["properties"]["name"] for f in features(client, "valuechains:map-areas", district=district)] == [
        "Ruộng lúa"
    ]
    assert [f["properties"]["name"] for f in features(client, "valuechains:map-areas", product="muống")] == [
        "Ruộng rau"
    ]
    assert [f["properties"]["name"] for f in features(client, "valuechains:map-cooperatives", product="lúa")] == [
        "HTX Gạo Bình Chánh"
    ]
    # A district that is not an id is refused with a message (a script would otherwise get every area).
    assert client.get(reverse("valuechains:map-areas"), {"district": "abc"}).status_code == 400


def test_suspended_cooperatives_and_areas_without_location_are_left_out(client, cu_chi, binh_chanh):
    factories.raw_material_area(cu_chi, location=None)
    factories.raw_material_area(binh_chanh)
    Cooperative.objects.filter(pk=binh_chanh.pk).update(status=Cooperative.Status.SUSPENDED)

    assert features(client, "valuechains:map-areas") == []
    assert features(client, "valuechains:map-cooperatives") == []


@pytest.mark.parametrize("rows", [5, 500])
def test_query_count_does_not_grow_with_the_areas(client, cu_chi, binh_chanh, rows, django_assert_max_num_queries):
    for n in range(rows):
        RawMaterialArea.objects.create(
            cooperative=(cu_chi, binh_chanh)[n % 2],
            name=f"Ruộng {n}",
            commune=cu_chi.commune,
            hectares=1,
            location=factories.SQUARE_IN_CU_CHI,
        )

    with django_assert_max_num_queries(2):  # areas; their linkage models
        assert len(features(client, "valuechains:map-areas")) == rows
    with django_assert_max_num_queries(1):
        assert len(features(client, "valuechains:map-cooperatives")) == 2


class TestMapPage:
    def test_offers_the_district_filter_and_loads_the_geojson(self, client, cu_chi, binh_chanh):
        district = binh_chanh.commune.parent_id

        page = client.get("/en/map/", {"district": district, "product": "lúa"}).content.decode()

        assert "Map of cooperatives and raw-material areas" in page
        assert f'<option value="{district}" selected>Bình Chánh</option>' in page
        assert 'value="lúa"' in page
        assert 'data-areas="/en/map/areas.geojson"' in page
        assert "valuechains/leaflet/leaflet.js" in page

    @pytest.mark.parametrize("rows", [5, 500])
    def test_query_count_does_not_grow(self, client, cu_chi, rows, django_assert_max_num_queries):
        for n in range(rows):
            factories.commune(f"Xã {n}", f"Huyện {n % 50}")
        client.get("/en/map/")

        with django_assert_max_num_queries(3):  # the districts; the header's categories
            client.get("/en/map/")
