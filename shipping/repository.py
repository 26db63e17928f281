from oscar.apps.shipping import repository

from fulfilment.selectors import basket_groups
from shipping.delivery import delivery_choices_get
from shipping.methods import CooperativeDelivery, CooperativeDeliveryEstimate


class Repository(repository.Repository):
    """One shipping method, priced from the per-cooperative choices kept in the checkout session."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        request = kwargs.get("request")
        choices = delivery_choices_get(request) if request is not None else {}
        groups = basket_groups(basket, choices)
        if groups and all(group.is_chosen for group in groups):
            return [CooperativeDelivery(groups)]
        return [CooperativeDeliveryEstimate(groups)]
