"""The buyer's delivery choice for each cooperative, kept in Oscar's checkout session.

Stored as {"<cooperative id>": "delivery" | "pickup"} in the session's "shipping" namespace, so that
Oscar forgets it whenever it forgets the shipping method (a new address, a placed order).
"""

from oscar.core.loading import get_class

from common.params import is_ascii_digits

CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")

SESSION_KEY = "cooperative_choices"


def delivery_choices_get(request) -> dict[int, str]:
    # Read without CheckoutSessionData, which would create (and save) an empty checkout namespace.
    stored = request.session.get(CheckoutSessionData.SESSION_KEY, {}).get("shipping", {}).get(SESSION_KEY) or {}
    return {int(key): value for key, value in stored.items() if is_ascii_digits(str(key))}


def delivery_choices_set(request, choices: dict[int, str]) -> None:
    CheckoutSessionData(request)._set("shipping", SESSION_KEY, {str(key): value for key, value in choices.items()})
