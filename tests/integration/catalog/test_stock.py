"""Stock is honest on the shop front: "only N left" when little remains, "out of stock" when
none, and a product out of stock offers Oscar's stock alert, whose e-mail goes out (in
Vietnamese) when the cooperative restocks."""

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from tests import factories

ProductAlert = get_model("customer", "ProductAlert")
StockRecord = get_model("partner", "StockRecord")


def _restock(product, quantity):
    stockrecord = StockRecord.objects.get(product=product)
    stockrecord.num_in_stock = quantity
    stockrecord.save()


def _card_text(client, product):
    html = client.get("/en/catalogue/").content.decode()
    start = html.index(product.title)
    return " ".join(html[start : start + 3000].split())


class TestStockOnCards:
    def test_low_stock_says_how_many_are_left(self, client, site):
        product = factories.product(title="Dưa lưới ít", stock=3)
        assert "Only 3 left" in _card_text(client, product)

    def test_plenty_of_stock_says_in_stock(self, client, site):
        product = factories.product(title="Dưa lưới nhiều", stock=50)
        text = _card_text(client, product)
        assert "In stock" in text
        assert "left" not in text

    def test_no_stock_says_out_of_stock(self, client, site):
        product = factories.product(title="Dưa lưới hết", stock=0)
        assert "Out of stock" in _card_text(client, product)

    def test_allocated_units_count_as_gone(self, client, site):
        product = factories.product(title="Dưa lưới giữ chỗ", stock=10)
        StockRecord.objects.filter(product=product).update(num_allocated=8)
        assert "Only 2 left" in _card_text(client, product)

    def test_threshold_is_a_setting(self, client, site, settings):
        settings.LOW_STOCK_THRESHOLD = 2
        product = factories.product(title="Dưa lưới ba quả", stock=3)
        text = _card_text(client, product)
        assert "In stock" in text
        assert "Only 3 left" not in text


class TestStockOnProductPage:
    def test_low_stock_on_product_page(self, client, site):
        product = factories.product(stock=1)
        html = client.get("/en" + product.get_absolute_url()).content.decode()
        assert "Only 1 left" in html
        assert 'id="add_to_basket_form"' in html

    def test_out_of_stock_offers_an_alert_instead_of_the_basket(self, client, site):
        product = factories.product(stock=0)
        html = client.get("/en" + product.get_absolute_url()).content.decode()
        assert "Out of stock" in html
        assert 'id="alert_form"' in html
        assert 'id="add_to_basket_form"' not in html
        # Guests leave their e-mail address.
        assert 'name="email"' in html


class TestStockAlerts:
    def test_signed_in_buyer_gets_a_vietnamese_email_when_stock_is_back(self, client, site, mailoutbox):
        buyer = factories.user(email="nguoimua@example.com")
        product = factories.product(title="Xoài cát Hòa Lộc", stock=0)
        client.force_login(buyer)
        response = client.post(reverse("customer:alert-create", kwargs={"pk": product.pk}))
        assert response.status_code == 302
        alert = ProductAlert.objects.get(product=product)
        assert alert.user == buyer and alert.status == ProductAlert.ACTIVE
        assert "You have an active stock alert" in client.get("/en" + product.get_absolute_url()).content.decode()

        mailoutbox.clear()
        with translation.override("vi"):
            _restock(product, 20)
        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == ["nguoimua@example.com"]
        assert message.subject.strip() == "Xoài cát Hòa Lộc đã có hàng trở lại"
        assert "đã có hàng trở lại" in message.body
        alert.refresh_from_db()
        assert alert.status == ProductAlert.CLOSED

    def test_guest_confirms_by_email_then_is_told_when_stock_is_back(self, client, site, mailoutbox):
        product = factories.product(title="Bưởi da xanh", stock=0)
        client.post(reverse("customer:alert-create", kwargs={"pk": product.pk}), {"email": "khach@example.com"})
        alert = ProductAlert.objects.get(product=product)
        assert alert.status == ProductAlert.UNCONFIRMED
        assert mailoutbox[-1].to == ["khach@example.com"]
        client.get(alert.get_confirm_url())
        alert.refresh_from_db()
        assert alert.status == ProductAlert.ACTIVE

        mailoutbox.clear()
        with translation.override("vi"):
            _restock(product, 5)
        assert [message.to for message in mailoutbox] == [["khach@example.com"]]
        assert "Bưởi da xanh đã có hàng trở lại" in mailoutbox[0].subject

    def test_no_email_while_still_out_of_stock(self, client, site, mailoutbox):
        buyer = factories.user()
        product = factories.product(stock=0)
        client.force_login(buyer)
        client.post(reverse("customer:alert-create", kwargs={"pk": product.pk}))
        mailoutbox.clear()
        _restock(product, 0)
        assert mailoutbox == []
        assert ProductAlert.objects.get(product=product).status == ProductAlert.ACTIVE

    @pytest.mark.parametrize("email", ["", "not-an-email"])
    def test_guest_with_a_bad_address_stores_nothing(self, client, site, email):
        product = factories.product(stock=0)
        client.post(reverse("customer:alert-create", kwargs={"pk": product.pk}), {"email": email})
        assert not ProductAlert.objects.filter(product=product).exists()
