"""Prices with what they buy and their price per kg (catalog/unit_price.py), for templates.

    {% load unit_prices %}
    {{ session.price|unit_price:product }}      "14.000 ₫ / 500 g · 28.000 ₫/kg" (Oscar's price or an amount)
    {{ line|line_unit_price }}                  the same for a basket or order line
    {% unit_price_of session.price product as price %}  the parts: price.price_for, price.per_kg
    {{ product|sold_in }}                       "500 g", "kg", "hộp": what one price buys

An order line is read with the step it was sold in: list pages should select_related("weight_step", "product").
"""

from django import template

from catalog import unit_price as rule

register = template.Library()


def _amount(price):
    """The amount of Oscar's price object (tax included when known), or ``price`` itself; None when none."""
    if hasattr(price, "is_tax_known"):
        if not price.exists:
            return None
        return price.incl_tax if price.is_tax_known else price.excl_tax
    return price


@register.simple_tag
def unit_price_of(price, product):
    """The ``UnitPrice`` of ``price`` for ``product`` (None when there is no price)."""
    return rule.product_unit_price(product, _amount(price), currency_code=getattr(price, "currency", None))


@register.filter
def unit_price(price, product):
    """ "14.000 ₫ / 500 g · 28.000 ₫/kg", or "" when there is no price."""
    shown = unit_price_of(price, product)
    return str(shown) if shown else ""


@register.filter
def line_unit_price(line):
    """A basket or order line's unit price as text, or ""."""
    shown = rule.line_unit_price(line)
    return str(shown) if shown else ""


@register.filter
def sold_in(product):
    """What one price of ``product`` buys ("500 g", "hộp")."""
    return rule.sold_in(product)
