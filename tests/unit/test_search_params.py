"""The facet links of the search page (catalog/search.py ``params_toggling``): each keeps the other
parameters as typed, in their order, and drops the page number."""

from django.http import QueryDict

from catalog.search import params_toggling


def test_a_new_facet_comes_last_and_the_page_goes():
    params = QueryDict("q=c%C3%A0+ph%C3%AA&page=3&price=0-50000")
    assert params_toggling(params, "ocop", 4) == "q=c%C3%A0+ph%C3%AA&price=0-50000&ocop=4"


def test_a_chosen_facet_keeps_its_place():
    params = QueryDict("category=3&q=gao&category=5&district=7")
    assert params_toggling(params, "category", 9) == "category=3&category=5&category=9&q=gao&district=7"
    assert params_toggling(params, "category", 3) == "category=5&q=gao&district=7"


def test_unchoosing_the_only_value_drops_the_facet():
    assert params_toggling(QueryDict("q=gao&ocop=5"), "ocop", 5) == "q=gao"


def test_what_was_typed_is_encoded_as_django_encodes_it():
    params = QueryDict("q=a%26b%3Dc+%C4%91%E1%BA%ADu&x=")
    expected = params.copy()
    expected.setlist("price", ["500000-"])
    assert params_toggling(params, "price", "500000-") == expected.urlencode()
