"""One "on sale / can be bought" rule (catalog/availability.py), whatever form a caller reads it in:
the Python rule (``is_on_sale``, ``purchase_refusal``) and every queryset form agree on each
adversarial stock record below, and the adoption indicators count the same stock records."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from adoption import indicators
from catalog import availability, selectors
from tests import factories

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")


def _record(coop=None, *, price=Decimal("30000"), stock=10, allocated=None, public=True, tracked=True):
    product = factories.product(coop, stock=stock)
    record = product.stockrecords.get()
    record.price, record.num_allocated = price, allocated
    record.save()
    product.is_public = public
    if not tracked:
        product.product_class = ProductClass.objects.get_or_create(slug="dich-vu", defaults={"track_stock": False})[0]
    product.save()
    return record


def _variant(*, parent_public=True, tracked=True, stock=10):
    record = _record(stock=stock, tracked=tracked)
    parent = record.product
    parent.structure, parent.is_public = Product.PARENT, parent_public
    parent.save()
    child = Product.objects.create(parent=parent, structure=Product.CHILD, title="Khổ qua 1 kg", is_public=True)
    record.product = child
    record.save()
    return record


def _without_cooperative():
    record = _record()
    record.partner = Partner.objects.create(name="Đối tác không có HTX")
    record.save()
    return record


# name: (build the stock record, on sale, can be bought)
CASES = {
    "sold and priced": (lambda: _record(), True, True),
    "private product": (lambda: _record(public=False), False, False),
    "variant": (lambda: _variant(), True, True),
    "variant with private parent": (lambda: _variant(parent_public=False), False, False),
    "variant sold out, parent's class counts": (lambda: _variant(stock=0), True, False),
    "variant sold out, parent's class does not count": (lambda: _variant(stock=0, tracked=False), True, True),
    "no price": (lambda: _record(price=None), True, False),
    "sold out, counted": (lambda: _record(stock=0), True, False),
    "no stock count, counted": (lambda: _record(stock=None), True, False),
    "all allocated": (lambda: _record(stock=5, allocated=5), True, False),
    "some allocated": (lambda: _record(stock=5, allocated=4), True, True),
    "sold out, class does not count": (lambda: _record(stock=0, tracked=False), True, True),
    "no stock count, class does not count": (lambda: _record(stock=None, tracked=False), True, True),
    "over-allocated, class does not count": (lambda: _record(stock=1, allocated=3, tracked=False), True, True),
    "suspended cooperative": (lambda: _record(factories.cooperative(status="suspended")), False, False),
    "unverified cooperative": (lambda: _record(factories.cooperative(status="applied")), False, False),
    "partner without cooperative": (_without_cooperative, False, False),
}


def _in(queryset, record):
    return queryset.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", CASES)
def test_every_form_of_the_rule_agrees_on_each_stock_record(db, name):
    build, on_sale, can_be_bought = CASES[name]
    record = StockRecord.objects.select_related("product__parent", "partner").get(pk=build().pk)
    product = record.product

    assert availability.is_on_sale(product, record) is on_sale
    assert (availability.purchase_refusal(product, record) is None) is can_be_bought
    assert _in(StockRecord.objects.filter(availability.on_sale_public_stockrecord()), record) is on_sale
    assert _in(StockRecord.objects.filter(availability.can_be_bought_stockrecord()), record) is can_be_bought
    # The adoption indicators count what can be bought, nothing of their own.
    assert _in(indicators.on_sale_stockrecords(), record) is can_be_bought
    coop = getattr(record.partner, "cooperative", None)
    if coop is not None:
        assert indicators.online_cooperatives().filter(pk=coop.pk).exists() is can_be_bought
    # The shop's lists show canonical products only (``browsable()``); they find a product by its own
    # stock records, so a parent sold only through its variants' records is not listed (no such
    # products are made today: the cooperatives' forms and imports make standalone products).
    if product.parent_id is None:
        assert selectors.products_on_sale_only().filter(pk=product.pk).exists() is on_sale
