"""Oscar's checkout session mixin, telling the buyer in the market rule's words which product can
no longer be bought and why (catalog/availability.py). Oscar's checkout views load it by get_class."""

from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout import exceptions, session
from oscar.core.loading import get_class

Refused = get_class("partner.availability", "Refused")


class CheckoutSessionMixin(session.CheckoutSessionMixin):
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
