"""The account's address book takes a Vietnamese address as checkout does (recipient, mobile, province
or city, ward or commune, house number and street; no postcode, country or district), the communes
following the province with and without JavaScript; a saved address is offered at checkout and prints."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories
from tests.addresses import BEN_THANH, GUEST_ADDRESS, HO_CHI_MINH_CITY
from tests.integration.checkout.test_checkout_addresses import HA_NOI, HOAN_KIEM, _commune_options, _place_order, _url

UserAddress = get_model("address", "UserAddress")
Order = get_model("order", "Order")
ADD = "/accounts/addresses/add/"


@pytest.fixture
def buyer_client(client, site):
    buyer = factories.user(email="lan@example.com")
    client.force_login(buyer)
    client.buyer = buyer
    return client


class TestAddressBookForm:
    def test_asks_the_vietnamese_address_and_no_postcode_or_country(self, buyer_client):
        html = buyer_client.get(ADD).content.decode()

        for label in (
            "Họ và tên người nhận",
            "Số điện thoại di động",
            "Tỉnh/Thành phố",
            "Phường/Xã",
            "Số nhà, tên đường",
        ):
            assert label in html
        for asked_no_more in ('name="postcode"', 'name="line4"', 'name="country"', 'name="state"', 'name="last_name"'):
            assert asked_no_more not in html
        assert "checkout/js/address.js" in html

    def test_stores_the_address_as_checkout_does(self, buyer_client):
        response = buyer_client.post(ADD, {**GUEST_ADDRESS, "phone_number": "0901 234 567"})

        assert response.status_code == 302
        address = UserAddress.objects.get(user=buyer_client.buyer)
        assert (address.first_name, address.line1, address.line3, address.line4, address.postcode) == (
            "Nguyễn Thị Lan",
            "12 Lê Lợi",
            "Phường Bến Thành",
            "Thành phố Hồ Chí Minh",
            "",
        )
        assert address.phone_number.as_e164 == "+84901234567" and address.country.iso_3166_1_a2 == "VN"

    def test_a_commune_of_another_province_or_a_landline_is_refused_and_nothing_stored(self, buyer_client):
        response = buyer_client.post(ADD, {**GUEST_ADDRESS, "province": str(HA_NOI), "phone_number": "028 3829 1234"})

        html = response.content.decode()
        assert response.status_code == 200
        assert "không thuộc" in html and "Thành phố Hà Nội" in html
        assert "số máy bàn" in html
        assert not UserAddress.objects.exists()

    def test_the_commune_list_follows_the_province_with_javascript(self, buyer_client):
        html = buyer_client.get(f"{ADD}?province={HA_NOI}").content.decode()

        assert HOAN_KIEM.name in _commune_options(html) and BEN_THANH.name not in _commune_options(html)

    def test_and_without_javascript(self, buyer_client):
        response = buyer_client.post(ADD, {**GUEST_ADDRESS, "province": str(HA_NOI), "show_communes": "1"})

        html = response.content.decode()
        assert response.status_code == 200
        assert HOAN_KIEM.name in _commune_options(html)
        assert "alert-danger" not in html
        assert not UserAddress.objects.exists()

    def test_editing_shows_the_saved_province_commune_and_mobile(self, buyer_client):
        buyer_client.post(ADD, GUEST_ADDRESS)
        address = UserAddress.objects.get()

        html = buyer_client.get(reverse("customer:address-detail", kwargs={"pk": address.pk})).content.decode()

        assert f'<option value="{HO_CHI_MINH_CITY}" selected>' in html
        assert f'<option value="{BEN_THANH.code}" selected>' in html
        assert 'value="090 123 4567"' in html

        response = buyer_client.post(
            reverse("customer:address-detail", kwargs={"pk": address.pk}),
            {**GUEST_ADDRESS, "province": str(HA_NOI), "commune": str(HOAN_KIEM.code), "line1": "5 Hàng Bài"},
        )
        assert response.status_code == 302
        address.refresh_from_db()
        assert (address.line1, address.line3, address.line4) == ("5 Hàng Bài", HOAN_KIEM.name, "Thành phố Hà Nội")


class TestSavedAddressAtCheckout:
    def test_is_offered_and_the_order_prints_it(self, buyer_client):
        buyer_client.post(ADD, GUEST_ADDRESS)
        saved = UserAddress.objects.get()
        product = factories.product(title="Nấm rơm")
        buyer_client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        page = buyer_client.get(_url("checkout:shipping-address")).content.decode()
        assert "Phường Bến Thành" in page

        buyer_client.post(_url("checkout:shipping-address"), {"address_id": saved.pk, "action": "ship_to"})
        response = _place_order(buyer_client)

        address = Order.objects.get(user=buyer_client.buyer).shipping_address
        assert (address.line1, address.line3, address.line4) == (
            "12 Lê Lợi",
            "Phường Bến Thành",
            "Thành phố Hồ Chí Minh",
        )
        html = response.content.decode()
        assert "Phường Bến Thành" in html and "090 123 4567" in html
