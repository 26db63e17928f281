"""How a contract's volume becomes what a delivery brings, in what the product is sold in.

A contract line counts in its own unit (kg, tonnes, pieces…); the shop sells a product in steps (500 g)
or units (a kg, a box). A delivery's quantity is rounded to whole steps, and the deliveries of one period
share its volume so that they add up to it (the rounding of one day is made good on the next).
Pure functions: no database.
"""

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from catalog.weights import GRAMS_PER_KG

# Grams in one unit of a contract line counted by weight.
LINE_UNIT_GRAMS = {"kg": GRAMS_PER_KG, "tonne": 1000 * GRAMS_PER_KG}
# Grams one shop unit buys when the product is sold by a weight unit without a step.
SELLING_UNIT_GRAMS = {"kg": GRAMS_PER_KG, "500g": 500}


def sale_step(product, volume_unit: str) -> Decimal:
    """One shop unit of ``product`` (one step, one kg, one box) in the contract line's unit.

    A line by weight for a product sold by weight: the step in kg (or tonnes); anything else is counted
    one for one (a box is a box)."""
    grams = getattr(product, "weight_step_grams", None) or SELLING_UNIT_GRAMS.get(product.selling_unit)
    per_line_unit = LINE_UNIT_GRAMS.get(volume_unit)
    if grams and per_line_unit:
        return Decimal(grams) / Decimal(per_line_unit)
    return Decimal(1)


def shop_quantity(quantity: Decimal, step: Decimal) -> int:
    """How many shop units ``quantity`` (in the line's unit) is, rounded half up."""
    return int((Decimal(quantity) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def step_price(unit_price: int, step: Decimal) -> Decimal:
    """The price of one shop unit at the contract's price per line unit, in whole đồng."""
    return (Decimal(unit_price) * step).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def period_of(day: datetime.date, period: str) -> tuple[datetime.date, datetime.date]:
    """The week (Monday to Sunday) or calendar month ``day`` falls in."""
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def delivery_days(weekdays, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The days from ``first`` to ``last`` (both included) that fall on one of ``weekdays`` (Monday = 0)."""
    wanted = set(weekdays)
    span = (last - first).days + 1
    return [day for day in (first + datetime.timedelta(days=n) for n in range(max(span, 0))) if day.weekday() in wanted]


def share_of_period(volume: Decimal, step: Decimal, days: list[datetime.date], day: datetime.date) -> Decimal:
    """What the delivery of ``day`` brings of ``volume``, shared over the period's delivery ``days``.

    In whole steps; the n-th delivery brings round(n × share) − round((n − 1) × share) steps, so the
    period's deliveries add up to the volume (rounded to a step) and differ by one step at most."""
    if day not in days or volume <= 0:
        return Decimal(0)
    steps = Decimal(volume) / step
    position = days.index(day) + 1

    def upto(n):
        return (steps * n / len(days)).quantize(Decimal(1), rounding=ROUND_HALF_UP)

    return (upto(position) - upto(position - 1)) * step
