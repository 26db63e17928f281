from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories

Order = get_model("order", "Order")


def _add_to_basket(client, product):
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, follow=False
    )
    assert response.status_code == 302


def _checkout(client, guest_email=None):
    if guest_email:
        client.post(reverse("checkout:index"), {"username": guest_email, "options": "anonymous"})
    client.post(
        reverse("checkout:shipping-address"),
        {
            "first_name": "Lan",
            "last_name": "Nguyễn",
            "line1": "12 Lê Lợi",
            "line4": "Thủ Đức",
            "country": "VN",
            "phone_number": "0901234567",
        },
    )
    client.get(reverse("checkout:shipping-method"))
    client.get(reverse("checkout:payment-method"))
    return client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)


class TestCashOnDeliveryCheckout:
    def test_guest_orders_from_two_cooperatives_in_one_basket(self, client, site):
        coop_a = factories.cooperative(name="HTX Rau an toàn Phước An")
        coop_b = factories.cooperative(name="HTX Gạo Bình Chánh")
        veg = factories.product(coop_a, title="Rau cải ngọt", price=25000)
        rice = factories.product(coop_b, title="Gạo thơm", price=120000)
        _add_to_basket(client, veg)
        _add_to_basket(client, rice)

        response = _checkout(client, guest_email="khach@example.com")

        order = Order.objects.get()
        html = response.content.decode()
        assert order.number in html
        assert order.guest_email == "khach@example.com"
        assert {line.partner.cooperative for line in order.lines.all()} == {coop_a, coop_b}
        assert order.total_incl_tax == 145000
        source = order.sources.get()
        assert source.source_type.code == "cash-on-delivery"
        assert source.amount_allocated == 145000
        assert "145.000\xa0₫" in html
        assert "Thanh toán khi nhận hàng (COD)" in html

    def test_signed_in_buyer_sees_order_in_history(self, client, site):
        buyer = factories.user(email="buyer@example.com")
        client.force_login(buyer)
        _add_to_basket(client, factories.product(title="Nấm rơm"))
        _checkout(client)
        order = Order.objects.get(user=buyer)
        html = client.get(reverse("customer:order-list")).content.decode()
        assert order.number in html
