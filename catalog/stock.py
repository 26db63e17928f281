"""Honest stock on the shop front: "only 3 left" when little remains, "out of stock" when none.

Reads Oscar's availability (from the strategy's purchase info), so stock stays in StockRecord
and allocated units count as gone. The threshold is the setting ``LOW_STOCK_THRESHOLD``."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest

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


def running_low(stockrecords):
    """The stock records among ``stockrecords`` with at most ``LOW_STOCK_THRESHOLD`` left to sell
    (in stock less reserved, never below 0, as ``num_available``): the one rule behind the
    workspace's "Sắp hết" filter, its Today page and the shop's "only N left". Untracked stock
    (``num_in_stock`` empty) is never low."""
    return (
        stockrecords.exclude(num_in_stock=None)
        # Never below 0: more reserved than in stock (a count corrected by hand) is simply none left.
        .annotate(num_available=Greatest(F("num_in_stock") - Coalesce("num_allocated", Value(0)), Value(0)))
        .filter(num_available__lte=low_stock_threshold())
    )
