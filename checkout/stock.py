"""The last check before an order takes stock: under row locks, so concurrent buyers cannot oversell.

Oscar checks availability when the basket is shown and at checkout, then allocates with an
unconditional ``F() + quantity`` update: two buyers of the last units can both pass the check.
Locking the basket's stock records (in id order, so placements never deadlock) inside the
placement's transaction makes the check and the allocation one step.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from catalog.weights import format_weight, weight_in_grams

StockRecord = get_model("partner", "StockRecord")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")


def amount_text(product, quantity) -> str:
    if product.weight_step_grams:
        return format_weight(weight_in_grams(quantity, product.weight_step_grams))
    return str(quantity)


def basket_stock_allocate_check(basket) -> None:
    """Lock the basket's stock records and raise UnableToPlaceOrder, naming what is short, if any is.

    Call inside the transaction that places the order: the locks last until it commits."""
    wanted = defaultdict(int)
    products = {}
    for line in basket.all_lines():
        if line.stockrecord_id and line.product.get_product_class().track_stock:
            wanted[line.stockrecord_id] += line.quantity
            products[line.stockrecord_id] = line.product
    if not wanted:
        return
    locked = StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    short = []
    for record in locked:
        available = max((record.num_in_stock or 0) - (record.num_allocated or 0), 0)
        if wanted[record.pk] > available:
            product = products[record.pk]
            short.append(
                _("“%(title)s”: only %(left)s left")
                % {"title": product.get_title(), "left": amount_text(product, available)}
                if available
                else _("“%(title)s” is sold out") % {"title": product.get_title()}
            )
    if short:
        raise UnableToPlaceOrder(
            _("Someone bought these just before you: %(items)s. Nothing was ordered; change your basket and try again.")
            % {"items": "; ".join(short)}
        )
