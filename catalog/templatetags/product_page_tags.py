from django import template
from oscar.core.loading import get_model

register = template.Library()

Cooperative = get_model("cooperatives", "Cooperative")


@register.simple_tag
def seller_of(product):
    """``{% seller_of product as cooperative %}``: the cooperative selling the product, with its
    commune (and district) and storefront, in one query for the product page."""
    return (
        Cooperative.objects.select_related("commune__parent", "storefront")
        .filter(partner__stockrecords__product=product)
        .first()
    )
