"""VND has no minor unit: every amount we compute is a whole number of đồng."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal


def round_down_to_dong(amount: Decimal, currency: str | None = None) -> Decimal:
    """Oscar's offer rounding hook: discounts never produce fractions of a đồng."""
    return Decimal(amount).quantize(Decimal("1"), rounding=ROUND_DOWN)


def to_dong(amount) -> int:
    """A money amount as an integer number of đồng (for payment providers)."""
    return int(Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
