"""The checkout's Vietnamese address: province, commune and street; a mobile number; e-mail optional for guests."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from common.phones import phone_display
from regions import divisions
from tests import factories
from tests.addresses import BEN_THANH, GUEST_ADDRESS

Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

HA_NOI = 1
HOAN_KIEM = next(commune for commune in divisions.communes_of(HA_NOI) if commune.name == "Phường Hoàn Kiếm")


def _url(name, language="vi"):
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def guest_at_address_step(client, site):
    """A guest who gave no e-mail address, with a product in the basket, at the address step."""
    product = factories.product(title="Rau cải ngọt", price=25000)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    response = client.post(_url("checkout:index"), {"username": "", "options": "anonymous"})
    assert response.status_code == 302
    assert response["Location"].endswith(_url("checkout:shipping-address"))
    return client


def _post_address(client, language="vi", **changes):
    data = {**GUEST_ADDRESS, **changes}
    return client.post(_url("checkout:shipping-address", language), data)


def _commune_options(html):
    select = html.split('name="commune"', 1)[1].split("</select>", 1)[0]
    return select


class TestAddressForm:
    def test_asks_commune_and_province_and_no_postcode_or_country(self, guest_at_address_step):
        html = guest_at_address_step.get(_url("checkout:shipping-address")).content.decode()
        for label in (
            "Họ và tên người nhận",
            "Số điện thoại di động",
            "Tỉnh/Thành phố",
            "Phường/Xã",
            "Số nhà, tên đường",
        ):
            assert label in html
        for asked_no_more in ('name="postcode"', 'name="line4"', 'name="country"', 'name="state"', "Mã vùng"):
            assert asked_no_more not in html
        # Ho Chi Minh City first and chosen; the list holds its communes only.
        assert f'<option value="{divisions.HO_CHI_MINH_CITY}" selected>Thành phố Hồ Chí Minh</option>' in html
        communes = _commune_options(html)
        assert "Phường Bến Thành" in communes and "Phường Hoàn Kiếm" not in communes

    @pytest.mark.parametrize(
        ("phone", "message"),
        [
            ("12345", "Đây không phải số điện thoại Việt Nam"),
            ("028 3829 1234", "Đây là số máy bàn"),
            ("+33 6 12 34 56 78", "Hãy nhập số di động Việt Nam"),
            ("", "Hãy nhập số điện thoại di động để nhận hàng."),
        ],
    )
    def test_refuses_a_number_that_is_no_vietnamese_mobile(self, guest_at_address_step, phone, message):
        response = _post_address(guest_at_address_step, phone_number=phone)
        assert response.status_code == 200
        assert message in response.content.decode()
        # Nothing was kept: the next step sends the buyer back to the address.
        assert guest_at_address_step.get(_url("checkout:shipping-method")).status_code == 302

    def test_refuses_a_missing_commune(self, guest_at_address_step):
        response = _post_address(guest_at_address_step, commune="")
        assert "Hãy chọn phường/xã." in response.content.decode()

    def test_refuses_a_commune_of_another_province_and_lists_the_right_ones(self, guest_at_address_step):
        response = _post_address(guest_at_address_step, province=str(HA_NOI), commune=str(BEN_THANH.code))
        html = response.content.decode()
        assert "Phường/xã này không thuộc Thành phố Hà Nội" in html
        communes = _commune_options(html)
        assert "Phường Hoàn Kiếm" in communes and "Phường Bến Thành" not in communes

    def test_says_it_in_english_under_en(self, guest_at_address_step):
        response = _post_address(guest_at_address_step, language="en", phone_number="028 3829 1234", commune="")
        html = response.content.decode()
        assert "This is a landline number" in html
        assert "Choose the ward or commune." in html

    def test_without_javascript_a_button_shows_the_communes_of_the_chosen_province(self, guest_at_address_step):
        response = _post_address(guest_at_address_step, province=str(HA_NOI), commune="", show_communes="1")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Hãy chọn phường/xã." not in html  # not a refusal: the buyer goes on choosing
        assert "Phường Hoàn Kiếm" in _commune_options(html)
        assert 'value="Nguyễn Thị Lan"' in html  # what was typed stays

    def test_the_commune_list_of_a_province_for_the_script(self, guest_at_address_step):
        html = guest_at_address_step.get(_url("checkout:shipping-address"), {"province": HA_NOI}).content.decode()
        assert "Phường Hoàn Kiếm" in _commune_options(html)

    def test_coming_back_shows_the_address_given(self, guest_at_address_step):
        _post_address(guest_at_address_step, province=str(HA_NOI), commune=str(HOAN_KIEM.code))
        html = guest_at_address_step.get(_url("checkout:shipping-address")).content.decode()
        assert f'<option value="{HOAN_KIEM.code}" selected>Phường Hoàn Kiếm</option>' in html
        assert 'value="090 123 4567"' in html


def _choose_delivery(client):
    groups = client.get(_url("checkout:shipping-method")).context["groups"]
    client.post(_url("checkout:shipping-method"), {f"delivery_{g.cooperative.pk}": g.delivery_method for g in groups})
    client.get(_url("checkout:payment-method"))


def _place_order(client):
    _choose_delivery(client)
    return client.post(_url("checkout:preview"), {"action": "place_order"}, follow=True)


class TestGuestWithoutEmail:
    def test_places_the_order_stores_the_address_and_sends_no_mail(self, guest_at_address_step, caplog):
        assert _post_address(guest_at_address_step, phone_number="+84 90 123 4567").status_code == 302
        _choose_delivery(guest_at_address_step)
        preview = guest_at_address_step.get(_url("checkout:preview")).content.decode()
        assert "090 123 4567" in preview and "Phường Bến Thành" in preview

        response = _place_order(guest_at_address_step)

        order = Order.objects.get()
        assert order.guest_email == ""
        address = order.shipping_address
        assert (address.first_name, address.line1, address.line3, address.line4) == (
            "Nguyễn Thị Lan",
            "12 Lê Lợi",
            "Phường Bến Thành",
            "Thành phố Hồ Chí Minh",
        )
        assert (address.line2, address.state, address.postcode, address.country_id) == ("", "", "", "VN")
        assert ShippingAddress.objects.filter(pk=address.pk, phone_number="+84901234567").exists()
        assert mail.outbox == []
        assert [record.getMessage() for record in caplog.records if record.levelname == "ERROR"] == []
        html = response.content.decode()
        assert order.number in html
        assert "090 123 4567" in html
        assert "12 Lê Lợi<br>Phường Bến Thành<br>Thành phố Hồ Chí Minh<br>Việt Nam" in html.replace("\n", "")

    def test_a_guest_who_gives_an_email_gets_the_confirmation(self, client, site):
        product = factories.product(title="Gạo thơm", price=120000)
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        client.post(_url("checkout:index"), {"username": "khach@example.com", "options": "anonymous"})
        _post_address(client)
        _place_order(client)
        assert Order.objects.get().guest_email == "khach@example.com"
        assert [message.to for message in mail.outbox] == [["khach@example.com"]]

    def test_signing_in_still_needs_the_email(self, client, site):
        product = factories.product(title="Gạo thơm", price=120000)
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        response = client.post(_url("checkout:index"), {"username": "", "options": "existing", "password": "x"})
        assert response.status_code == 200
        assert "Hãy nhập địa chỉ e-mail của tài khoản để đăng nhập." in response.content.decode()


class TestPhoneShown:
    @pytest.mark.parametrize(
        ("stored", "shown"),
        [
            ("+84901234567", "090 123 4567"),
            ("+84912345678", "091 234 5678"),
            ("+842838291234", "028 3829 1234"),
            ("", ""),
        ],
    )
    def test_as_people_write_it(self, stored, shown):
        assert phone_display(stored) == shown


class TestOldAddresses:
    def test_an_order_from_before_keeps_its_lines_on_the_buyers_page(self, client, site):
        buyer = factories.user(email="lan@example.com")
        order = factories.order_with_parts((factories.product(title="Nấm rơm"), 1), buyer=buyer)
        old = ShippingAddress.objects.create(
            first_name="Lan",
            last_name="Nguyễn",
            line1="12 Lê Lợi",
            line4="Thủ Đức",
            postcode="700000",
            phone_number="+84901234567",
            country=Country.objects.get(iso_3166_1_a2="VN"),
        )
        Order.objects.filter(pk=order.pk).update(shipping_address=old)
        client.force_login(buyer)

        response = client.get(reverse("customer:order", kwargs={"order_number": order.number}))

        html = response.content.decode()
        assert response.status_code == 200
        assert "12 Lê Lợi" in html and "Thủ Đức" in html and "700000" in html
        old.refresh_from_db()
        assert (old.line1, old.line3, old.line4, old.postcode) == ("12 Lê Lợi", "", "Thủ Đức", "700000")

    def test_a_signed_in_buyer_ships_to_an_address_book_entry_written_before(self, client, site):
        buyer = factories.user(email="lan@example.com")
        saved = UserAddress.objects.create(
            user=buyer,
            first_name="Lan",
            line1="12 Lê Lợi",
            line4="Thủ Đức",
            phone_number="+84901234567",
            country=Country.objects.get(iso_3166_1_a2="VN"),
        )
        client.force_login(buyer)
        product = factories.product(title="Nấm rơm")
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        page = client.get(_url("checkout:shipping-address")).content.decode()
        assert "Thủ Đức" in page  # offered from the address book, beside the new form

        client.post(_url("checkout:shipping-address"), {"address_id": saved.pk, "action": "ship_to"})
        response = _place_order(client)

        address = Order.objects.get(user=buyer).shipping_address
        assert (address.line1, address.line3, address.line4) == ("12 Lê Lợi", "", "Thủ Đức")
        assert "Thủ Đức" in response.content.decode() and "090 123 4567" in response.content.decode()
