"""What about a cooperative's products needs its staff's attention: stock running low, new reviews.

Read by the workspace's Today page; each returns a queryset with its related rows joined, so the
page's query count does not grow with the number of products or reviews."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import availability
from catalog.stock import running_low

StockRecord = get_model("partner", "StockRecord")
ProductReview = get_model("reviews", "ProductReview")

NEW_REVIEW_DAYS = 7


def low_stock_of(cooperative):
    """The cooperative's public products with ``num_available`` (in stock less reserved) at or below
    ``LOW_STOCK_THRESHOLD``, the emptiest first: the same count as "only N left" on the shop front
    (catalog/stock.py). Products whose stock is not counted, or that are off sale, are left out."""
    # Public as the shop reads it (a variant: its parent too), whatever the cooperative's status: a
    # suspended cooperative restocks before it is reinstated.
    public = StockRecord.objects.filter(availability.PUBLIC_STOCKRECORD, partner_id=cooperative.partner_id)
    return running_low(public).select_related("product").order_by("num_available", "product__title", "pk")


def new_reviews_of(cooperative, *, days: int = NEW_REVIEW_DAYS):
    """Approved reviews of the cooperative's products written in the last ``days`` days, newest first."""
    sold_here = StockRecord.objects.filter(partner_id=cooperative.partner_id, product_id=OuterRef("product_id"))
    return (
        ProductReview.objects.filter(Exists(sold_here), status=ProductReview.APPROVED)
        .filter(date_created__gte=timezone.now() - timedelta(days=days))
        .select_related("product")
        .order_by("-date_created", "-pk")
    )
