from django import template

from regions.urls import place_url as _place_url

register = template.Library()


@register.filter
def place_url(unit):
    """``{{ product.origin_commune|place_url }}``: the unit's place page."""
    return _place_url(unit)
