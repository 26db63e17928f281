"""A cooperative changes its own products: facts, price and stock, on sale or not, removal.

The writes of the cooperative workspace (workspace/products.py); creation is
``catalog.services.product_create``. Each takes the cooperative and touches only its own stock
record, so a product can never be moved to, or priced for, another cooperative.
"""

from django.db import transaction
from django.db.models import ProtectedError
from oscar.core.loading import get_model

from common.content_language import in_vietnamese

from .photos import product_photos_add
from .services import product_create, product_refresh_search_text, validate_vnd

Line = get_model("order", "Line")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


def own_stockrecord(*, product, cooperative, lock=False):
    """The stock record through which ``cooperative`` sells ``product`` (locked for a change)."""
    records = StockRecord.objects.select_for_update() if lock else StockRecord.objects
    return records.get(product=product, partner=cooperative.partner)


@transaction.atomic
def product_price_stock_set(*, product, cooperative, price, stock: int):
    """Change what one unit (or weight step) costs, in whole đồng, and how many are in stock."""
    stockrecord = own_stockrecord(product=product, cooperative=cooperative, lock=True)
    stockrecord.price = validate_vnd(price)
    stockrecord.num_in_stock = stock
    stockrecord.full_clean(exclude=["product", "partner"])
    stockrecord.save()  # a save, not an UPDATE: its signal makes cached shop pages stale
    return stockrecord


@transaction.atomic
def product_add(*, cooperative, photos=(), **details):
    """``product_create`` with photos from the phone (catalog/photos.py): the product and every
    photo, or nothing."""
    product = product_create(cooperative=cooperative, **details)
    product_photos_add(product=product, uploads=photos)
    return product


@transaction.atomic
def product_update(*, product, cooperative, category, price, stock: int, certifications=(), photos=(), **fields):
    """Change a product's facts (``fields``: title, description, selling_unit, weight_step_grams…),
    its category, certifications, price and stock, and add ``photos``: all or none."""
    in_vietnamese(_fields_set)(product, fields)  # ``title`` is the Vietnamese one, ``title_en`` the English
    product.full_clean(exclude=["slug", "upc"])
    product.save()
    ProductCategory.objects.filter(product=product).exclude(category=category).delete()
    ProductCategory.objects.get_or_create(product=product, category=category)
    product.certifications.set(certifications)
    product_price_stock_set(product=product, cooperative=cooperative, price=price, stock=stock)
    product_photos_add(product=product, uploads=photos)
    product_refresh_search_text(product)
    return product


def _fields_set(product, fields):
    for name, value in fields.items():
        setattr(product, name, value)


def product_sale_set(*, product, on_sale: bool):
    """Put a product on sale (đang bán) or take it off (ngừng bán): Oscar's ``is_public``, which
    catalog/availability.py reads as "on sale" (with the cooperative verified)."""
    product.is_public = on_sale
    product.save(update_fields=["is_public", "date_updated"])
    return product


def product_remove(*, product) -> bool:
    """Delete a product no order and no batch refers to; take it off sale otherwise, so buyers'
    orders and trace pages keep it. True when it was deleted."""
    if not Line.objects.filter(product=product).exists():
        try:
            with transaction.atomic():
                product.delete()
            return True
        except ProtectedError:  # a batch of the value chain (valuechains.Batch) or a contract line names it
            pass
    product_sale_set(product=product, on_sale=False)
    return False
