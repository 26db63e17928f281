"""Weights of produce sold in weight steps (0.5 kg, 1 kg, 2 kg…), for baskets and pick lists.

    {% load weights %}
    {{ line|line_weight }}                   "3 × 0,5 kg = 1,5 kg" (basket or order line)
    {{ product|step_weight }}                "0,5 kg"
    {{ stock.num_available|steps_weight:product }}  "1,5 kg" (e.g. "only 1,5 kg left")

Each gives "" for a product not sold by weight. An order line is read with the step it was sold in
(catalog.models.OrderLineWeight): list pages should select_related("weight_step", "product").
Prices, with what they buy and their price per kg, are ``{% load unit_prices %}``.
"""

from django import template
from oscar.core.loading import get_model

from catalog import weights

register = template.Library()

OrderLine = get_model("order", "Line")


def _order_line_step(line):
    try:
        return line.weight_step.step_grams
    except OrderLine.weight_step.RelatedObjectDoesNotExist:
        # Placed before steps were recorded, or the record failed: the product's current step.
        return getattr(line.product, "weight_step_grams", None)


@register.filter
def line_weight(line):
    """The total weight of a basket or order line as text ("3 × 0,5 kg = 1,5 kg"), or ""."""
    if isinstance(line, OrderLine):
        step_grams = _order_line_step(line)
    else:
        # A basket line is priced from the stock record now, so it is weighed with the step now.
        step_grams = getattr(line.product, "weight_step_grams", None)
    if not step_grams or not line.quantity:
        return ""
    return weights.format_line_weight(line.quantity, step_grams)


@register.filter
def step_weight(product):
    """The weight of one step ("0,5 kg"), or ""."""
    return getattr(product, "step_weight_display", "")


@register.filter
def steps_weight(quantity, product):
    """The weight of ``quantity`` steps of ``product`` ("1,5 kg"), or "" when it is not sold by weight."""
    if not getattr(product, "is_sold_by_weight", False) or quantity is None:
        return ""
    return weights.format_weight(weights.weight_in_grams(int(quantity), product.weight_step_grams))
