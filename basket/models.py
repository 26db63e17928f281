from oscar.apps.basket.abstract_models import AbstractLine

from marketplace.money import round_down_to_dong


class Line(AbstractLine):
    def discount(self, discount_value, affected_quantity, incl_tax=True, offer=None):
        # Oscar computes a percentage or proportional discount per line to
        # fractions of a unit and rounds only the offer's total; the đồng has
        # no fractions, so each line's share is rounded down before it counts.
        super().discount(round_down_to_dong(discount_value), affected_quantity, incl_tax, offer)


from oscar.apps.basket.models import *  # noqa: E402,F401,F403
