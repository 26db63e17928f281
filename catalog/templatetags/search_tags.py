from django import template
from django.conf import settings

from catalog.selectors import FACETS_CACHE_SECONDS

register = template.Library()


@register.simple_tag
def params_without_page(params):
    """``{% params_without_page request.GET as key %}``: the search's parameters but the page
    number, which the facets' links leave out: every page of a search shows the same facets."""
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()


@register.simple_tag
def facets_cache_seconds():
    """How long facet counts may be kept (``CATALOG_SEARCH_FACETS_CACHE_SECONDS``, 0: never)."""
    return getattr(settings, "CATALOG_SEARCH_FACETS_CACHE_SECONDS", FACETS_CACHE_SECONDS)
