from django import template

from catalog.stock import stock_level as _stock_level

register = template.Library()


@register.simple_tag
def stock_level(purchase_info):
    """``{% stock_level session as stock %}``: out of stock, low ("only N left") or plenty."""
    return _stock_level(purchase_info.availability)
