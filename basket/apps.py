"""Fork of oscar.apps.basket: a line's discount is always whole đồng (VND has no minor unit) and adding to
the basket costs a few queries however full it is (pinned in tests/integration/basket/test_basket_speed.py)."""

import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    """Oscar's basket, forked so that a line's discount is always whole đồng and adding to the basket
    takes a few queries however full it is (models.py, forms.py, views.py, middleware.py)."""

    name = "basket"
