"""Every price says what it buys, and produce sold by weight says what a kilogram costs."""

from decimal import Decimal

import pytest
from django.utils import translation

from catalog.models import Product
from catalog.unit_price import format_step, product_unit_price, sold_in, unit_price, whole_dong

NBSP = "\u00a0"


def _vnd(text: str) -> str:
    """Babel writes "14.000 ₫" with a non-breaking space."""
    return text.replace(" ₫", NBSP + "₫")


def _shown(product, amount) -> str:
    with translation.override("vi"):
        return str(product_unit_price(product, Decimal(amount)))


class TestProducePricedByWeightStep:
    @pytest.mark.parametrize(
        ("step_grams", "step_price", "expected"),
        [
            (250, "8000", "8.000 ₫ / 250 g · 32.000 ₫/kg"),
            (500, "14000", "14.000 ₫ / 500 g · 28.000 ₫/kg"),
            (1500, "42000", "42.000 ₫ / 1,5 kg · 28.000 ₫/kg"),
            (2000, "50000", "50.000 ₫ / 2 kg · 25.000 ₫/kg"),
        ],
    )
    def test_says_what_the_step_costs_and_what_a_kilogram_costs(self, step_grams, step_price, expected):
        product = Product(weight_step_grams=step_grams, selling_unit="kg")

        assert _shown(product, step_price) == _vnd(expected)

    def test_a_one_kilogram_step_is_simply_the_price_per_kilogram(self):
        product = Product(weight_step_grams=1000, selling_unit="kg")

        assert _shown(product, "28000") == _vnd("28.000 ₫/kg")

    @pytest.mark.parametrize(
        ("step_grams", "step_price", "per_kg"),
        [
            (300, "10000", "33.333 ₫/kg"),  # 33.333,33
            (300, "10001", "33.337 ₫/kg"),  # 33.336,67
            (250, "7999", "31.996 ₫/kg"),
            (400, "10001", "25.003 ₫/kg"),  # 25.002,5: half a đồng rounds up
        ],
    )
    def test_odd_prices_come_to_whole_dong_per_kilogram(self, step_grams, step_price, per_kg):
        product = Product(weight_step_grams=step_grams, selling_unit="kg")

        assert _shown(product, step_price).endswith(" · " + _vnd(per_kg))

    def test_a_price_with_a_fraction_of_a_dong_is_shown_in_whole_dong(self):
        product = Product(weight_step_grams=500, selling_unit="kg")

        assert _shown(product, "14000.50") == _vnd("14.001 ₫ / 500 g · 28.001 ₫/kg")

    def test_the_step_an_order_line_was_sold_in_wins_over_the_products_step_now(self):
        product = Product(weight_step_grams=1000, selling_unit="kg")

        with translation.override("vi"):
            shown = str(product_unit_price(product, Decimal("14000"), step_grams=500))

        assert shown == _vnd("14.000 ₫ / 500 g · 28.000 ₫/kg")


class TestProduceWhoseUnitIsAWeight:
    def test_sold_by_the_kilogram_shows_the_price_per_kilogram(self):
        assert _shown(Product(selling_unit="kg"), "28000") == _vnd("28.000 ₫/kg")

    def test_sold_by_500_g_shows_the_price_per_kilogram_too(self):
        assert _shown(Product(selling_unit="500g"), "14000") == _vnd("14.000 ₫ / 500 g · 28.000 ₫/kg")


class TestProductsSoldByThePiece:
    @pytest.mark.parametrize(
        ("unit", "expected"),
        [("box", "35.000 ₫ / hộp"), ("bunch", "35.000 ₫ / bó"), ("bottle", "35.000 ₫ / chai")],
    )
    def test_say_their_unit_in_vietnamese(self, unit, expected):
        assert _shown(Product(selling_unit=unit), "35000") == _vnd(expected)

    def test_say_their_unit_in_english_under_en(self):
        with translation.override("en"):
            assert str(product_unit_price(Product(selling_unit="box"), Decimal("35000"))) == _vnd("35.000 ₫ / box")


class TestEdges:
    def test_no_amount_shows_nothing(self):
        assert unit_price(None, weight_grams=500) is None

    def test_a_bare_amount_is_just_the_price(self):
        assert str(unit_price(Decimal("35000"))) == _vnd("35.000 ₫")

    @pytest.mark.parametrize(("grams", "expected"), [(250, "250 g"), (500, "500 g"), (1000, "1 kg"), (1250, "1,25 kg")])
    def test_steps_are_written_as_on_a_price_tag(self, grams, expected):
        assert format_step(grams) == expected

    def test_rounds_half_a_dong_up(self):
        assert whole_dong(Decimal("0.5")) == 1


class TestSoldIn:
    def test_produce_in_steps_is_sold_by_its_step(self):
        assert sold_in(Product(weight_step_grams=500, selling_unit="kg")) == "500 g"

    def test_other_products_by_their_unit(self):
        with translation.override("vi"):
            assert sold_in(Product(selling_unit="box")) == "hộp"
