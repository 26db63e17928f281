"""Oscar's default strategy (the first stock record, stock required, no tax), with the market's rule
for what can be bought (catalog/availability.py) as its availability policy: Oscar's basket form,
basket page, checkout and order placement all ask the strategy, so all refuse what the rule refuses."""

from oscar.apps.partner import strategy

from catalog.availability import purchase_refusal
from partner.availability import Refused


class MarketRule:
    """Availability policy mixin: refused, with the rule's reason, unless the product can be bought;
    then Oscar's stock-required policy (how many may be bought)."""

    def availability_policy(self, product, stockrecord):
        reason = purchase_refusal(product, stockrecord)
        if reason is not None:
            counted = stockrecord is not None and product.get_product_class().track_stock
            return Refused(reason, num_available=max(stockrecord.net_stock_level, 0) if counted else None)
        return super().availability_policy(product, stockrecord)


class Default(strategy.UseFirstStockRecord, MarketRule, strategy.StockRequired, strategy.NoTax, strategy.Structured):
    def fetch_for_line(self, line, stockrecord=None):
        # The line's own stock record, which the basket loads with its cooperative (basket/models.py),
        # where Oscar's looks the product's first one up again, a query per line.
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)


class Selector(strategy.Selector):
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
