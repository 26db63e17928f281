"""A guest finds an order later by its number and the delivery's mobile number (issue 15), since a
guest who gave no e-mail has no link to Oscar's order-status page.

- Only guests' orders (no account) are found this way; an account's orders are in its history.
- The mobile is compared normalised (common/phones.py), however it is typed.
- A wrong mobile and an order that does not exist get the same answer.
- Tries are throttled per client address and per mobile, counted whether they succeed or not, so
  neither one connection nor many can guess the orders of a number.
- A found order is remembered in the session: the order page opens for that session only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from common.throttle import over_limit

Order = get_model("order", "Order")

SESSION_KEY = "guest_orders"
NOT_FOUND = _(
    "We found no order with this order number and mobile number. Check both: the number is in the "
    "confirmation and in our SMS, the mobile is the one given for the delivery."
)


def _throttle(*, phone: str, client_address: str) -> None:
    window = settings.GUEST_ORDER_LOOKUP_WINDOW_SECONDS
    by_address = over_limit(
        f"guest-order-address:{client_address}", limit=settings.GUEST_ORDER_LOOKUPS_PER_ADDRESS, window_seconds=window
    )
    by_phone = over_limit(
        f"guest-order-phone:{phone}", limit=settings.GUEST_ORDER_LOOKUPS_PER_PHONE, window_seconds=window
    )
    if by_address or by_phone:
        raise ValidationError(
            _("Too many order lookups. For the buyers' safety, try again in %(minutes)s minutes."),
            code="throttled",
            params={"minutes": window // 60},
        )


def guest_order_find(*, number: str, phone: str, client_address: str):
    """The guest order ``number`` delivered to ``phone`` (E.164), or None; ValidationError when throttled."""
    _throttle(phone=phone, client_address=client_address)
    return (
        Order.objects.filter(user__isnull=True, number=number.strip(), shipping_address__phone_number=phone)
        .only("pk", "number")
        .first()
    )


def guest_order_remember(session, order) -> None:
    """Let this session open ``order``'s page."""
    numbers = [number for number in session.get(SESSION_KEY, []) if number != order.number]
    session[SESSION_KEY] = [*numbers[-9:], order.number]


def guest_order_remembered(session, number: str):
    """The guest order ``number`` when this session found it, else None."""
    if number not in session.get(SESSION_KEY, []):
        return None
    return Order.objects.filter(user__isnull=True, number=number).select_related("shipping_address").first()
