"""Honest stock on the shop front: "only 3 left" when little remains, "out of stock" when none.

Reads Oscar's availability (from the strategy's purchase info), so stock stays in StockRecord
and allocated units count as gone. The threshold is the setting ``LOW_STOCK_THRESHOLD``."""

from dataclasses import dataclass

from django.conf import settings

DEFAULT_LOW_STOCK_THRESHOLD = 5


@dataclass(frozen=True)
class StockLevel:
    is_out: bool = False
    is_low: bool = False
    # Units left to buy; None when the product's stock is not tracked.
    num_available: int | None = None


def low_stock_threshold() -> int:
    return getattr(settings, "LOW_STOCK_THRESHOLD", DEFAULT_LOW_STOCK_THRESHOLD)


def stock_level(availability) -> StockLevel:
    """What a buyer should be told about a product's stock, from Oscar's availability policy."""
    num_available = getattr(availability, "num_available", None)
    if not availability.is_available_to_buy:
        return StockLevel(is_out=True, num_available=num_available or 0)
    if num_available is None:
        return StockLevel()
    return StockLevel(is_low=num_available <= low_stock_threshold(), num_available=num_available)
