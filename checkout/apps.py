"""Fork of oscar.apps.checkout: a Vietnamese address (province, commune, mobile), delivery or pickup per
cooperative, how the buyer pays, and a row-locked stock check at placement: one order is paid once but
sent by several cooperatives."""

import oscar.apps.checkout.apps as apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked so that placing an order records how the buyer pays."""

    name = "checkout"
