"""Suggestions while typing: GET /search/suggest/?q=… answers JSON (catalog/search_suggestions.py)."""

import pytest
from django.core.management import call_command

from catalog.search_suggestions import MAX_SUGGESTIONS
from regions.models import AdministrativeUnit, Layout, Level
from tests import factories


def suggest(client, q, prefix=""):
    response = client.get(f"{prefix}/search/suggest/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def melons(site):
    call_command("import_regions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    commune = AdministrativeUnit.objects.get(layout=Layout.BEFORE_2025, level=Level.COMMUNE, name="Tân Thông Hội")
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội", commune=commune)
    fruit = factories.category("Trái cây")
    factories.product(coop, title="Dưa lưới ruột cam Taki", category=fruit, image=None)
    factories.product(coop, title="Dưa lưới ruột xanh", category=fruit, image=None)
    factories.product(title="Dưa leo baby", image=None)  # another cooperative: its name holds no "lưới"
    return coop


def test_shape(client, melons):
    answer = suggest(client, "dua l")
    assert answer["query"] == "dua l"
    assert len(answer["suggestions"]) <= MAX_SUGGESTIONS
    for suggestion in answer["suggestions"]:
        assert set(suggestion) == {"kind", "label", "url"}
        assert suggestion["kind"] in {"product", "category", "cooperative", "place"}
        assert suggestion["url"].startswith("/")


def test_the_last_word_is_read_as_it_is_being_typed(client, melons):
    labels = [s["label"] for s in suggest(client, "dua l")["suggestions"] if s["kind"] == "product"]
    assert sorted(labels) == ["Dưa leo baby", "Dưa lưới ruột cam Taki", "Dưa lưới ruột xanh"]
    labels = [s["label"] for s in suggest(client, "dua lu")["suggestions"] if s["kind"] == "product"]
    assert sorted(labels) == ["Dưa lưới ruột cam Taki", "Dưa lưới ruột xanh"]


def test_products_categories_cooperatives_and_places(client, melons):
    answer = suggest(client, "tan thong")["suggestions"]
    kinds = {(s["kind"], s["label"]) for s in answer}
    assert ("cooperative", "HTX Dưa lưới Tân Thông Hội") in kinds
    assert ("place", "Tân Thông Hội, Củ Chi") in kinds
    assert ("category", "Trái cây") in {(s["kind"], s["label"]) for s in suggest(client, "trai")["suggestions"]}
    product = next(s for s in suggest(client, "taki")["suggestions"] if s["kind"] == "product")
    assert client.get(product["url"]).status_code == 200


def test_a_2025_place_says_so(client, melons):
    places = [s["label"] for s in suggest(client, "cu chi")["suggestions"] if s["kind"] == "place"]
    assert places[0] == "Củ Chi"  # the district first
    labels = [s["label"] for s in suggest(client, "an nhon t")["suggestions"] if s["kind"] == "place"]
    assert "An Nhơn Tây (từ 2025)" in labels


def test_at_most_eight(client, site):
    coop = factories.cooperative()
    for i in range(12):
        factories.product(coop, title=f"Rau cải {i}", image=None)
    answer = suggest(client, "rau")["suggestions"]
    assert len(answer) == MAX_SUGGESTIONS
    assert [s["kind"] for s in answer].count("product") >= 4


@pytest.mark.parametrize("q", ["", "   ", "x" * 5000, "%_'\"<script>"])
def test_odd_input_answers_an_empty_list_not_an_error(client, site, q):
    answer = suggest(client, q)
    assert answer["suggestions"] == []


def test_english(client, melons):
    answer = suggest(client, "trai", prefix="/en")["suggestions"]
    assert any(s["url"].startswith("/en/") for s in answer)


@pytest.mark.parametrize("count", [10, 500])
def test_query_budget(client, site, count, django_assert_max_num_queries):
    coop = factories.cooperative()
    for i in range(count):
        factories.product(coop, title=f"Rau cải {i}", image=None)
    with django_assert_max_num_queries(8):  # cold: the names, the places and the products
        suggest(client, "rau ca")
    with django_assert_max_num_queries(2):  # the same beginning again: from the cache
        suggest(client, "rau ca")
