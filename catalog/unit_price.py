"""What a price buys and what it comes to by the kilogram: the one rule behind every price a buyer reads.

    "14.000 ₫ / 500 g · 28.000 ₫/kg"   produce sold in 500 g steps (the price is that of one step)
    "28.000 ₫/kg"                       produce sold by the kilogram (a 1 kg step, or the unit "kg")
    "35.000 ₫ / hộp"                    anything else, by its selling unit

Produce is compared by the kilogram, so whatever is sold by weight always shows its price per kg.
Cards, the product page, basket, checkout, order pages, e-mails and the workspace all ask
``product_unit_price`` or ``line_unit_price``; the template tags in ``catalog/templatetags/unit_prices.py``
are thin wrappers. Amounts are shown in whole đồng, rounded half up.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext
from oscar.templatetags.currency_filters import currency

from . import weights

# Selling units that are themselves a weight: the price buys that many grams.
UNIT_GRAMS = {"kg": weights.GRAMS_PER_KG, "500g": 500}


@dataclass(frozen=True)
class UnitPrice:
    """A price as a buyer reads it: ``price_for`` ("14.000 ₫ / 500 g") and, when that is not already
    per kilogram, ``per_kg`` ("28.000 ₫/kg"). ``str()`` joins them with a middle dot."""

    price_for: str
    per_kg: str = ""

    def __str__(self) -> str:
        return f"{self.price_for} · {self.per_kg}" if self.per_kg else self.price_for


def whole_dong(amount) -> Decimal:
    """``amount`` rounded half up to whole đồng (the đồng has no minor unit)."""
    return Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def format_step(grams: int) -> str:
    """A weight as a price tag writes it: "250 g", "500 g" under a kilogram, "1,5 kg" from one up."""
    if grams < weights.GRAMS_PER_KG:
        return f"{grams} g"
    return weights.format_weight(grams)


def unit_price(amount, *, weight_grams: int | None = None, unit: str = "", currency_code=None) -> UnitPrice | None:
    """What ``amount`` buys: ``weight_grams`` of produce, or one ``unit`` (already translated: "hộp").

    None when there is no amount to show."""
    try:
        amount = Decimal(amount)
    except (TypeError, InvalidOperation):
        return None
    price = currency(whole_dong(amount), currency_code)
    if weight_grams:
        # From the exact amount: rounding it first would double a fraction of a đồng.
        per_kg = currency(weights.price_per_kg(amount, weight_grams), currency_code)
        per_kg_text = weights.per_kg_label(per_kg)
        if weight_grams == weights.GRAMS_PER_KG:
            return UnitPrice(price_for=per_kg_text)
        return UnitPrice(price_for=_price_for(price, format_step(weight_grams)), per_kg=per_kg_text)
    if unit:
        return UnitPrice(price_for=_price_for(price, unit))
    return UnitPrice(price_for=price)


def _price_for(price: str, what: str) -> str:
    return gettext("%(price)s / %(unit)s") % {"price": price, "unit": what}


def priced_weight_grams(product, step_grams: int | None = None) -> int | None:
    """How many grams one price of ``product`` buys: its weight step (or ``step_grams``, the step an
    order line was sold in), else its selling unit when that is a weight; None when sold by the piece."""
    if step_grams:
        return step_grams
    if product is None:
        return None
    return getattr(product, "weight_step_grams", None) or UNIT_GRAMS.get(getattr(product, "selling_unit", ""))


def sold_in(product) -> str:
    """What one price of ``product`` buys: "500 g" for produce in 500 g steps, else its unit ("kg", "hộp")."""
    step_grams = getattr(product, "weight_step_grams", None)
    return format_step(step_grams) if step_grams else str(product.get_selling_unit_display())


def product_unit_price(product, amount, *, step_grams: int | None = None, currency_code=None) -> UnitPrice | None:
    """What ``amount`` (the price of one step or unit of ``product``) buys, and its price per kg."""
    grams = priced_weight_grams(product, step_grams)
    unit = "" if grams or product is None else str(product.get_selling_unit_display())
    return unit_price(amount, weight_grams=grams, unit=unit, currency_code=currency_code)


def line_unit_price(line) -> UnitPrice | None:
    """A basket or order line's unit price: an order line is read with the step it was sold in
    (``catalog.OrderLineWeight``), a basket line with the product's step now, as it is priced now."""
    # Only order lines have a recorded step; one placed before steps were recorded has none
    # (Django's RelatedObjectDoesNotExist is an AttributeError), and falls back to the product's step.
    weight_step = getattr(line, "weight_step", None)
    return product_unit_price(
        line.product,
        line.unit_price_incl_tax,
        step_grams=weight_step.step_grams if weight_step else None,
        currency_code=getattr(line, "price_currency", None),
    )
