import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    """Oscar's basket, forked so that a line's discount is always whole đồng."""

    name = "basket"
