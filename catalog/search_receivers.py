"""Keep products' folded search text (catalog/search.py) current when a name it holds changes.

A product is found by its cooperative's, its categories' and its certifications' names too;
renaming one of those refolds the products concerned in bulk
(``services.products_refresh_search_text_many``), in the transaction of the rename. Search
indexing is what signals are for here (docs: HOUSE_STYLE.md): the cooperative, category and
certification are saved by Oscar's dashboard, Wagtail, Django's admin and our services alike.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from cooperatives.models import Cooperative

from . import services
from .models import Certification

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
ProductCertification = get_model("catalogue", "Product").certifications.through


def _products_of(instance) -> list[int]:
    if isinstance(instance, Cooperative):
        rows = StockRecord.objects.filter(partner_id=instance.partner_id)
    elif isinstance(instance, Certification):
        rows = ProductCertification.objects.filter(certification_id=instance.pk)
    else:  # a category: the products filed in it or in a category under it carry its name
        rows = ProductCategory.objects.filter(category__path__startswith=instance.path)
    return list(rows.values_list("product_id", flat=True).distinct())


@receiver(pre_save, sender=Cooperative, dispatch_uid="catalog.search_name_before.cooperative")
@receiver(pre_save, sender=Category, dispatch_uid="catalog.search_name_before.category")
@receiver(pre_save, sender=Certification, dispatch_uid="catalog.search_name_before.certification")
def search_name_remember(sender, instance, update_fields=None, **kwargs):
    instance._search_name_before = None
    if instance.pk and (update_fields is None or "name" in update_fields):
        instance._search_name_before = sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()


@receiver(post_save, sender=Cooperative, dispatch_uid="catalog.search_name_changed.cooperative")
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
