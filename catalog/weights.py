"""Produce sold by weight: quantities counted in weight steps, and weights written the Vietnamese way.

Oscar's quantities are whole numbers, so a product sold by weight has a step (500 g, 1 kg…): its stock
record's price is the price of one step, its stock is counted in steps, and a quantity n means n steps.
Pure functions, no database: models, forms and template tags build on them.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

GRAMS_PER_KG = 1000
# A step a cooperative may set: from 1 g up to a 50 kg sack of rice.
MAX_STEP_GRAMS = 50 * GRAMS_PER_KG

# Weights a buyer is offered besides the first few steps: round kilograms.
ROUND_WEIGHTS_GRAMS = (1000, 2000, 3000, 5000, 10000)
FIRST_STEPS = 4


def weight_in_grams(quantity: int, step_grams: int) -> int:
    """The weight of ``quantity`` steps of ``step_grams`` each."""
    return quantity * step_grams


def _group_thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def format_weight(grams: int) -> str:
    """A weight as Vietnamese shoppers read it: "0,5 kg", "1 kg", "1,25 kg", "250 g".

    Kilograms with a decimal comma (a dot groups thousands, as in prices: "1.200 kg"), but a weight
    under a kilogram that is not a whole number of 100 g reads better in grams ("250 g")."""
    if grams < GRAMS_PER_KG and grams % 100:
        return f"{grams} g"
    kilograms, rest = divmod(grams, GRAMS_PER_KG)
    text = _group_thousands(kilograms)
    if rest:
        text += "," + f"{rest:03d}".rstrip("0")
    return f"{text} kg"


def format_line_weight(quantity: int, step_grams: int) -> str:
    """A basket or order line's weight: "3 × 0,5 kg = 1,5 kg"; one step is just "0,5 kg"."""
    total = format_weight(weight_in_grams(quantity, step_grams))
    if quantity == 1:
        return total
    return f"{quantity} × {format_weight(step_grams)} = {total}"


def sensible_quantities(step_grams: int, max_quantity: int | None = None) -> list[int]:
    """The quantities (in steps) a buyer picks from: the first few steps and round kilograms.

    For a 500 g step: 1, 2, 3, 4, 6, 10, 20 (0,5 kg, 1 kg, 1,5 kg, 2 kg, 3 kg, 5 kg, 10 kg). Capped at
    ``max_quantity`` (what is in stock); at least one step is always offered, so that the form still
    says why it cannot be bought rather than showing an empty choice."""
    quantities = set(range(1, FIRST_STEPS + 1))
    quantities.update(grams // step_grams for grams in ROUND_WEIGHTS_GRAMS if grams % step_grams == 0)
    if max_quantity is not None:
        quantities = {quantity for quantity in quantities if quantity <= max_quantity} or {1}
    return sorted(quantities)


def weight_choices(step_grams: int, quantities) -> list[tuple[int, str]]:
    """(quantity, "1,5 kg") pairs for a select box."""
    return [(quantity, format_weight(weight_in_grams(quantity, step_grams))) for quantity in quantities]


def price_per_kg(step_price: Decimal, step_grams: int) -> Decimal:
    """The price of a kilogram, in whole đồng, from the price of one step."""
    per_kg = Decimal(step_price) * GRAMS_PER_KG / step_grams
    return per_kg.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def per_kg_label(formatted_price: str) -> str:
    """ "90.000 ₫/kg" from an already formatted price."""
    return gettext("%(price)s/kg") % {"price": formatted_price}
