"""The last check before an order takes stock: under row locks, so concurrent buyers cannot oversell,
and what can no longer be bought (catalog/availability.py) is never ordered.

Oscar checks availability when the basket is shown and at checkout, then allocates with an
unconditional ``F() + quantity`` update: two buyers of the last units can both pass the check.
Locking the basket's stock records (in id order, so placements never deadlock) inside the
placement's transaction makes the check and the allocation one step.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from catalog import availability
from catalog.weights import format_weight, weight_in_grams

StockRecord = get_model("partner", "StockRecord")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")


def amount_text(product, quantity) -> str:
    if product.weight_step_grams:
        return format_weight(weight_in_grams(quantity, product.weight_step_grams))
    return str(quantity)


def basket_stock_allocate_check(basket) -> None:
    """Lock the basket's stock records and raise UnableToPlaceOrder, naming what is short or can no longer
    be bought (catalog/availability.py: hidden, its cooperative suspended, its price removed), if any is.

    Call inside the transaction that places the order: the locks last until it commits."""
    wanted = defaultdict(int)
    lines = {}
    for line in basket.all_lines():
        if line.stockrecord_id is None:
            raise UnableToPlaceOrder(
                _("%(reason)s Nothing was ordered; remove it from your basket and try again.")
                % {"reason": availability.purchase_refusal(line.product, None)}
            )
        wanted[line.stockrecord_id] += line.quantity
        lines[line.stockrecord_id] = line
    if not wanted:
        return
    # The stock records as they are now, with their products and cooperatives (read fresh, not locked:
    # a suspension or an edit of the product that commits before the order is placed is seen here).
    locked = (
        StockRecord.objects.select_for_update(of=("self",))
        .select_related("product__product_class", "product__parent", "partner__cooperative")
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    short, refused = [], []
    for record in locked:
        product = record.product
        available = max((record.num_in_stock or 0) - (record.num_allocated or 0), 0)
        if product.get_product_class().track_stock and wanted[record.pk] > available:
            short.append(
                _("“%(title)s”: only %(left)s left")
                % {"title": product.get_title(), "left": amount_text(product, available)}
                if available
                else _("“%(title)s” is sold out") % {"title": product.get_title()}
            )
            continue
        reason = availability.purchase_refusal(product, record)
        if reason is not None:
            refused.append(reason)
    if short:
        raise UnableToPlaceOrder(
            _("Someone bought these just before you: %(items)s. Nothing was ordered; change your basket and try again.")
            % {"items": "; ".join(short)}
        )
    if refused:
        raise UnableToPlaceOrder(
            _("%(reason)s Nothing was ordered; remove it from your basket and try again.")
            % {"reason": " ".join(refused)}
        )
