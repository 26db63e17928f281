"""Keep products' folded search text (catalog/search.py) current when a name it holds changes.

A product is found by its cooperative's, its categories' and its certifications' names too;
renaming one of those refolds the products concerned in bulk
(``services.products_refresh_search_text_many``), in the transaction of the rename. Search
indexing is what signals are for here (docs: HOUSE_STYLE.md): the cooperative, category and
certification are saved by Oscar's dashboard, Wagtail, Django's admin and our services alike.

The receivers for a cooperative are connected by cooperatives (cooperatives/apps.py): cooperatives sits
above catalog, so catalog never imports its model.
"""

from django.db.models.signals import post_delete, post_init, post_save, pre_delete, pre_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from . import services, suggestion_words
from .models import Certification

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
ProductCertification = get_model("catalogue", "Product").certifications.through


def _products_of(instance) -> list[int]:
    if isinstance(instance, Certification):
        rows = ProductCertification.objects.filter(certification_id=instance.pk)
    elif isinstance(instance, Category):  # the products filed in it or in a category under it carry its name
        rows = ProductCategory.objects.filter(category__path__startswith=instance.path)
    else:  # a cooperative (connected in cooperatives/apps.py): the products its partner sells
        rows = StockRecord.objects.filter(partner_id=instance.partner_id)
    return list(rows.values_list("product_id", flat=True).distinct())


@receiver(pre_save, sender=Category, dispatch_uid="catalog.search_name_before.category")
@receiver(pre_save, sender=Certification, dispatch_uid="catalog.search_name_before.certification")
def search_name_remember(sender, instance, update_fields=None, **kwargs):
    """The name before the save, and a cooperative's status (its products' sale): read at once."""
    instance._search_name_before = instance._status_before = None
    if not instance.pk:
        return
    fields = [name for name in ("name", "status") if hasattr(instance, name)]
    if update_fields is not None:
        fields = [name for name in fields if name in update_fields]
    before = sender.objects.filter(pk=instance.pk).values(*fields).first() if fields else None
    if before:
        instance._search_name_before = before.get("name")
        instance._status_before = before.get("status")


@receiver(post_save, sender=Category, dispatch_uid="catalog.search_name_changed.category")
@receiver(post_save, sender=Certification, dispatch_uid="catalog.search_name_changed.certification")
def search_name_changed(sender, instance, created, **kwargs):
    before = getattr(instance, "_search_name_before", None)
    if not created and before is not None and before != instance.name:
        services.products_refresh_search_text_many(_products_of(instance))


@receiver(pre_delete, sender=Category, dispatch_uid="catalog.search_deleting.category")
@receiver(pre_delete, sender=Certification, dispatch_uid="catalog.search_deleting.certification")
def search_name_deleting(sender, instance, **kwargs):
    instance._search_products = _products_of(instance)


@receiver(post_delete, sender=Category, dispatch_uid="catalog.search_deleted.category")
@receiver(post_delete, sender=Certification, dispatch_uid="catalog.search_deleted.certification")
def search_name_deleted(sender, instance, **kwargs):
    services.products_refresh_search_text_many(getattr(instance, "_search_products", ()))


# The suggestions' words (catalog/suggestion_words.py) are kept for the products on sale only: a
# product made public or not, a stock record added or removed, a cooperative verified or suspended
# changes which. Texts are refreshed with the search text above (catalog/services.py).


def _product_state(product) -> tuple:
    # What a product's words depend on besides its text (rewritten with the search text): its sale and order.
    return tuple(product.__dict__.get(name) for name in ("is_public", "parent_id", "is_flagship"))


@receiver(post_init, sender=Product, dispatch_uid="catalog.suggestion_words.product_loaded")
def suggestion_words_product_loaded(sender, instance, **kwargs):
    instance._suggestion_state = _product_state(instance)


@receiver(post_save, sender=Product, dispatch_uid="catalog.suggestion_words.product")
def suggestion_words_product_saved(sender, instance, raw=False, **kwargs):
    # A save that changes neither (a review's new rating, a description) rewrites nothing.
    if not raw and _product_state(instance) != getattr(instance, "_suggestion_state", None):
        suggestion_words.refresh([instance.pk, instance.parent_id])
        instance._suggestion_state = _product_state(instance)


@receiver(post_init, sender=StockRecord, dispatch_uid="catalog.suggestion_words.stockrecord_loaded")
def suggestion_words_stockrecord_loaded(sender, instance, **kwargs):
    instance._seller_loaded = instance.__dict__.get("partner_id")


@receiver(post_save, sender=StockRecord, dispatch_uid="catalog.suggestion_words.stockrecord_saved")
def suggestion_words_stockrecord_saved(sender, instance, created, raw=False, **kwargs):
    # A price or stock change (every order's allocation) changes no sale: only a new record, or its seller.
    if not raw and (created or instance.partner_id != getattr(instance, "_seller_loaded", None)):
        suggestion_words.refresh([instance.product_id])
        instance._seller_loaded = instance.partner_id


@receiver(post_delete, sender=StockRecord, dispatch_uid="catalog.suggestion_words.stockrecord_deleted")
def suggestion_words_stockrecord_deleted(sender, instance, **kwargs):
    suggestion_words.refresh([instance.product_id])


def suggestion_words_status_changed(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_status_before", None)
    if not raw and not created and before is not None and before != instance.status:
        suggestion_words.refresh(_products_of(instance))
