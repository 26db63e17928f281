"""Whole đồng everywhere: offers, basket totals and what the buyer sees."""

from decimal import Decimal

from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_offer

from tests import factories

Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
Range = get_model("offer", "Range")


def _percentage_offer(percent):
    everything = Range.objects.create(name="Tất cả", includes_all_products=True)
    return create_offer(
        product_range=everything,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=Decimal(percent)),
    )


def test_percentage_discount_is_rounded_down_to_whole_dong(client, site):
    _percentage_offer(33)
    product = factories.product(title="Nước dừa tươi", price=9999)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    response = client.get(reverse("basket:summary"))
    basket = response.context["basket"]

    # 33% of 9.999 ₫ is 3.299,67 ₫: the buyer gets 3.299 ₫ off, never a fraction of a đồng.
    assert basket.total_discount == Decimal("3299")
    assert basket.total_incl_tax == Decimal("6700")
    html = response.content.decode()
    assert "6.700\xa0₫" in html
    assert ",67" not in html and ",33" not in html


def test_order_with_discounted_lines_of_two_cooperatives_totals_whole_dong(client, site):
    from tests.integration.checkout.test_checkout import _checkout

    _percentage_offer(33)
    coconut = factories.product(factories.cooperative(), title="Dừa xiêm", price=9999)
    honey = factories.product(factories.cooperative(), title="Mật ong", price=14999)
    for product in (coconut, honey):
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    _checkout(client, guest_email="khach@example.com")

    order = get_model("order", "Order").objects.get()
    # 9.999 - 3.299 + 14.999 - 4.949: each line's share rounded down to whole đồng; then two delivery fees.
    assert order.basket_total_incl_tax == Decimal("16750")
    assert order.total_incl_tax == Decimal("16750") + 2 * Decimal("30000")
    for line in order.lines.all():
        assert line.line_price_incl_tax == line.line_price_incl_tax.to_integral_value()
        discount = line.line_price_before_discounts_incl_tax - line.line_price_incl_tax
        assert discount in (Decimal("3299"), Decimal("4949"))
    # The order's record of the offer says what the lines were given (Oscar would say 8.249 ₫).
    assert order.discounts.get().amount == Decimal("8248")
