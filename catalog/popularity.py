"""What a product card tells about other buyers: how many rated it and how many orders it is in.

Both are counted in the listing's own query (one subquery each, per product shown), never per card:
``with_popularity(products)`` annotates ``approved_review_count`` and ``order_count``. The average
rating is Oscar's ``Product.rating``, kept up to date as approved reviews are saved. An order counts
as a purchase while it and its line are not cancelled (``catalog.review_rules.ordered_lines``, the
rule reviews use too), whether or not it was delivered yet.
"""

from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from oscar.core.loading import get_model

from .review_rules import ordered_lines

ProductReview = get_model("reviews", "ProductReview")


class _CountIn(Func):
    """``COUNT(column)`` over a whole subquery (one row, no GROUP BY): a plain function to Django, so it
    neither groups the subquery nor the outer query. ``distinct=True`` counts each value once."""

    output_field = IntegerField()

    def __init__(self, column: str, *, distinct: bool = False):
        super().__init__(F(column))
        self.template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"


def _counted(rows, column: str, *, distinct: bool = False) -> Subquery:
    return Subquery(rows.order_by().annotate(count=_CountIn(column, distinct=distinct)).values("count"))


def with_popularity(products):
    """``products`` with ``approved_review_count`` and ``order_count`` on each."""
    reviews = ProductReview.objects.filter(product=OuterRef("pk"), status=ProductReview.APPROVED)
    # One per order: a product bought twice in one order is one purchase.
    return products.annotate(
        approved_review_count=_counted(reviews, "pk"),
        order_count=_counted(ordered_lines(OuterRef("pk")), "order_id", distinct=True),
    )
