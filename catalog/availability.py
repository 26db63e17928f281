"""What can be bought on the market, and why not: the one home of the rule.

A product is **on sale** when it is public (a variant: its parent too) and a verified cooperative
sells it through its stock record; a suspended or unverified cooperative's products leave the
shop. It **can be bought** when, on sale, it also has a price and, if its class counts stock,
some left (in stock less allocated).

Everything asks here: the strategy (partner/strategy.py), which gives Oscar's basket, checkout and
order placement their availability; the last check under row locks at placement
(checkout/stock.py); the product page and the lists (catalog/selectors.py, through
``ON_SALE_STOCKRECORD``, the same "on sale" as a filter on stock records); the adoption indicators
(adoption/indicators.py, through ``CAN_BE_BOUGHT_STOCKRECORD``). A test holds each queryset form to
the Python rule row by row (tests/integration/catalog/test_one_rule.py).
"""

from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative

VERIFIED = Cooperative.Status.VERIFIED
# Read as ``StockRecord.objects.filter(ON_SALE_STOCKRECORD)``: a stock record of a verified cooperative
# (the lists add "public" as ``Product.objects.browsable()``, which lists no variants).
ON_SALE_STOCKRECORD = Q(partner__cooperative__status=VERIFIED)
# ``is_public`` over stock records: the product public and, for a variant, its parent too.
PUBLIC_STOCKRECORD = Q(product__is_public=True) & (Q(product__parent=None) | Q(product__parent__is_public=True))
# ``is_on_sale`` over stock records, whole: for callers that do not start from ``browsable()``.
ON_SALE_PUBLIC_STOCKRECORD = ON_SALE_STOCKRECORD & PUBLIC_STOCKRECORD
# Stock left as ``net_stock_level > 0`` reads it (no count at all is none left); a variant's class is
# its parent's (Oscar's ``get_product_class``).
_STOCK_LEFT = Q(num_in_stock__gt=Coalesce("num_allocated", Value(0)))
_STOCK_NOT_COUNTED = Q(product__parent=None, product__product_class__track_stock=False) | Q(
    product__parent__product_class__track_stock=False
)
# ``purchase_refusal(...) is None`` over stock records.
CAN_BE_BOUGHT_STOCKRECORD = ON_SALE_PUBLIC_STOCKRECORD & Q(price__isnull=False) & (_STOCK_LEFT | _STOCK_NOT_COUNTED)


def _cooperative_status(stockrecord):
    # A partner without a cooperative (none should exist) sells nothing.
    partner = stockrecord.partner
    cooperative = getattr(partner, "cooperative", None)
    return cooperative.status if cooperative is not None else None


def is_public(product) -> bool:
    return product.is_public and (product.parent_id is None or product.parent.is_public)


def is_on_sale(product, stockrecord) -> bool:
    """Whether ``product`` is on the market through ``stockrecord`` (whatever its price and stock)."""
    return stockrecord is not None and is_public(product) and _cooperative_status(stockrecord) == VERIFIED


def purchase_refusal(product, stockrecord) -> str | None:
    """Why a buyer cannot buy ``product`` from ``stockrecord``, in words they can read; None if they can.

    ``stockrecord`` is read as it is: give a row fresh from the database (locked, at placement) for
    a decision that must hold. Reads its partner and cooperative: select them with it in lists."""
    title = product.get_title()
    if not is_on_sale(product, stockrecord):
        return _("“%(title)s” is no longer sold on the market.") % {"title": title}
    if stockrecord.price is None:
        return _("“%(title)s” has no price.") % {"title": title}
    if product.get_product_class().track_stock and stockrecord.net_stock_level <= 0:
        return _("“%(title)s” is sold out.") % {"title": title}
    return None
