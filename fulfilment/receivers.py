"""E-mails and texts sent when an order's parts are created or move on (fulfilment/emails.py, texts.py).

The signals are sent once the order or the status change has committed; a failing mail is logged here
so that it never turns a saved checkout or status change into an error page.
"""

import logging

from django.dispatch import receiver

from fulfilment import emails, texts
from fulfilment.signals import order_part_status_changed, order_parts_created

logger = logging.getLogger(__name__)


@receiver(order_parts_created, dispatch_uid="fulfilment_mail_cooperatives_new_order")
def mail_cooperatives_new_order(sender, order, parts, **kwargs):
    try:
        emails.order_parts_created(order=order, parts=parts)
    except Exception:
        logger.exception("Could not mail the cooperatives about order %s", order.number)


@receiver(order_part_status_changed, dispatch_uid="fulfilment_mail_buyer_part_status")
def mail_buyer_part_status(sender, part, old_status, new_status, dues=None, **kwargs):
    try:
        emails.part_status_changed(part=part, old_status=old_status, new_status=new_status, dues=dues)
    except Exception:
        logger.exception("Could not mail the buyer about part %s becoming %s", part.pk, new_status)


@receiver(order_parts_created, dispatch_uid="fulfilment_text_buyer_order_placed")
def text_buyer_order_placed(sender, order, parts, **kwargs):
    try:
        texts.order_placed_text(order=order, language=parts[0].language if parts else "vi")
    except Exception:
        logger.exception("Could not text the buyer about order %s", order.number)


@receiver(order_part_status_changed, dispatch_uid="fulfilment_text_buyer_part_status")
def text_buyer_part_status(sender, part, old_status, new_status, **kwargs):
    try:
        texts.part_status_text(part=part, old_status=old_status, new_status=new_status)
    except Exception:
        logger.exception("Could not text the buyer about part %s becoming %s", part.pk, new_status)
