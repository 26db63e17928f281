from dataclasses import dataclass

from django.db.models import Min, Q, Sum
from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine
from oscar.core.loading import get_class

from common.money import round_down_to_dong

Refused = get_class("partner.availability", "Refused")

_UNREAD = object()


@dataclass(frozen=True)
class BasketFigures:
    items: int  # as Oscar's basket.num_items
    of_product: int  # as basket.product_quantity(product)
    currency: str | None  # as basket.currency


class Basket(AbstractBasket):
    """Oscar's basket, answering what adding to it asks without loading its lines.

    Oscar's ``num_items`` and ``currency`` load every line with its attributes and product images,
    and ``product_quantity`` asks again. Pages that show the basket have loaded the lines anyway (to
    apply offers); adding to it has not (basket/middleware.py), and asks for ``figures``: one query.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lines_currency = _UNREAD

    def figures(self, product) -> BasketFigures:
        if self.id is None:
            return BasketFigures(0, 0, None)
        row = self.lines.aggregate(
            items=Sum("quantity"), of_product=Sum("quantity", filter=Q(product=product)), currency=Min("price_currency")
        )
        # Oscar keeps a basket's lines to one currency (add_product refuses another).
        self._lines_currency = row["currency"]
        return BasketFigures(row["items"] or 0, row["of_product"] or 0, row["currency"])

    @property
    def currency(self):
        if self.id is None or self._lines is not None:
            return super().currency
        if self._lines_currency is _UNREAD:
            self._lines_currency = self.lines.order_by("pk").values_list("price_currency", flat=True).first()
        return self._lines_currency

    def all_lines(self):
        """Oscar's, with what the strategy's rule reads of each line (catalog/availability.py): its
        product's class and parent, its stock record's cooperative, joined, so that checking the lines
        costs no query per line."""
        if self.id is None or self._lines is not None:
            return super().all_lines()
        self._lines = (
            self.lines.select_related("product__product_class", "product__parent", "stockrecord__partner__cooperative")
            .prefetch_related("attributes", "product__images")
            .order_by(self._meta.pk.name)
        )
        return self._lines

    # Oscar's methods that change the lines: the currency is read again when next asked for.
    def reset_offer_applications(self):  # the end of add_product
        super().reset_offer_applications()
        self._lines_currency = _UNREAD

    def flush(self):
        super().flush()
        self._lines_currency = _UNREAD

    def merge_line(self, line, add_quantities=True):
        super().merge_line(line, add_quantities)
        self._lines_currency = _UNREAD


class Line(AbstractLine):
    def get_warning(self):
        # A line the market's rule now refuses says which product and why (Oscar: "no longer available").
        availability = self.purchase_info.availability
        if isinstance(availability, Refused):
            return availability.reason
        return super().get_warning()

    def discount(self, discount_value, affected_quantity, incl_tax=True, offer=None):
        # Oscar computes a percentage or proportional discount per line to
        # fractions of a unit and rounds only the offer's total; the đồng has
        # no fractions, so each line's share is rounded down before it counts.
        super().discount(round_down_to_dong(discount_value), affected_quantity, incl_tax, offer)


from oscar.apps.basket.models import *  # noqa: E402,F401,F403
