from django import template

from catalog.cache_version import catalogue_version as _catalogue_version

register = template.Library()


@register.simple_tag
def catalogue_version():
    """``{% catalogue_version as version %}``: the catalogue's cache version (catalog/cache_version.py),
    for ``{% cache %}`` keys of fragments that every change of products, cooperatives or reviews
    must refresh."""
    return _catalogue_version()
