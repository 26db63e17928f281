from django import template

from catalog.review_rules import approved_reviews as _approved_reviews
from catalog.review_rules import review_permission as _review_permission
from catalog.review_rules import reviewable_products as _reviewable_products

register = template.Library()


@register.simple_tag
def review_permission(product, user):
    """``{% review_permission product user as permission %}``: may this user review, and if not, why."""
    return _review_permission(user=user, product=product)


@register.simple_tag
def approved_reviews(product, limit=None):
    """The product's approved reviews, each with ``verified_purchase``."""
    return _approved_reviews(product=product, limit=limit)


@register.simple_tag
def reviewable_products(user, lines):
    """``{% reviewable_products user lines as reviewable %}``: the ids of the lines' products ``user`` may review."""
    return _reviewable_products(user=user, product_ids=[line.product_id for line in lines])
