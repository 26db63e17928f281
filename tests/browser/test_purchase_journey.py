"""A buyer, in a real browser, from the home page to the order confirmation."""

import re

from oscar.core.loading import get_model

from tests import factories

Order = get_model("order", "Order")


def test_guest_buys_from_two_cooperatives_with_cash_on_delivery(live_site, phone):
    melon_coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    rice_coop = factories.cooperative(name="HTX Gạo Tân Nhựt")
    factories.product(melon_coop, title="Dưa lưới ruột cam", price=85000, is_flagship=True)
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
    page.locator("a[href='/checkout/']").last.click()

    page.fill("#id_username", "lan@example.com")
    page.check("input[name=options][value=anonymous]")
    gateway = page.locator("form", has=page.locator("input[name=options]"))
    gateway.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-address/"))

    page.fill("#id_first_name", "Lan")
    page.fill("#id_last_name", "Nguyễn")
    page.fill("#id_line1", "12 Lê Lợi")
    page.fill("#id_line4", "Thủ Đức")
    page.fill("#id_phone_number", "0901234567")
    page.locator("#new_shipping_address button[type=submit]").click()

    page.locator("#view_preview").click()
    page.locator("#place-order").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    order = Order.objects.get()
    assert order.number in page.content()
    assert order.lines.count() == 2
    assert "123.000" in page.content()
