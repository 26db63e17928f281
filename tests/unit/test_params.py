"""The one parser of numbers and ids in query strings and forms (common/params.py)."""

import pytest
from django.http import Http404

from common.params import (
    ID_MAX,
    ParameterError,
    choice_or_default,
    id_or_404,
    id_or_error,
    is_ascii_digits,
    parse_id,
    parse_ids,
    parse_int,
)

NOT_IDS = ["", " 1", "1 ", "+1", "-1", "0", "²", "١٢", "１２", "1.0", "1e3", "0x10", "9223372036854775808", "9" * 5000]


@pytest.mark.parametrize("value", NOT_IDS + [None, 12, str(ID_MAX + 1)])
def test_only_ascii_digits_within_the_database_range_are_ids(value):
    assert parse_id(value) is None


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("0042", 42), (str(ID_MAX), ID_MAX)])
def test_ids_are_read(value, expected):
    assert parse_id(value) == expected


def test_ids_drop_what_is_not_one_and_repeats():
    assert parse_ids(["3", "²", "3", "5", "-1"]) == (3, 5)


def test_an_id_that_cannot_exist_is_not_found():
    with pytest.raises(Http404):
        id_or_404("١٢")
    assert id_or_404("12") == 12


def test_an_optional_id_filter_is_none_when_absent_and_an_error_when_wrong():
    assert id_or_error("district", None) is None
    assert id_or_error("district", "") is None
    with pytest.raises(ParameterError) as error:
        id_or_error("district", "²")
    assert error.value.name == "district"


def test_signed_numbers_within_bounds():
    assert parse_int("-5", minimum=-10, maximum=10, signed=True) == -5
    assert parse_int("-5", minimum=-10, maximum=10) is None
    assert parse_int("11", minimum=-10, maximum=10, signed=True) is None


def test_a_choice_not_offered_is_the_default():
    assert choice_or_default("30", (7, 30, 90), default=7) == 30
    assert choice_or_default("31", (7, 30, 90), default=7) == 7
    assert choice_or_default("³⁰", (7, 30, 90), default=7) == 7


def test_ascii_digits():
    assert is_ascii_digits("0123")
    assert not is_ascii_digits("²") and not is_ascii_digits("") and not is_ascii_digits(None)
