"""One order's life on phones (issue 13): a buyer pays two cooperatives by VietQR, one cooperative
cancels its part, the buyer's page and QR code ask for the rest only, an officer records the
transfer, and both cooperatives' statements are right."""

import io
import re
from decimal import Decimal

import zxingcpp
from oscar.core.loading import get_model
from PIL import Image

from lifecycle import money
from payments.models import LedgerEntry, OrderPayment, PaymentStatus
from tests import factories
from tests.browser.journeys import assert_fits_the_phone, enter_guest_details
from tests.browser.test_cooperative_journey import _sign_in

Order = get_model("order", "Order")


def phone_of(browser):
    page = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True).new_page()
    page.set_default_timeout(60_000)
    return page


def qr_payload(page):
    """What a banking app reads from the QR code on the page (decoded from a screenshot)."""
    shot = page.locator("#bank-transfer .bank-transfer__qr").screenshot()
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    return decoded.text


def test_a_cancelled_part_is_neither_paid_for_nor_credited(live_site, phone, browser):
    url = live_site.url
    melon_coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    rice_coop = factories.cooperative(name="HTX Gạo Tân Nhựt")
    for coop in (melon_coop, rice_coop):
        coop.delivery_fee = 0
        coop.save(update_fields=["delivery_fee"])
    melon = factories.product(melon_coop, title="Dưa lưới ruột cam", price=Decimal("85000"))
    rice = factories.product(rice_coop, title="Gạo ST25", price=Decimal("38000"))
    factories.cooperative_staff(melon_coop, email="dualuoi@example.com")
    factories.officer(email="canbo@example.com")

    # The buyer fills a basket from two cooperatives and chooses VietQR.
    buyer = phone
    for product in (melon, rice):
        buyer.goto(f"{url}{product.get_absolute_url()}")
        buyer.locator("#add_to_basket_form button[type=submit]").click()
        buyer.locator(".alert-success").first.wait_for()
    buyer.goto(url + "/basket/")
    buyer.locator("a[href='/checkout/']").last.click()
    enter_guest_details(buyer)
    buyer.locator("#choose-delivery").click()
    buyer.wait_for_url(re.compile(r"/checkout/payment-details/"))
    buyer.check("#method-bank-transfer")
    buyer.locator("#view_preview").click()
    buyer.locator("#place-order").click()
    buyer.wait_for_url(re.compile(r"/checkout/thank-you/"))
    order = Order.objects.get()
    assert "540612300" in qr_payload(buyer)  # the whole order: 123.000 ₫

    # The melon cooperative cannot deliver and cancels its part, from a phone, with a reason.
    staff = phone_of(browser)
    _sign_in(staff, url, "dualuoi@example.com")
    staff.goto(f"{url}/dashboard/orders/{order.number}/")
    part = order.parts.get(cooperative=melon_coop)
    row = staff.locator(f"tr.order-part[data-part='{part.pk}']")
    row.locator("input[name=reason]").fill("Mưa đá làm hỏng dưa")
    with staff.expect_navigation():
        row.locator("button[value=cancelled]").click()
    part.refresh_from_db()
    assert part.status == "cancelled"

    # The buyer's page now asks for the rice only, in words and in the QR code.
    buyer.reload()
    assert buyer.locator("#bank-transfer [data-amount]").inner_text().startswith("38.000")
    payload = qr_payload(buyer)
    assert "540538000" in payload and f"CHOHTX {order.number}" in payload
    assert_fits_the_phone(buyer)

    # An officer sees 38.000 ₫ due and records the transfer that arrived.
    officer = phone_of(browser)
    _sign_in(officer, url, "canbo@example.com")
    officer.goto(url + "/payments/transfers/")
    payment = OrderPayment.objects.get(order=order)
    assert officer.locator(f"#amount-{payment.pk}").input_value() == "38000"
    officer.fill(f"#reference-{payment.pk}", "FT26340123")
    with officer.expect_navigation():
        officer.locator(f"#amount-{payment.pk}").locator("xpath=..").locator("button[type=submit]").click()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert money.order_dues(order).due == 0

    # Statements: the rice cooperative is credited 38.000 ₫, the melon cooperative nothing.
    officer.goto(f"{url}/payments/statement/?cooperative={rice_coop.pk}")
    assert officer.locator("[data-closing]").inner_text().startswith("38.000")
    officer.goto(f"{url}/payments/statement/?cooperative={melon_coop.pk}")
    assert officer.locator("[data-closing]").inner_text().startswith("0")
    assert_fits_the_phone(officer)
    assert not melon_coop.ledger_entries.exists()
    assert rice_coop.ledger_entries.get(kind=LedgerEntry.Kind.COLLECTED).amount == Decimal("38000")
    buyer.reload()
    buyer.locator("#bank-transfer-received").wait_for()
