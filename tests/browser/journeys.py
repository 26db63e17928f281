"""Steps the buyer journeys share."""

import re


def assert_fits_the_phone(page):
    """Nothing wider than the 360-px screen: no sideways scrolling."""
    page.wait_for_load_state()  # a page still being replaced has no document to measure
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def enter_guest_details(page, email="lan@example.com"):
    """From the checkout's first page: buy as a guest (with an e-mail address or none), and give a
    Vietnamese delivery address: Phường Bến Thành, Thành phố Hồ Chí Minh (preselected)."""
    page.fill("#id_username", email)
    page.check("input[name=options][value=anonymous]")
    page.locator("form", has=page.locator("input[name=options]")).locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-address/"))
    page.fill("#id_first_name", "Nguyễn Thị Lan")
    page.fill("#id_phone_number", "090 123 4567")
    page.select_option("#id_province", label="Thành phố Hồ Chí Minh")
    page.select_option("#id_commune", label="Phường Bến Thành")
    page.fill("#id_line1", "12 Lê Lợi")
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-method/"))


def sign_in(page, base_url, email, password="demo12345"):
    """Sign in with e-mail and password on the shop's sign-in page, and wait for the page it leads to."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", password)
    with page.expect_navigation():
        page.locator("button[name=login_submit]").click()


def phone_page(browser):
    """A second 360×780 phone (another person) that axe-core may be injected into; returns (context, page)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page
