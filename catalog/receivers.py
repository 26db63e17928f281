"""Keeps the weight step of each order line sold by weight, once the order is placed; hands a new
product photo's thumbnails to a worker."""

import logging

from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from oscar.apps.order.signals import order_placed

from .models import OrderLineWeight, ProductImage
from .thumbnails import product_image_thumbnails_enqueue

logger = logging.getLogger(__name__)


@receiver(order_placed, dispatch_uid="catalog.order_line_weights_record")
def order_line_weights_record(sender, order, **kwargs):
    # Oscar offers no hook in its order creation without forking the order app, so this receiver
    # writes our own table only. It runs once the order is committed: should it fail, the order
    # stands and its lines fall back to their product's current step (templatetags/weights.py).
    try:
        # A savepoint: when checkout wraps placement in its own transaction, a failure here must
        # not poison it.
        with transaction.atomic():
            OrderLineWeight.objects.bulk_create(
                OrderLineWeight(line=line, step_grams=line.product.weight_step_grams)
                for line in order.lines.select_related("product").filter(product__weight_step_grams__isnull=False)
            )
    except DatabaseError:
        logger.exception("Could not record the weight steps of order %s", order.number)


@receiver(post_save, sender=ProductImage, dispatch_uid="catalog.product_image_thumbnails")
def product_image_thumbnails(sender, instance, **kwargs):
    # After commit: the worker must find the photo's row.
    transaction.on_commit(lambda: product_image_thumbnails_enqueue(instance.pk))
