from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from marketplace.money import round_down_to_dong


class Basket(AbstractBasket):
    @property
    def currency(self):
        # Oscar reads the currency off the first of all the lines, loading them with their
        # attributes and product images. Pages that show the basket have loaded them already (to
        # apply offers); adding to the basket has not (basket/middleware.py), and one column of
        # the first line says the same.
        if self.id is not None and self._lines is None:
            return self.lines.order_by("pk").values_list("price_currency", flat=True).first()
        return super().currency


class Line(AbstractLine):
    def discount(self, discount_value, affected_quantity, incl_tax=True, offer=None):
        # Oscar computes a percentage or proportional discount per line to
        # fractions of a unit and rounds only the offer's total; the đồng has
        # no fractions, so each line's share is rounded down before it counts.
        super().discount(round_down_to_dong(discount_value), affected_quantity, incl_tax, offer)


from oscar.apps.basket.models import *  # noqa: E402,F401,F403
