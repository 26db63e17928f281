from oscar.apps.partner.availability import *  # noqa: F401,F403
from oscar.apps.partner.availability import Unavailable


class Refused(Unavailable):
    """Oscar's "unavailable", with the reason the market's rule gives (catalog/availability.py).

    Oscar refuses a purchase of it, in the basket form, the basket's line checks and the checkout's,
    and its basket line warns of it (basket/models.py ``Line.get_warning``), all with ``reason``."""

    def __init__(self, reason: str, num_available: int | None = None):
        self.reason = reason
        # Units left (0 or fewer when sold out); None when the product's stock is not counted.
        self.num_available = num_available

    @property
    def message(self):
        return self.reason

    def is_purchase_permitted(self, quantity):
        return False, self.reason
