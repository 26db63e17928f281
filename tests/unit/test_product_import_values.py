"""Reading what people type in product spreadsheets (no database)."""

import pytest

from cooperatives.product_import.columns import column_key, fold
from cooperatives.product_import.values import parse_month, parse_stars, parse_whole_number, parse_yes_no


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150000", 150000),
        ("150.000", 150000),
        ("1.500.000", 1500000),
        ("150,000", 150000),
        ("150.000 ₫", 150000),
        ("150000đ", 150000),
        ("150 000 VND", 150000),
        ("150.000,00", 150000),
        ("150000.00", 150000),
        ("\xa0150.000\xa0", 150000),
    ],
)
def test_whole_numbers_are_read_with_either_thousands_separator(text, expected):
    assert parse_whole_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "-5", "150000.5", "150,5", "1.50.000", "150.000.00", "1,000.000"])
def test_anything_but_a_whole_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_whole_number(text)


@pytest.mark.parametrize(("text", "expected"), [("có", True), ("Yes", True), ("x", True), ("1", True),
                                                ("không", False), ("no", False), ("", False), ("0", False)])
def test_yes_and_no_in_vietnamese_or_english(text, expected):
    assert parse_yes_no(text) is expected


def test_months_and_stars_keep_to_their_range():
    assert parse_month("") is None and parse_month("12") == 12
    assert parse_stars("") is None and parse_stars("4") == 4
    for bad in ("0", "13"):
        with pytest.raises(ValueError):
            parse_month(bad)
    with pytest.raises(ValueError):
        parse_stars("2")


def test_headers_are_recognised_by_key_or_label_with_or_without_diacritics():
    assert fold("Giá (đồng)") == "gia dong"
    assert column_key("Tên sản phẩm (title)") == "title"
    assert column_key("  SKU ") == "sku"
    assert column_key("Price in đồng") == "price"
    assert column_key("price in dong") == "price"
    assert column_key("origin commune") == "origin_commune"
    assert column_key("Ghi chú") is None
