"""Hands a new product photo's thumbnails to a worker. (An order line's weight step is written by the
placement itself: catalog.services.order_line_weights_record, called from checkout's place_order.)"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import ProductImage
from .thumbnails import product_image_thumbnails_enqueue


@receiver(post_save, sender=ProductImage, dispatch_uid="catalog.product_image_thumbnails")
def product_image_thumbnails(sender, instance, **kwargs):
    # After commit: the worker must find the photo's row.
    transaction.on_commit(lambda: product_image_thumbnails_enqueue(instance.pk))
