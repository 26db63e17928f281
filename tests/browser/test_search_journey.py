"""Search on a 360×780 phone: suggestions while typing, sorting, and a search that finds nothing."""

import re

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.journeys import enter_guest_details

Order = get_model("order", "Order")


@pytest.fixture
def melons(live_site):
    commune = factories.commune("Tân Thông Hội", "Củ Chi")
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội", commune=commune)
    fruit = factories.category("Trái cây")
    factories.product(coop, title="Dưa lưới ruột cam Taki", category=fruit, price=85000, image=None)
    factories.product(coop, title="Dưa lưới ruột xanh", category=fruit, price=80000, image=None)
    factories.product(title="Gạo ST25", category=factories.category("Gạo và ngũ cốc"), price=38000, image=None)
    return coop


def _search_box(page):
    box = page.locator("form[action='/search/'] input[name='q']").first
    if not box.is_visible():  # on a phone the header's search sits in the collapsed menu
        page.locator("button.navbar-toggler[data-target='#navbarSupportedContent']").click()
    return box


def test_suggestions_while_typing_lead_to_the_product(melons, live_site, phone):
    """With the site's own Content-Security-Policy: the script is the site's, the answer JSON."""
    errors = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone.goto(live_site.url + "/search/?q=gao")
    box = _search_box(phone)
    box.fill("")
    box.press_sequentially("dua lu", delay=60)
    options = phone.locator("[role='listbox'] [role='option']")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    labels = options.all_inner_texts()
    assert {"Dưa lưới ruột cam Taki", "Dưa lưới ruột xanh"} <= set(labels)
    assert "HTX Dưa lưới Tân Thông Hội" in labels
    box.press("ArrowDown")
    first = labels[0]
    box.press("Enter")
    phone.wait_for_load_state()
    assert first in phone.title() or first in phone.locator("h1").first.inner_text()
    assert errors == []


def test_search_pages_are_fine_on_a_phone(melons, live_site, audited_phone):
    page = audited_phone
    page.goto(live_site.url + "/search/?q=dua+luoi+cu+chi")
    assert page.locator(".product_pod").count() == 2
    assert_page_is_fine(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Giá thấp đến cao").click()
    titles = page.locator(".product_pod h3 a").evaluate_all("links => links.map(a => a.textContent.trim())")
    assert titles == ["Dưa lưới ruột xanh", "Dưa lưới ruột cam Taki"]
    box = _search_box(page)
    box.fill("")
    box.press_sequentially("gao s", delay=60)
    page.locator("[role='listbox'] [role='option']").first.wait_for()
    assert_page_is_fine(page)  # with the suggestions open
    page.goto(live_site.url + "/search/?q=sau+rieng")
    assert page.get_by_text("Thử tìm những món này").is_visible()
    assert_page_is_fine(page)


def test_a_buyer_finds_dua_luoi_cu_chi_and_pays_by_vietqr_without_an_email(melons, live_site, audited_phone, settings):
    """Issue 15's first journey, in one go on a 360×780 phone, every page audited whole: search typed
    without marks → product → basket → checkout with a commune, a mobile number and no e-mail →
    the VietQR block with its copy buttons."""
    settings.VIETQR_BANK_NAME = "Vietcombank"
    page = audited_phone
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.url)

    page.goto(live_site.url + "/")
    assert_page_is_fine(page)
    box = _search_box(page)
    box.fill("dua luoi cu chi")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=dua"))
    assert page.locator(".product_pod").count() == 2
    assert_page_is_fine(page)

    page.get_by_role("link", name="Dưa lưới ruột cam Taki").first.click()
    page.get_by_role("heading", name="Dưa lưới ruột cam Taki").wait_for()
    assert_page_is_fine(page)
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()
    assert_page_is_fine(page)

    page.goto(live_site.url + "/basket/")
    assert "Dưa lưới ruột cam Taki" in page.locator("#content_inner").inner_text()
    assert_page_is_fine(page)
    page.locator("a[href='/checkout/']").last.click()
    page.wait_for_url(re.compile(r"/checkout/$"))
    assert_page_is_fine(page)
    enter_guest_details(page, email="")  # a guest without an e-mail address
    assert_page_is_fine(page)
    page.locator("#choose-delivery").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    assert_page_is_fine(page)
    page.check("#method-bank-transfer")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    assert "Phường Bến Thành" in page.content() and "090 123 4567" in page.content()
    assert_page_is_fine(page)
    page.locator("#place-order").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    order = Order.objects.get()
    assert order.guest_email == ""
    assert str(order.shipping_address.phone_number) == "+84901234567"
    transfer = page.locator("#bank-transfer")
    assert transfer.locator("svg").count() == 1
    assert transfer.locator("[data-note]").inner_text() == f"CHOHTX {order.number}"
    for name, value in [
        ("Sao chép số tài khoản", transfer.locator("[data-account]").inner_text()),
        ("Sao chép số tiền", str(int(order.total_incl_tax))),
        ("Sao chép nội dung chuyển khoản", f"CHOHTX {order.number}"),
    ]:
        page.get_by_role("button", name=name).click()
        page.locator("#copy-status", has_text="Đã chép").wait_for(state="attached")
        assert page.evaluate("navigator.clipboard.readText()") == value, name
    assert_page_is_fine(page)
    page.wait_for_load_state("networkidle")  # no request in flight while the live server's database is flushed
