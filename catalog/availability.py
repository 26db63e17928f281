"""What can be bought on the market, and why not: the one home of the rule.

A product is **on sale** when it is public (a variant: its parent too) and a verified cooperative
sells it through its stock record; a suspended or unverified cooperative's products leave the
shop. It **can be bought** when, on sale, it also has a price and, if its class counts stock,
some left (in stock less allocated).

Everything asks here: the strategy (partner/strategy.py), which gives Oscar's basket, checkout and
order placement their availability; the last check under row locks at placement
(checkout/stock.py); the product page and the lists (catalog/selectors.py, through
``on_sale_stockrecord()``, the same "on sale" as a filter on stock records); the adoption indicators
(adoption/indicators.py, through ``can_be_bought_stockrecord()``). A test holds each queryset form to
the Python rule row by row (tests/integration/catalog/test_one_rule.py). Which cooperatives are
verified is cooperatives' rule, handed down through catalog/sellers.py (read at call time, hence functions).
"""

from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from . import sellers

# ``is_public`` over stock records: the product public and, for a variant, its parent too.
PUBLIC_STOCKRECORD = Q(product__is_public=True) & (Q(product__parent=None) | Q(product__parent__is_public=True))
# Stock left as ``net_stock_level > 0`` reads it (no count at all is none left); a variant's class is
# its parent's (Oscar's ``get_product_class``).
_STOCK_LEFT = Q(num_in_stock__gt=Coalesce("num_allocated", Value(0)))
_STOCK_NOT_COUNTED = Q(product__parent=None, product__product_class__track_stock=False) | Q(
    product__parent__product_class__track_stock=False
)


def on_sale_stockrecord() -> Q:
    """Read as ``StockRecord.objects.filter(on_sale_stockrecord())``: a stock record of a verified cooperative
    (the lists add "public" as ``Product.objects.browsable()``, which lists no variants)."""
    return Q(partner__cooperative__status=sellers.verified_status())


def on_sale_public_stockrecord() -> Q:
    """``is_on_sale`` over stock records, whole: for callers that do not start from ``browsable()``."""
    return on_sale_stockrecord() & PUBLIC_STOCKRECORD


def can_be_bought_stockrecord() -> Q:
    """``purchase_refusal(...) is None`` over stock records."""
    return on_sale_public_stockrecord() & Q(price__isnull=False) & (_STOCK_LEFT | _STOCK_NOT_COUNTED)


def _cooperative_status(stockrecord):
    # A partner without a cooperative (none should exist) sells nothing.
    partner = stockrecord.partner
    cooperative = getattr(partner, "cooperative", None)
    return cooperative.status if cooperative is not None else None


def is_public(product) -> bool:
    return product.is_public and (product.parent_id is None or product.parent.is_public)


def is_on_sale(product, stockrecord) -> bool:
    """Whether ``product`` is on the market through ``stockrecord`` (whatever its price and stock)."""
    if stockrecord is None or not is_public(product):
        return False
    return _cooperative_status(stockrecord) == sellers.verified_status()


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
