from django import template
from django.core.cache import cache

from catalog.cache_version import product_version
from catalog.review_rules import approved_reviews as _approved_reviews
from catalog.review_rules import review_permission as _review_permission
from catalog.review_rules import reviewable_products as _reviewable_products

register = template.Library()


# A buyer's permission is kept under the product's version, which their review, an order of the product and its
# delivery (or cancellation) all bump (caching/registry.py): three queries on every product page a buyer opens.
PERMISSION_SECONDS = 3600


@register.simple_tag
def review_permission(product, user):
    """``{% review_permission product user as permission %}``: may this user review, and if not, why."""
    if not user.is_authenticated:
        return _review_permission(user=user, product=product)  # no query
    key = f"catalog:review-permission:{user.pk}:{product.pk}:{product_version(product.pk)}"
    permission = cache.get(key)
    if permission is None:
        permission = _review_permission(user=user, product=product)  # its reason is translated when shown
        cache.set(key, permission, PERMISSION_SECONDS)
    return permission


@register.simple_tag
def approved_reviews(product, limit=None):
    """The product's approved reviews, each with ``verified_purchase``."""
    return _approved_reviews(product=product, limit=limit)


@register.simple_tag
def reviewable_products(user, lines):
    """``{% reviewable_products user lines as reviewable %}``: the ids of the lines' products ``user`` may review."""
    return _reviewable_products(user=user, product_ids=[line.product_id for line in lines])
