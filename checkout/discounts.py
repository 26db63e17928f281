"""Offer discounts on an order, in whole đồng."""


def order_discounts_match_lines(order) -> None:
    """Record each offer's discount as what its lines were actually given.

    Oscar stores an offer's discount as the offer's total, rounded once (to 8.249 ₫ for 33% of
    24.998 ₫), while each basket line's share is rounded down to whole đồng (basket/models.py:
    3.299 ₫ + 4.949 ₫ = 8.248 ₫). The order's totals come from the lines; without this, its
    discount record would claim up to a đồng per line more than the buyer got."""
    for discount in order.discounts.prefetch_related("discount_lines"):
        given = [line.amount for line in discount.discount_lines.all()]
        if given and sum(given) != discount.amount:
            discount.amount = sum(given)
            discount.save(update_fields=["amount"])
