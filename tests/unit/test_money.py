"""VND has no minor unit: amounts are whole đồng and display as "150.000 ₫" in every language."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation
from oscar.templatetags.currency_filters import currency

from common.money import round_down_to_dong, to_dong

NBSP = "\u00a0"


class TestRoundDownToDong:
    @pytest.mark.parametrize(
        ("amount", "expected"),
        [
            (Decimal("150000"), Decimal("150000")),
            (Decimal("150000.00"), Decimal("150000")),
            (Decimal("12345.99"), Decimal("12345")),
            (Decimal("12345.5"), Decimal("12345")),
            (Decimal("0.99"), Decimal("0")),
            (Decimal("0"), Decimal("0")),
        ],
    )
    def test_drops_fractions_of_a_dong(self, amount, expected):
        assert round_down_to_dong(amount) == expected

    def test_returns_a_whole_decimal(self):
        result = round_down_to_dong(Decimal("33333.33"))
        assert isinstance(result, Decimal)
        assert result.as_tuple().exponent == 0

    def test_a_discount_of_a_third_never_gives_more_than_was_earned(self):
        # 100.000 ₫ shared over three lines: Oscar's default rounding would give 33.333,33 each.
        share = round_down_to_dong(Decimal("100000") / 3)
        assert share == Decimal("33333")
        assert share * 3 <= Decimal("100000")

    def test_accepts_the_currency_oscar_passes(self):
        assert round_down_to_dong(Decimal("999.9"), "VND") == Decimal("999")

    def test_is_the_offer_rounding_function_oscar_uses(self):
        assert settings.OSCAR_OFFER_ROUNDING_FUNCTION == "common.money.round_down_to_dong"


class TestToDong:
    @pytest.mark.parametrize(
        ("amount", "expected"),
        [
            (Decimal("150000.00"), 150000),
            (Decimal("125000"), 125000),
            (Decimal("99999999.00"), 99_999_999),
            (Decimal("0.49"), 0),
            (Decimal("0.50"), 1),
            (Decimal("1999.5"), 2000),
            ("85000.00", 85000),
            (85000, 85000),
        ],
    )
    def test_is_a_whole_number_of_dong(self, amount, expected):
        result = to_dong(amount)
        assert result == expected
        assert type(result) is int

    def test_is_never_multiplied_by_100(self):
        # Stripe treats VND as zero-decimal: 150.000 ₫ is charged as 150000.
        assert to_dong(Decimal("150000.00")) == 150000


class TestVndDisplay:
    @pytest.mark.parametrize("language", ["vi", "en"])
    @pytest.mark.parametrize(
        ("amount", "expected"),
        [
            (Decimal("150000"), f"150.000{NBSP}₫"),
            (Decimal("150000.00"), f"150.000{NBSP}₫"),
            (150000, f"150.000{NBSP}₫"),
            ("150000", f"150.000{NBSP}₫"),
            (Decimal("85000"), f"85.000{NBSP}₫"),
            (Decimal("1250000"), f"1.250.000{NBSP}₫"),
            (Decimal("500"), f"500{NBSP}₫"),
            (Decimal("0"), f"0{NBSP}₫"),
        ],
    )
    def test_is_vietnamese_style_in_every_language(self, language, amount, expected):
        with translation.override(language):
            assert currency(amount) == expected

    @pytest.mark.parametrize("language", ["vi", "en"])
    def test_shows_no_decimals_even_for_a_fraction_of_a_dong(self, language):
        # Babel rounds the display: a stray fraction is hidden, which is why offers round down.
        with translation.override(language):
            shown = currency(Decimal("150000.40"))
        assert shown == f"150.000{NBSP}₫"
        assert "," not in shown

    def test_uses_the_project_currency_format(self):
        assert settings.OSCAR_DEFAULT_CURRENCY == "VND"
        assert settings.OSCAR_CURRENCY_FORMAT["VND"]["locale"] == "vi_VN"

    def test_an_amount_that_is_not_a_number_shows_nothing(self):
        assert currency("not a price") == ""
        assert currency(None) == ""
