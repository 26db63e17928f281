"""An invoice for each contract part as it is delivered (lifecycle/parts.py sends the signal once the
move has committed). Invoicing sits above lifecycle: it listens, lifecycle never calls it."""

import logging

from django.dispatch import receiver

from fulfilment.models import OrderPart
from fulfilment.signals import order_part_status_changed

from . import services

logger = logging.getLogger(__name__)


@receiver(order_part_status_changed, dispatch_uid="invoicing_issue_on_delivery")
def issue_on_delivery(sender, part, new_status, **kwargs):
    if new_status != OrderPart.Status.DELIVERED:
        return
    try:
        services.invoice_issue(part=part)
    except Exception:
        # The delivery stands; the nightly sweep (invoicing.tasks) issues what was missed here.
        logger.exception("Could not issue the invoice of part %s", part.pk)
