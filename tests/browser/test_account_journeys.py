"""A buyer's address book and a guest's order lookup on a 360-px phone, in a real browser."""

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.test_workspace_journeys import sign_in

pytestmark = pytest.mark.browser

UserAddress = get_model("address", "UserAddress")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")


def test_a_buyer_saves_a_vietnamese_address_and_the_communes_follow_the_province(live_site, audited_phone):
    factories.user(email="lan@example.com")
    page = audited_phone
    sign_in(page, live_site.url, "lan@example.com")
    page.wait_for_load_state()

    page.goto(f"{live_site.url}/accounts/addresses/add/")
    assert_page_is_fine(page)
    page.fill("#id_first_name", "Nguyễn Thị Lan")
    page.fill("#id_phone_number", "090 123 4567")
    page.select_option("#id_province", label="Thành phố Hà Nội")
    page.wait_for_function(
        "!!document.querySelector('#id_commune option[value]') && "
        "[...document.querySelectorAll('#id_commune option')].some(o => o.text === 'Phường Hoàn Kiếm')"
    )
    page.select_option("#id_commune", label="Phường Hoàn Kiếm")
    page.fill("#id_line1", "5 Hàng Bài")
    page.locator("#address_book_form button[type=submit]").click()
    page.wait_for_url(f"{live_site.url}/accounts/addresses/")

    address = UserAddress.objects.get()
    assert (address.line1, address.line3, address.line4) == ("5 Hàng Bài", "Phường Hoàn Kiếm", "Thành phố Hà Nội")
    assert "Phường Hoàn Kiếm" in page.content()


def test_a_guest_finds_the_order_with_its_number_and_mobile(live_site, audited_phone):
    product = factories.product(title="Khổ qua")
    order = factories.order_with_parts((product, 1))
    address = ShippingAddress.objects.create(
        first_name="Lan",
        line1="12 Lê Lợi",
        line3="Phường Bến Thành",
        line4="Thành phố Hồ Chí Minh",
        phone_number="0901234567",
        country=Country.objects.get(iso_3166_1_a2="VN"),
    )
    Order.objects.filter(pk=order.pk).update(user=None, shipping_address=address)
    page = audited_phone

    page.goto(f"{live_site.url}/accounts/order-lookup/?number={order.number}")
    assert_page_is_fine(page)
    page.fill("#id_phone", "090 123 4567")
    page.get_by_role("button", name="Xem đơn hàng").click()
    page.wait_for_url(f"{live_site.url}/accounts/order-lookup/{order.number}/")

    assert "Khổ qua" in page.content() and "090 123 4567" in page.content()
    assert_page_is_fine(page)
