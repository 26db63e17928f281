from django import template

from catalog import cache_version

register = template.Library()


@register.simple_tag
def catalogue_version():
    """``{% catalogue_version as version %}``: the catalogue's cache version (catalog/cache_version.py),
    for ``{% cache %}`` keys of fragments that only a change of the catalogue's structure (categories,
    certifications, cooperatives, places) must refresh."""
    return cache_version.catalogue_version()


@register.simple_tag
def listing_version():
    """``{% listing_version as version %}``: for fragments of listings (search facets), which any
    product, price or stock change refreshes."""
    return cache_version.listing_version()


@register.simple_tag
def product_version(product):
    """``{% product_version product as version %}``: for fragments of one product's page, which a
    change of that product (its stock, price, photos, reviews, batches) or of the catalogue refreshes."""
    return cache_version.product_version(product.pk)
