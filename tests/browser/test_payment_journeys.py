"""Buyers on a phone, in a real browser: find produce typed without diacritics, buy from two
cooperatives, and pay by VietQR transfer or by card on (a fake of) Stripe's page."""

import re
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from lifecycle.receipts import transfer_record
from payments.models import LedgerEntry, OrderPayment, PaymentStatus
from tests import factories
from tests.browser.journeys import assert_fits_the_phone, enter_guest_details
from tests.fakes.stripe import FakeStripe

Order = get_model("order", "Order")


def two_cooperatives_products():
    melon_coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    rice_coop = factories.cooperative(name="HTX Gạo Tân Nhựt")
    factories.product(melon_coop, title="Dưa lưới ruột cam", price=Decimal("85000"))
    factories.product(rice_coop, title="Gạo ST25", price=Decimal("38000"), category=factories.category("Gạo"))
    return melon_coop, rice_coop


def search(page, words):
    """Type into the header's search box, opening the phone menu first if it is folded away."""
    box = page.locator("#id_q")
    if not box.is_visible():
        page.locator("button.navbar-toggler[data-target='#navbarSupportedContent']").click()
    box.fill(words)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/"))


def add_first_result(page, title):
    result = page.locator("article.product_pod", has_text=title).first
    result.locator("button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()


def checkout_as_guest_to_payment(page, base_url):
    page.goto(base_url + "/basket/")
    assert page.locator(".basket-group").count() == 2
    page.locator("a[href='/checkout/']").last.click()
    enter_guest_details(page)
    page.locator("#choose-delivery").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))


def test_search_without_diacritics_then_pay_by_vietqr_transfer(live_site, phone):
    melon_coop, _rice_coop = two_cooperatives_products()
    page = phone
    page.goto(live_site.url + "/")
    search(page, "dua luoi")  # typed without marks, as on many phones
    page.get_by_role("link", name="Dưa lưới ruột cam").first.click()
    page.get_by_role("heading", name="Dưa lưới ruột cam").wait_for()
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()
    search(page, "GAO st25")
    add_first_result(page, "Gạo ST25")

    checkout_as_guest_to_payment(page, live_site.url)
    page.check("#method-bank-transfer")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    assert "VietQR" in page.locator("#chosen-payment-method").inner_text()
    page.locator("#place-order").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    order = Order.objects.get()
    transfer = page.locator("#bank-transfer")
    assert transfer.locator("svg").count() == 1
    assert f"CHOHTX {order.number}" in transfer.locator("[data-note]").inner_text()
    assert transfer.locator("[data-amount]").inner_text().startswith(f"{int(order.total_incl_tax):,}".replace(",", "."))
    assert_fits_the_phone(page)

    # The department sees the money arrive and marks it received; the buyer's page says so.
    payment = OrderPayment.objects.get(order=order)
    transfer_record(order=payment.order, amount=payment.amount, reference="FT26333", user=factories.officer())
    page.reload()
    page.locator("#bank-transfer-received").wait_for()
    assert melon_coop.ledger_entries.filter(kind=LedgerEntry.Kind.COLLECTED).exists()


@pytest.fixture
def stripe_for_the_live_site(settings, live_site):
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_WEBHOOK_SECRET = fake.webhook_secret = "whsec_browser"
    fake.webhook_url = live_site.url + "/payments/stripe/webhook/"
    yield fake
    fake.stop()


def test_pay_by_card_on_stripes_page(live_site, phone, stripe_for_the_live_site):
    two_cooperatives_products()
    page = phone
    page.goto(live_site.url + "/search/?q=dua+luoi")
    add_first_result(page, "Dưa lưới ruột cam")
    page.goto(live_site.url + "/search/?q=gao")
    add_first_result(page, "Gạo ST25")

    checkout_as_guest_to_payment(page, live_site.url)
    page.check("#method-card")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    page.locator("#place-order").click()

    # Stripe's page (the fake), charging the order's total in đồng.
    page.wait_for_url(re.compile(r"/pay/cs_test_"))
    order = Order.objects.get()
    assert page.locator("#amount").inner_text() == f"{int(order.total_incl_tax)} vnd"
    page.locator("#pay").click()

    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    assert OrderPayment.objects.get(order=order).status == PaymentStatus.PAID
    page.reload()
    assert page.locator("[data-payment-status=paid]").count() == 1
