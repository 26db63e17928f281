"""Steps the buyer journeys share."""

import re


def assert_fits_the_phone(page):
    """Nothing wider than the 360-px screen: no sideways scrolling."""
    page.wait_for_load_state()  # a page still being replaced has no document to measure
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def enter_guest_details(page):
    """From the checkout's first page: buy as a guest, and give the delivery address."""
    page.fill("#id_username", "lan@example.com")
    page.check("input[name=options][value=anonymous]")
    page.locator("form", has=page.locator("input[name=options]")).locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-address/"))
    page.fill("#id_first_name", "Lan")
    page.fill("#id_last_name", "Nguyễn")
    page.fill("#id_line1", "12 Lê Lợi")
    page.fill("#id_line4", "Thủ Đức")
    page.fill("#id_phone_number", "0901234567")
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-method/"))
