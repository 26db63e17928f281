"""Who may review a product: only a signed-in buyer who bought it (an order line not cancelled).

Not named ``catalog/reviews.py``: Oscar's class loader would take it for a fork of its reviews app.

Oscar's own rule (``Product.is_review_permitted``) lets anyone review, even anonymously;
our review view (catalog/reviews_app.py) asks ``review_permission`` instead, and pages show
its reason to those who may not."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Line = get_model("order", "Line")
ProductReview = get_model("reviews", "ProductReview")

CANCELLED = "cancelled"


@dataclass(frozen=True)
class ReviewPermission:
    allowed: bool
    needs_login: bool = False
    reason: str = ""


def _bought_lines(product_id):
    """Order lines of the product (or of its variants) in orders neither cancelled nor wholly refused."""
    return (
        Line.objects.filter(Q(product_id=product_id) | Q(product__parent_id=product_id))
        .exclude(status=CANCELLED)
        .exclude(order__status=CANCELLED)
    )


def has_bought(*, user, product) -> bool:
    if not user.is_authenticated:
        return False
    return _bought_lines(product.pk).filter(order__user=user).exists()


def review_permission(*, user, product) -> ReviewPermission:
    if not user.is_authenticated:
        return ReviewPermission(
            allowed=False,
            needs_login=True,
            reason=_("Sign in to review this product: reviews come only from buyers who bought it."),
        )
    if product.reviews.filter(user=user).exists():
        return ReviewPermission(allowed=False, reason=_("You have already reviewed this product."))
    if not has_bought(user=user, product=product):
        return ReviewPermission(allowed=False, reason=_("Only buyers who bought this product can review it."))
    return ReviewPermission(allowed=True)


def approved_reviews(*, product, limit=None):
    """The product's approved reviews, newest first, each marked ``verified_purchase``
    when its author has an order line of the product that was not cancelled."""
    reviews = (
        product.reviews.approved()
        .select_related("user")
        .annotate(verified_purchase=Exists(_bought_lines(product.pk).filter(order__user=OuterRef("user"))))
        .order_by("-date_created", "-pk")
    )
    return reviews[:limit] if limit else reviews
