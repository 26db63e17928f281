"""A guest on a 360-px phone buys with a Vietnamese address and mobile number, and no e-mail address."""

import re

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests.browser.audits import assert_page_is_fine

Order = get_model("order", "Order")

pytestmark = pytest.mark.browser


def test_guest_checks_out_with_a_commune_and_a_mobile_and_no_email(live_site, audited_phone):
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    product = factories.product(coop, title="Dưa lưới ruột cam", price=85000)
    page = audited_phone

    page.goto(f"{live_site.url}/catalogue/{product.slug}_{product.pk}/")
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()
    page.goto(live_site.url + "/checkout/")
    assert_page_is_fine(page)
    page.check("input[name=options][value=anonymous]")  # the e-mail field left empty
    page.locator("form", has=page.locator("input[name=options]")).locator("button[type=submit]").click()

    page.wait_for_url(re.compile(r"/checkout/shipping-address/"))
    assert page.locator("#id_postcode").count() == 0 and page.locator("#id_line4").count() == 0
    page.fill("#id_first_name", "Nguyễn Thị Lan")
    page.fill("#id_phone_number", "0283 829 1234")  # a landline first
    # Another province: the commune list becomes its communes, without leaving the page.
    page.select_option("#id_province", label="Thành phố Hà Nội")
    page.locator("#id_commune option", has_text="Phường Hoàn Kiếm").wait_for(state="attached")
    assert page.locator("#id_commune option", has_text="Phường Bến Thành").count() == 0
    page.select_option("#id_province", label="Thành phố Hồ Chí Minh")
    page.locator("#id_commune option", has_text="Phường Bến Thành").wait_for(state="attached")
    page.select_option("#id_commune", label="Phường Bến Thành")
    page.fill("#id_line1", "12 Lê Lợi")
    assert_page_is_fine(page)
    page.locator("#new_shipping_address button[type=submit]:not([name])").click()

    page.get_by_text("Đây là số máy bàn").wait_for()
    assert_page_is_fine(page)
    page.fill("#id_phone_number", "090 123 4567")
    page.locator("#new_shipping_address button[type=submit]:not([name])").click()

    page.wait_for_url(re.compile(r"/checkout/shipping-method/"))
    page.locator("#choose-delivery").click()
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    assert "Phường Bến Thành" in page.content() and "090 123 4567" in page.content()
    assert_page_is_fine(page)
    page.locator("#place-order").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    order = Order.objects.get()
    assert order.guest_email == ""
    assert order.shipping_address.line3 == "Phường Bến Thành"
    assert str(order.shipping_address.phone_number) == "+84901234567"
    assert "090 123 4567" in page.content()
    assert_page_is_fine(page)
