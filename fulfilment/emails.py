"""E-mails about an order's parts: to the buyer when their part moves on, to a cooperative's staff when an
order arrives.

The buyer's "order placed" mail is Oscar's ORDER_PLACED, sent by the checkout; its templates are overridden in
marketplace/templates/oscar/communication/emails/. A mail that cannot be sent is logged, never raised: the
order or the status change it reports has already been saved.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from fulfilment.models import OrderPart

logger = logging.getLogger(__name__)

# The buyer hears of these steps; "confirmed" is the cooperative's own bookkeeping.
BUYER_MAILS = {
    OrderPart.Status.SHIPPED: "fulfilment/emails/part_shipped",
    OrderPart.Status.DELIVERED: "fulfilment/emails/part_delivered",
    OrderPart.Status.CANCELLED: "fulfilment/emails/part_cancelled",
}
NEW_ORDER_MAIL = "fulfilment/emails/new_order"


def absolute_url(path: str) -> str:
    # The same base as the cooperatives' e-mails (cooperatives/notifications.py).
    return settings.WAGTAILADMIN_BASE_URL + path


def order_status_url(order) -> str:
    """Where the buyer follows the order: their account's order page, or the guest's private link."""
    if order.is_anonymous:
        path = reverse("customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()})
    else:
        path = reverse("customer:order", kwargs={"order_number": order.number})
    return absolute_url(path)


def cooperative_staff(cooperative):
    """Who runs ``cooperative``'s shop and can be written to: its managers and its partner's users.

    The two lists are read by their indexes and united before the users are: an OR across the two joins
    reads every user (6 ms a mail with 2,000 accounts, each order placed sends one)."""
    User = get_user_model()
    sellers = User.partners.through.objects.filter(partner_id=cooperative.partner_id).values("user_id")
    managers = User.managed_cooperatives.through.objects.filter(cooperative_id=cooperative.pk).values("user_id")
    return User.objects.filter(pk__in=sellers.union(managers), is_active=True).exclude(email="").order_by("pk")


def part_status_changed(*, part: OrderPart, old_status: str, new_status: str, dues=None) -> int:
    """Tell the buyer their part was shipped, delivered or cancelled. Returns the number of mails sent."""
    template = BUYER_MAILS.get(new_status)
    if template is None or old_status == new_status:
        return 0
    order = part.order
    if not order.email:
        logger.warning("Order %s has no e-mail address: no %s mail sent", order.number, new_status)
        return 0
    lines = part.lines.select_related("product", "weight_step")
    if new_status != OrderPart.Status.CANCELLED:
        # Lines cancelled one by one before the part moved on are not on their way.
        lines = lines.exclude(status=OrderPart.Status.CANCELLED)
    with translation.override(part.language):
        context = {
            "part": part,
            "order": order,
            "cooperative": part.cooperative,
            "lines": list(lines),
            "status_url": order_status_url(order),
            "site": Site.objects.get_current(),
            "dues": dues,
        }
        message = render_message(template, context, to=order.email, language=part.language)
    return send(message)


def order_parts_created(*, order, parts) -> int:
    """Tell each cooperative's staff about their own part of a new order. Returns the number of mails sent."""
    site = Site.objects.get_current()
    messages = []
    # The cooperatives' staff read the site's language (Vietnamese), whatever language the buyer used.
    with translation.override(settings.LANGUAGE_CODE):
        for part in parts:
            recipients = list(cooperative_staff(part.cooperative).values_list("email", flat=True))
            if not recipients:
                logger.warning("Cooperative %s has no staff to tell of order %s", part.cooperative, order.number)
                continue
            lines = list(part.lines.select_related("product", "weight_step"))
            context = {
                "part": part,
                "order": order,
                "cooperative": part.cooperative,
                "lines": lines,
                "part_total": sum((line.line_price_incl_tax for line in lines), part.delivery_fee),
                "address": order.shipping_address,
                # Staff run their shop from the workspace (a phone is enough); the part's page moves it on.
                "part_url": absolute_url(reverse("workspace:order-part", kwargs={"pk": part.pk})),
                "pick_list_url": absolute_url(reverse("fulfilment:pick-list", kwargs={"pk": part.pk})),
                "site": site,
            }
            for recipient in recipients:
                messages.append(render_message(NEW_ORDER_MAIL, context, to=recipient, language=settings.LANGUAGE_CODE))
    return send(*messages)


def render_message(template: str, context: dict, *, to: str, language: str) -> EmailMultiAlternatives:
    """A text mail with an HTML alternative, from ``<template>_subject.txt``, ``_body.txt`` and ``_body.html``."""
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"{template}_body.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers={"Content-Language": language},
    )
    message.attach_alternative(render_to_string(f"{template}_body.html", context), "text/html")
    return message


def send(*messages) -> int:
    if not messages:
        return 0
    try:
        return get_connection().send_messages(list(messages))
    except Exception:
        logger.exception("Could not send %d mail(s) to %s", len(messages), [m.to for m in messages])
        return 0
