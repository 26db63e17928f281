import oscar.apps.checkout.apps as apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked so that placing an order records how the buyer pays."""

    name = "checkout"
