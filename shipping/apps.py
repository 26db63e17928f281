"""Fork of oscar.apps.shipping: one method, each cooperative's part delivered or picked up as the buyer
chose, priced as the sum of the cooperatives' fees; Oscar's methods price the basket as one shipment."""

import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping, forked for one method: each cooperative's part delivered or picked up as chosen."""

    name = "shipping"
