from django import template

from basket.selectors import products_in_basket

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_products(context) -> int:
    """``{% basket_products as count %}``: how many products the visitor's basket holds (basket/selectors.py)."""
    request = context.get("request")
    return products_in_basket(request) if request is not None else 0
