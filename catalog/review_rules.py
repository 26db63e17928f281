"""Who may review a product: only a signed-in buyer to whom it was delivered.

"Bought" means an order line of the product (or of a variant) in one of the user's orders, not
cancelled, whose cooperative's part of that order (``fulfilment.OrderPart``) was delivered. An order
still pending, confirmed or on its way (a cash-on-delivery order is not even paid yet) does not count.
The product page, the buyer's order pages, the review form and ``verified_purchase`` all ask this module.

Not named ``catalog/reviews.py``: Oscar's class loader would take it for a fork of its reviews app.

Oscar's own rule (``Product.is_review_permitted``) lets anyone review, even anonymously; our
``Product`` (catalog/models.py) and review view (catalog/reviews_app.py) ask ``review_permission``
instead, and pages show its reason to those who may not."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
# Through the app registry: the fulfilment app reaches the catalogue through the cooperatives.
OrderPart = get_model("fulfilment", "OrderPart")

CANCELLED = "cancelled"


@dataclass(frozen=True)
class ReviewPermission:
    allowed: bool
    needs_login: bool = False
    reason: str = ""


def ordered_lines(product_id, *more_ids):
    """Order lines of the product(s) (or of their variants) in orders neither cancelled nor wholly refused."""
    if more_ids:
        ids = [product_id, *more_ids]
        is_ordered = Q(product_id__in=ids) | Q(product_id__in=Product.objects.filter(parent_id__in=ids).values("pk"))
    else:  # one id, or an OuterRef to one (verified purchases and cards' counts are annotated in a subquery)
        # One query further in, an OuterRef names the lines' query: the product is one level further out.
        outer = OuterRef(product_id) if isinstance(product_id, OuterRef) else product_id
        is_ordered = Q(product_id=product_id) | Q(product_id__in=Product.objects.filter(parent_id=outer).values("pk"))
    # "the line's product is X, or one of X's variants": both databases find each by the lines' product index (a
    # variant by the products' parent index first). Written as "product_id = X OR product.parent_id = X" it read
    # every order line for each product (a card's order count: 1.5 ms per card with 1,600 lines, growing with
    # sales); as "product_id IN (products whose id is X or parent is X)" SQLite read the whole parent index for
    # each card (0.6 ms per card at 10,000 products, whatever the sales).
    return (
        Line.objects.filter(is_ordered)
        .exclude(status=CANCELLED)
        .exclude(order__status=CANCELLED)
    )


def _delivered_lines(product_id, *more_ids):
    """Those of ``ordered_lines`` whose cooperative's part of the order was delivered to the buyer."""
    delivered = OrderPart.objects.filter(
        order_id=OuterRef("order_id"),
        cooperative__partner_id=OuterRef("partner_id"),
        status=OrderPart.Status.DELIVERED,
    )
    return ordered_lines(product_id, *more_ids).filter(Exists(delivered))


def has_bought(*, user, product) -> bool:
    """Was the product delivered to ``user``?"""
    if not user.is_authenticated:
        return False
    return _delivered_lines(product.pk).filter(order__user=user).exists()


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
        if ordered_lines(product.pk).filter(order__user=user).exists():
            return ReviewPermission(
                allowed=False, reason=_("You can review this product once it has been delivered to you.")
            )
        return ReviewPermission(allowed=False, reason=_("Only buyers who bought this product can review it."))
    return ReviewPermission(allowed=True)


def reviewable_products(*, user, product_ids) -> set[int]:
    """Of ``product_ids``, those ``review_permission`` allows ``user`` to review, in two queries (an
    order page asks for all its lines at once)."""
    product_ids = {pk for pk in product_ids if pk is not None}
    if not user.is_authenticated or not product_ids:
        return set()
    bought = set()
    for product_id, parent_id in _delivered_lines(*product_ids).filter(order__user=user).values_list(
        "product_id", "product__parent_id"
    ):
        bought.update({product_id, parent_id} & product_ids)
    reviewed = ProductReview.objects.filter(user=user, product_id__in=bought).values_list("product_id", flat=True)
    return bought - set(reviewed)


def approved_reviews(*, product, limit=None):
    """The product's approved reviews, newest first, each marked ``verified_purchase``
    when the product was delivered to its author (``has_bought``)."""
    reviews = (
        product.reviews.approved()
        .select_related("user")
        .annotate(verified_purchase=Exists(_delivered_lines(product.pk).filter(order__user=OuterRef("user"))))
        .order_by("-date_created", "-pk")
    )
    return reviews[:limit] if limit else reviews
