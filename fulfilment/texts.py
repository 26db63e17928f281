"""SMS to the buyer about their order, beside the e-mails (fulfilment/emails.py): the order placed, and
each part shipped, delivered or cancelled, the steps a buyer hears of by e-mail. Sent to the delivery's
mobile whenever the buyer gave one, so a guest who gave no e-mail still hears; in the language of the
checkout; short (one or two SMS) with the order number and a link: the account's order page, or for a
guest the page that finds an order by its number and mobile.

Every text is recorded (``BuyerText``); one the gateway refuses is recorded as not sent and logged,
never raised: the order or the status change it reports has already been saved.
"""

import logging
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.sms import SmsDeliveryError, send_sms
from fulfilment.emails import absolute_url
from fulfilment.models import BuyerText, OrderPart

logger = logging.getLogger(__name__)

PLACED = _("Chợ HTX: we received your order %(number)s. Follow it: %(url)s")
BUYER_TEXTS = {
    OrderPart.Status.SHIPPED: _(
        "Chợ HTX: your produce from %(cooperative)s (order %(number)s) is on its way. %(url)s"
    ),
    OrderPart.Status.DELIVERED: _(
        "Chợ HTX: your produce from %(cooperative)s (order %(number)s) was delivered. %(url)s"
    ),
    OrderPart.Status.CANCELLED: _(
        "Chợ HTX: the part of order %(number)s from %(cooperative)s was cancelled. %(url)s"
    ),
}
PICKUP_READY = _("Chợ HTX: your produce from %(cooperative)s (order %(number)s) is ready to collect. %(url)s")


def order_link(order) -> str:
    """Where a text sends the buyer: their account's order page, or the guest's lookup with the number filled in."""
    if order.user_id is None:  # a guest, with or without an e-mail (Oscar's is_anonymous needs one)
        return absolute_url(reverse("guest-order-lookup") + "?" + urlencode({"number": order.number}))
    return absolute_url(reverse("customer:order", kwargs={"order_number": order.number}))


def order_placed_text(*, order, language: str) -> BuyerText | None:
    with translation.override(language):
        message = gettext(PLACED) % {"number": order.number, "url": order_link(order)}
    return _send(order=order, part=None, message=message)


def part_status_text(*, part: OrderPart, old_status: str, new_status: str) -> BuyerText | None:
    """Text the buyer that ``part`` was shipped (or is ready at the cooperative), delivered or cancelled."""
    template = BUYER_TEXTS.get(new_status)
    if template is None or old_status == new_status:
        return None
    if new_status == OrderPart.Status.SHIPPED and part.is_pickup:
        template = PICKUP_READY
    order = part.order
    with translation.override(part.language):
        message = gettext(template) % {
            "number": order.number,
            "cooperative": part.cooperative.name,
            "url": order_link(order),
        }
    return _send(order=order, part=part, message=message)


def _send(*, order, part, message: str) -> BuyerText | None:
    address = order.shipping_address
    to = address.phone_number.as_e164 if address is not None and address.phone_number else ""
    if not to:
        return None
    text = BuyerText(order=order, part=part, to=to, message=message, status=BuyerText.Status.SENT)
    try:
        send_sms(to=to, message=message)
    except SmsDeliveryError as error:  # logged by send_sms
        text.status, text.error = BuyerText.Status.FAILED, str(error)[:255]
    text.save()
    return text
