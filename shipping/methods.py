from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import Base
from oscar.core import prices


class CooperativeDelivery(Base):
    """Each cooperative's part delivered (for its fee) or picked up, as the buyer chose at checkout.

    The charge is the sum of the cooperatives' delivery fees (VND carries no tax here).
    """

    code = "cooperatives"
    name = _("Delivery or pickup, per cooperative")

    def __init__(self, groups):
        self.groups = groups

    def calculate(self, basket):
        total = sum((group.delivery_fee for group in self.groups), Decimal("0"))
        return prices.Price(currency=basket.currency, excl_tax=total, incl_tax=total)


class CooperativeDeliveryEstimate(CooperativeDelivery):
    """The same charge with each cooperative's default method: the basket page's estimate.

    Its own code, so that Oscar's checkout sends the buyer back to choose when a stored choice is
    missing or no longer offered."""

    code = "cooperatives-estimate"
    name = _("Estimated delivery")
