"""Every page and state a buyer meets, on a 360×780 phone in Vietnamese: each one passes
``assert_page_is_fine`` (axe-core, no sideways scroll, no English), messages included.

Each test walks a part of the shop and reports every page that fails at once, so that one run shows
all that is left to say in Vietnamese."""

import re
from decimal import Decimal

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from lifecycle.parts import part_move
from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.journeys import enter_guest_details
from tests.fakes.stripe import FakeStripe

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")
ProductAlert = get_model("customer", "ProductAlert")
Notification = get_model("communication", "Notification")
UserAddress = get_model("address", "UserAddress")
WishList = get_model("wishlists", "WishList")
Country = get_model("address", "Country")


class Walk:
    """Audits each page it is shown and keeps what failed, to be told all together."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.problems = page, base_url, []

    def goto(self, path, what):
        self.page.goto(self.base_url + path)
        self.audit(what)

    def audit(self, what):
        self.page.wait_for_load_state()
        try:
            assert_page_is_fine(self.page)
        except AssertionError as problem:
            self.problems.append(f"{what}: {problem}")

    def assert_all_fine(self):
        assert not self.problems, "\n\n".join(self.problems)


def _shop():
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội", offers_pickup=True, pickup_address="Ấp Chánh")
    melons = factories.product(
        coop, title="Dưa lưới ruột cam", price=Decimal("85000"), category=factories.category("Trái cây")
    )
    rice = factories.product(coop, title="Gạo ST25", price=Decimal("38000"), category=factories.category("Gạo"))
    gone = factories.product(coop, title="Bưởi da xanh", price=Decimal("60000"), stock=0)
    return coop, melons, rice, gone


def _add_to_basket(page, base_url, product):
    page.goto(base_url + product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()


def _sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", "demo12345")
    with page.expect_navigation():
        page.click("button[name=login_submit]")


def test_shop_pages_speak_vietnamese(live_site, audited_phone):
    coop, melons, rice, gone = _shop()
    reviewer = factories.user(email="binh@example.com", first_name="Bình")
    ProductReview.objects.create(
        product=melons, user=reviewer, score=5, title="Ngọt, giòn", body="Dưa ngọt, giao nhanh.", status=1
    )
    storefront = factories.storefront(coop)
    batch = factories.batch(coop, melons, code="TTH-2611-01")
    factories.trace_event(batch, kind="harvested")
    FlatPage.objects.create(url="/gioi-thieu/", title="Giới thiệu", content="<p>Chợ của các hợp tác xã.</p>").sites.add(
        Site.objects.get_current()
    )
    walk = Walk(audited_phone, live_site.url)

    walk.goto("/", "home")
    walk.goto("/catalogue/", "catalogue")
    walk.goto(rice.categories.first().get_absolute_url(), "category")
    walk.goto(melons.get_absolute_url(), "product with a review")
    walk.goto(rice.get_absolute_url(), "product without reviews")
    walk.goto(gone.get_absolute_url(), "product out of stock")
    walk.goto(
        reverse("catalogue:reviews-add", kwargs={"product_slug": rice.slug, "product_pk": rice.pk}),
        "review form, not signed in",
    )
    walk.goto("/search/?q=dua+luoi", "search with results")
    walk.goto("/search/?q=xyzxyz", "search without results")
    walk.goto("/gioi-thieu/", "flat page")
    walk.goto(storefront.url, "storefront")
    walk.goto("/hop-tac-xa/", "the cooperatives")
    walk.goto("/noi-san-xuat/", "where the produce comes from")
    walk.goto("/trace/TTH-2611-01/", "trace page")
    walk.goto("/trace/KHONG-CO/", "trace page of an unknown code")
    walk.goto("/khong-co-trang-nay/", "404 page")
    walk.assert_all_fine()


def test_basket_and_guest_checkout_speak_vietnamese(live_site, audited_phone):
    _coop, melons, rice, _gone = _shop()
    page = audited_phone
    walk = Walk(page, live_site.url)

    walk.goto("/basket/", "empty basket")
    _add_to_basket(page, live_site.url, melons)
    walk.audit("product page with the added-to-basket message")
    _add_to_basket(page, live_site.url, rice)
    walk.goto("/basket/", "basket with lines")
    voucher_toggle = page.locator("#voucher_form_link a, a[href='#voucher']").first
    if voucher_toggle.count():
        voucher_toggle.click()
    page.locator("#id_code").fill("KHONGCO")
    page.locator("#voucher_form button[type=submit]").click()
    walk.audit("basket after an unknown voucher code")

    page.goto(live_site.url + "/checkout/")
    walk.audit("checkout: who are you")
    enter_guest_details(page)
    walk.audit("checkout: delivery method")
    page.locator("#choose-delivery").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    walk.audit("checkout: payment")
    page.check("#method-bank-transfer")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    walk.audit("checkout: preview")
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    walk.audit("thank-you page, VietQR transfer")

    # A second order, paid in cash on delivery; the address form audited with its errors first.
    _add_to_basket(page, live_site.url, rice)
    page.goto(live_site.url + "/checkout/")
    page.fill("#id_username", "lan@example.com")
    page.check("input[name=options][value=anonymous]")
    page.locator("form", has=page.locator("input[name=options]")).locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/shipping-address/"))
    walk.audit("checkout: shipping address")
    page.locator("#new_shipping_address button[type=submit]").click()
    walk.audit("checkout: shipping address with errors")
    page.goto(live_site.url + "/checkout/")
    enter_guest_details(page)
    page.locator("#choose-delivery").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    page.check("#method-cash-on-delivery")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    walk.audit("thank-you page, cash on delivery")

    # The guest finds an order again: the lookup form asks what she gave, then shows the order.
    order = Order.objects.order_by("pk").first()
    walk.goto(
        reverse("customer:anon-order-form", kwargs={"order_number": order.number, "hash": order.verification_hash()}),
        "guest order lookup",
    )
    page.fill("#id_email", "khong-phai@example.com")
    page.locator("main form [type=submit], form [type=submit]").last.click()
    walk.audit("guest order lookup, wrong e-mail")
    page.fill("#id_email", "lan@example.com")
    page.locator("main form [type=submit], form [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/order-status/"))
    walk.audit("guest order page")

    # Or by the order number and the mobile she gave (accounts/guest_orders.py).
    walk.goto("/accounts/order-lookup/", "guest order lookup by mobile")
    page.fill("#id_number", order.number)
    page.fill("#id_phone", "0909 999 999")
    page.locator("main form [type=submit], form [type=submit]").last.click()
    walk.audit("guest order lookup by mobile, wrong mobile")
    page.fill("#id_number", order.number)
    page.fill("#id_phone", "090 123 4567")
    page.locator("main form [type=submit], form [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/order-lookup/\d+/"))
    walk.audit("guest order page, found by mobile")
    walk.assert_all_fine()


def test_account_pages_speak_vietnamese(live_site, audited_phone):
    _coop, melons, rice, gone = _shop()
    buyer = factories.user(email="lan@example.com", first_name="Lan")
    order = factories.order_with_parts((melons, 2), (rice, 1), buyer=buyer)
    # A basket saved from an earlier visit, merged into the visitor's when she signs in.
    saved = Basket.objects.create(owner=buyer)
    saved.strategy = Selector().strategy()
    saved.add_product(rice, quantity=1)
    address = UserAddress.objects.create(
        user=buyer,
        first_name="Nguyễn Thị Lan",
        line1="12 Lê Lợi",
        line4="Thành phố Hồ Chí Minh",
        country=Country.objects.get(iso_3166_1_a2="VN"),
        phone_number="+84901234567",
    )
    WishList.objects.create(owner=buyer, name="Tết").add(melons)
    ProductAlert.objects.create(user=buyer, product=gone, status=ProductAlert.ACTIVE)
    Notification.objects.create(recipient=buyer, subject="Đơn hàng của bạn đã được giao")
    page = audited_phone
    walk = Walk(page, live_site.url)

    walk.goto("/accounts/login/", "sign-in and registration")
    page.fill("#id_login-username", "lan@example.com")
    page.fill("#id_login-password", "sai-mat-khau")
    page.click("button[name=login_submit]")
    walk.audit("sign-in with a wrong password")
    walk.goto("/accounts/phone/", "phone sign-in")
    # Password reset, from the form to the link in the e-mail and a new password (another buyer's).
    factories.user(email="hoa@example.com")
    walk.goto("/password-reset/", "password reset")
    page.fill("#id_email", "hoa@example.com")
    page.locator("form [type=submit]").last.click()
    walk.audit("password reset e-mail sent")
    link = re.search(r"https?://[^/\s]+(/password-reset/confirm/\S+/)", mail.outbox[-1].body).group(1)
    walk.goto(link, "password reset: new password")
    page.fill("#id_new_password1", "Dua-luoi-2026")
    page.fill("#id_new_password2", "Dua-luoi-2027")
    page.locator("main form [type=submit], form [type=submit]").last.click()
    walk.audit("password reset: passwords that differ")
    page.fill("#id_new_password1", "Dua-luoi-2026")
    page.fill("#id_new_password2", "Dua-luoi-2026")
    page.locator("main form [type=submit], form [type=submit]").last.click()
    page.wait_for_url(re.compile(r"/password-reset/complete/"))
    walk.audit("password reset complete")

    _add_to_basket(page, live_site.url, melons)
    _sign_in(page, live_site.url, "lan@example.com")
    assert page.get_by_text("Đã gộp 1 mặt hàng bạn chọn lần trước vào giỏ hàng.").is_visible()
    walk.audit("after signing in, the saved basket merged")
    walk.goto("/accounts/", "account summary")
    walk.goto("/accounts/profile/", "profile")
    walk.goto("/accounts/profile/edit/", "edit profile")
    walk.goto("/accounts/change-password/", "change password")
    walk.goto("/accounts/orders/", "order history")
    walk.goto(f"/accounts/orders/?order_number={order.number}", "order history, filtered")
    walk.goto("/accounts/orders/?date_from=31-31-2026", "order history, a wrong date")
    assert page.get_by_text("Xin sửa những chỗ được đánh dấu bên dưới.").is_visible()
    walk.goto("/workspace/", "403 page (a buyer in the cooperatives' workspace)")
    walk.goto(f"/accounts/orders/{order.number}/", "order detail")
    walk.goto("/accounts/addresses/", "address book")
    walk.goto("/accounts/addresses/add/", "address book: add")
    page.locator("main form [type=submit], form [type=submit]").last.click()
    walk.audit("address book: add, with errors")
    walk.goto(f"/accounts/addresses/{address.pk}/", "address book: edit")
    walk.goto("/accounts/wishlists/", "wish lists")
    wishlist = WishList.objects.get(owner=buyer)
    walk.goto(f"/accounts/wishlists/{wishlist.key}/", "a wish list")
    walk.goto("/accounts/wishlists/create/", "new wish list")
    walk.goto(f"/accounts/addresses/{address.pk}/delete/", "address book: delete")
    walk.goto("/accounts/profile/delete/", "delete profile")
    walk.goto("/accounts/notifications/inbox/", "notifications")
    walk.goto(f"/accounts/notifications/{Notification.objects.get(recipient=buyer).pk}/", "a notification")
    walk.goto("/accounts/alerts/", "stock alerts")
    walk.goto("/accounts/emails/", "e-mail history")
    page.goto(live_site.url + f"/accounts/orders/{order.number}/")
    page.locator("button[id^=reorder_line_]").first.click()
    walk.audit("buy a line again")

    # A delivered order may be reviewed.
    delivered = factories.order_with_parts((rice, 1), buyer=buyer)
    part = delivered.parts.get()
    for status in ("confirmed", "shipped", "delivered"):
        part = part_move(part=part, status=status, user=factories.officer())
    walk.goto(f"/accounts/orders/{delivered.number}/", "order detail, delivered")
    walk.goto(
        reverse("catalogue:reviews-add", kwargs={"product_slug": rice.slug, "product_pk": rice.pk}), "review form"
    )
    page.locator("#add_review_form [type=submit], form#add_review_form button").first.click()
    walk.audit("review form with errors")
    score = page.locator("#id_score")
    if score.evaluate("element => element.tagName") == "SELECT":
        score.select_option("4", force=True)
    else:
        page.locator("input[name=score][value='4']").check(force=True)
    page.fill("#id_title", "Gạo dẻo, thơm")
    page.fill("#id_body", "Nấu cơm dẻo, giao đúng hẹn.")
    with page.expect_navigation():
        page.locator("#add_review_form [type=submit], form#add_review_form button").first.click()
    assert ProductReview.objects.filter(product=rice, user=buyer).exists()
    walk.audit("review saved, with its message")
    walk.assert_all_fine()


@pytest.fixture
def stripe_for_the_live_site(settings, live_site):
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_WEBHOOK_SECRET = fake.webhook_secret = "whsec_browser"
    fake.webhook_url = live_site.url + "/payments/stripe/webhook/"
    yield fake
    fake.stop()


def test_card_payment_pages_speak_vietnamese(live_site, audited_phone, stripe_for_the_live_site):
    _coop, melons, _rice, _gone = _shop()
    page = audited_phone
    walk = Walk(page, live_site.url)
    _add_to_basket(page, live_site.url, melons)
    page.goto(live_site.url + "/checkout/")
    enter_guest_details(page)
    page.locator("#choose-delivery").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    page.check("#method-card")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    walk.audit("checkout: preview, paying by card")
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r"/pay/cs_test_"))  # Stripe's own page (a fake): not ours to audit
    page.locator("#pay").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    walk.audit("thank-you page, card")
    walk.assert_all_fine()
