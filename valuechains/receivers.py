"""Product pages (cached under the catalogue version) link to the batch on sale: a new batch shows at once."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from catalog.cache_version import catalogue_version_bump
from valuechains.models import Batch


@receiver(post_save, sender=Batch, dispatch_uid="valuechains.batch_saved")
@receiver(post_delete, sender=Batch, dispatch_uid="valuechains.batch_deleted")
def product_pages_show_new_batches(sender, **kwargs):
    catalogue_version_bump()
