"""A buyer, in a real browser, from the home page to the order confirmation."""

import re

from oscar.core.loading import get_model

from tests import factories
from tests.browser.journeys import assert_fits_the_phone, enter_guest_details

Order = get_model("order", "Order")


def test_guest_buys_from_two_cooperatives_with_cash_on_delivery(live_site, phone):
    melon_coop = factories.cooperative(
        name="HTX Dưa lưới Tân Thông Hội", offers_pickup=True, pickup_address="Ấp Chánh, xã Tân Thông Hội"
    )
    rice_coop = factories.cooperative(name="HTX Gạo Tân Nhựt", delivery_fee=25000)
    factories.product(melon_coop, title="Dưa lưới ruột cam", price=85000, is_flagship=True, image=factories.photo())
    factories.product(rice_coop, title="Gạo ST25", price=38000, category=factories.category("Gạo"))
    page = phone

    page.goto(live_site.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Dưa lưới ruột cam").first.click()
    page.get_by_role("heading", name="Dưa lưới ruột cam").wait_for()
    assert "HTX Dưa lưới Tân Thông Hội" in page.content()
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()

    page.goto(live_site.url + "/catalogue/")
    page.locator("article.product_pod", has_text="Gạo ST25").locator("button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()

    page.goto(live_site.url + "/basket/")
    basket = page.locator("#basket_formset")
    assert "Dưa lưới ruột cam" in basket.inner_text()
    assert "Gạo ST25" in basket.inner_text()
    # Grouped by cooperative, each with its subtotal.
    groups = page.locator(".basket-group")
    assert groups.count() == 2
    assert "Dưa lưới ruột cam" in groups.filter(has_text="HTX Dưa lưới Tân Thông Hội").inner_text()
    assert "38.000" in groups.filter(has_text="HTX Gạo Tân Nhựt").inner_text()
    assert_fits_the_phone(page)
    page.locator("a[href='/checkout/']").last.click()

    enter_guest_details(page)

    # Per cooperative: pickup for the melons (its address shown), delivery for the rice (its fee shown).
    melons = page.locator("fieldset.delivery-choice", has_text="HTX Dưa lưới Tân Thông Hội")
    assert "Ấp Chánh, xã Tân Thông Hội" in melons.inner_text()
    melons.locator("input[value=pickup]").check()
    rice = page.locator("fieldset.delivery-choice", has_text="HTX Gạo Tân Nhựt")
    assert "25.000" in rice.inner_text()
    assert rice.locator("input[value=pickup]").count() == 0
    assert_fits_the_phone(page)
    page.locator("#choose-delivery").click()

    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    assert page.locator(".checkout-group").count() == 2
    assert "148.000" in page.content()  # 85.000 + 38.000 + 25.000 delivery of the rice
    assert_fits_the_phone(page)
    page.locator("#place-order").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    order = Order.objects.get()
    assert order.number in page.content()
    assert order.lines.count() == 2
    assert order.total_incl_tax == 148000
    assert {(part.cooperative.name, part.delivery_method) for part in order.parts.all()} == {
        ("HTX Dưa lưới Tân Thông Hội", "pickup"),
        ("HTX Gạo Tân Nhựt", "delivery"),
    }
    assert page.locator(".order-part").count() == 2
    assert "148.000" in page.content()
    assert_fits_the_phone(page)
