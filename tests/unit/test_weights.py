"""Produce sold by weight: steps, sensible choices and weights written the Vietnamese way."""

from decimal import Decimal

import pytest
from django.utils import translation

from catalog import weights


class TestFormatWeight:
    @pytest.mark.parametrize(
        ("grams", "expected"),
        [
            (500, "0,5 kg"),
            (1000, "1 kg"),
            (1500, "1,5 kg"),
            (1250, "1,25 kg"),
            (1005, "1,005 kg"),
            (200, "0,2 kg"),
            (250, "250 g"),
            (750, "750 g"),
            (50, "50 g"),
            (25000, "25 kg"),
            (1_200_000, "1.200 kg"),
        ],
    )
    def test_writes_kilograms_with_a_decimal_comma_and_odd_small_weights_in_grams(self, grams, expected):
        assert weights.format_weight(grams) == expected

    def test_is_the_same_in_english(self):
        with translation.override("en"):
            assert weights.format_weight(1500) == "1,5 kg"


class TestLineWeight:
    def test_shows_the_steps_and_the_total(self):
        assert weights.format_line_weight(3, 500) == "3 × 0,5 kg = 1,5 kg"

    def test_one_step_is_just_its_weight(self):
        assert weights.format_line_weight(1, 1000) == "1 kg"

    def test_quantity_times_step_is_the_weight(self):
        assert weights.weight_in_grams(4, 500) == 2000


class TestSensibleQuantities:
    def test_half_kilo_steps_offer_the_first_steps_and_round_kilograms(self):
        assert weights.sensible_quantities(500) == [1, 2, 3, 4, 6, 10, 20]
        labels = [label for _quantity, label in weights.weight_choices(500, [1, 2, 3, 4, 6, 10])]
        assert labels == ["0,5 kg", "1 kg", "1,5 kg", "2 kg", "3 kg", "5 kg"]

    def test_kilo_steps(self):
        assert weights.sensible_quantities(1000) == [1, 2, 3, 4, 5, 10]

    def test_odd_steps_only_meet_the_round_weights_they_divide(self):
        assert weights.sensible_quantities(300) == [1, 2, 3, 4, 10]
        assert weights.sensible_quantities(5000) == [1, 2, 3, 4]

    def test_are_capped_by_stock(self):
        assert weights.sensible_quantities(500, max_quantity=5) == [1, 2, 3, 4]
        assert weights.sensible_quantities(500, max_quantity=6) == [1, 2, 3, 4, 6]

    def test_offer_one_step_even_when_stock_is_short(self):
        # The form then says why it cannot be bought rather than offering nothing.
        assert weights.sensible_quantities(500, max_quantity=0) == [1]


class TestPricePerKg:
    def test_from_the_price_of_a_half_kilo_step(self):
        assert weights.price_per_kg(Decimal("45000"), 500) == Decimal("90000")

    def test_rounds_to_whole_dong(self):
        assert weights.price_per_kg(Decimal("10000"), 300) == Decimal("33333")
        assert weights.price_per_kg(Decimal("20000"), 300) == Decimal("66667")

    def test_label(self):
        with translation.override("en"):
            assert weights.per_kg_label("90.000 ₫") == "90.000 ₫/kg"
