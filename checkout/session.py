"""Oscar's checkout session mixin, telling the buyer in the market rule's words which product can
no longer be bought and why (catalog/availability.py). Oscar's checkout views load it by get_class."""

from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import exceptions, session
from oscar.core.loading import get_class

Refused = get_class("partner.availability", "Refused")


class CheckoutSessionMixin(session.CheckoutSessionMixin):
    def check_user_email_is_captured(self, request):
        # A guest may give no e-mail address (checkout/forms.py, GatewayForm): having chosen to buy as a
        # guest is enough; the order then reaches them by the delivery address's mobile number.
        if not request.user.is_authenticated and guest_has_chosen(self.checkout_session):
            return
        super().check_user_email_is_captured(request)

    def check_basket_is_valid(self, request):
        refused = []
        for line in request.basket.all_lines():
            availability = request.strategy.fetch_for_line(line, line.stockrecord).availability
            if isinstance(availability, Refused):
                reason = availability.reason
                refused.append(_("%(reason)s Remove it from your basket to continue.") % {"reason": reason})
        if refused:
            raise exceptions.FailedPreCondition(url=reverse("basket:summary"), messages=refused)
        # Oscar's own check then tells of quantities above the stock left.
        super().check_basket_is_valid(request)


def guest_choose(checkout_session, email):
    """Record that the buyer goes on as a guest, with an e-mail address or none ("")."""
    checkout_session.set_guest_email(email or "")
    checkout_session._set("guest", "chosen", True)  # Oscar's session data has no public setter for more keys


def guest_has_chosen(checkout_session) -> bool:
    return bool(checkout_session._get("guest", "chosen")) or bool(checkout_session.get_guest_email())
