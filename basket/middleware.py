"""Oscar's basket middleware, without working out offers for a request that only changes the basket.

Oscar applies the site's offers and the basket's vouchers to the basket as soon as a request reads
it: counting its lines, fetching the offers and vouchers, loading every line with its attributes and
product images (with an offer, a few queries per line). Adding to the basket throws that work away
(``Basket.add_product`` resets the offer applications) and answers with a redirect; the page it
leads to reads the basket again, and Oscar applies the offers there, as on every page that shows
the basket. A view says so by setting ``request.basket_needs_offers = False`` before it first reads
the basket (basket/views.py); everything else is Oscar's.
"""

from oscar.apps.basket import middleware


class BasketMiddleware(middleware.BasketMiddleware):
    def apply_offers_to_basket(self, request, basket):
        if getattr(request, "basket_needs_offers", True):
            super().apply_offers_to_basket(request, basket)
