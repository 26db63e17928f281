"""Buyers' pages without jQuery, Bootstrap's bundle or Oscar's ui.js (issue 15, item 9): one small script of
ours (marketplace/js/shop_ui.js) opens the menus, closes the alerts, turns the photos, and runs the basket's and
the checkout's forms, as those three did, on a 360×780 phone (the browse menu on a wide screen)."""

import re

import pytest
from django.core.files.base import ContentFile
from oscar.core.loading import get_model

from lifecycle.parts import part_move
from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.journeys import sign_in

ProductImage = get_model("catalogue", "ProductImage")
WishList = get_model("wishlists", "WishList")

OSCARS_SCRIPTS = re.compile(r"jquery|bootstrap\.bundle|/oscar/js/oscar/ui\.js")


@pytest.fixture
def melon(live_site):
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    return factories.product(coop, title="Dưa lưới ruột cam", price=85000, is_flagship=True, image=factories.photo())


def _add_to_basket(page, base_url, product):
    page.goto(base_url + product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()


def test_buyer_pages_request_no_jquery_bootstrap_or_oscars_ui_script(live_site, melon, phone):
    requested, errors = [], []
    phone.on("request", lambda request: requested.append(request.url))
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))

    phone.goto(live_site.url + "/")
    phone.goto(live_site.url + "/catalogue/")
    phone.goto(live_site.url + "/search/?q=dua")
    _add_to_basket(phone, live_site.url, melon)
    phone.goto(live_site.url + "/basket/")
    phone.locator("a[href='/checkout/']").last.click()
    phone.wait_for_url(re.compile(r"/checkout/$"))
    phone.goto(live_site.url + "/accounts/login/")

    assert [url for url in requested if OSCARS_SCRIPTS.search(url)] == []
    assert any(url.endswith("/marketplace/js/shop_ui.js") for url in requested)
    assert errors == []


def test_the_phone_menu_button_opens_and_closes_the_menu(live_site, audited_phone):
    page = audited_phone
    page.goto(live_site.url + "/")
    button = page.locator(".site-menu-toggler")
    sign_in_link = page.get_by_role("link", name="Đăng nhập hoặc đăng ký").first
    assert button.get_attribute("aria-expanded") == "false"
    assert not sign_in_link.is_visible()

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    sign_in_link.wait_for(state="visible")
    assert_page_is_fine(page)

    button.click()
    assert button.get_attribute("aria-expanded") == "false"
    sign_in_link.wait_for(state="hidden")


def test_the_browse_menu_opens_on_click_and_closes_on_escape_or_outside(live_site, melon, desktop):
    page = desktop
    _add_to_basket(page, live_site.url, melon)
    # The header's basket is a link with the number of products in it (no dropdown of lines: basket/selectors.py).
    basket_link = page.locator(".basket-mini").get_by_role("link", name="Giỏ hàng (1 sản phẩm)")
    assert basket_link.locator(".basket-count").inner_text() == "1"
    browse = page.locator("#navbarDropdown")
    menu = page.locator("[aria-labelledby=navbarDropdown]")
    assert not menu.is_visible()

    browse.click()
    assert browse.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    assert browse.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "navbarDropdown"

    browse.click()
    assert menu.is_visible()
    page.locator("h1").first.click()  # outside the menu
    assert not menu.is_visible()
    assert browse.get_attribute("aria-expanded") == "false"

    basket_link.click()
    page.wait_for_url(re.compile(r"/basket/$"))


def test_an_alerts_close_button_removes_it(live_site, melon, phone):
    _add_to_basket(phone, live_site.url, melon)
    url = phone.url
    alert = phone.locator(".alert-success").first
    alert.locator(".close").click()
    alert.wait_for(state="detached")
    assert phone.url == url  # the close link's "#" is not followed


def test_the_basket_updates_removes_and_saves_for_later(live_site, melon, phone):
    rice = factories.product(factories.cooperative(name="HTX Gạo Tân Nhựt"), title="Gạo ST25", price=38000)
    factories.user(email="lan@example.com")
    sign_in(phone, live_site.url, "lan@example.com")
    _add_to_basket(phone, live_site.url, melon)
    _add_to_basket(phone, live_site.url, rice)
    phone.goto(live_site.url + "/basket/")
    melon_line = phone.locator(".basket-items", has_text="Dưa lưới ruột cam")
    rice_line = phone.locator(".basket-items", has_text="Gạo ST25")

    melon_line.get_by_label("Số lượng").fill("3")
    melon_line.locator("button[type=submit]").first.click()
    phone.locator(".basket-items", has_text="Dưa lưới ruột cam").get_by_label("Số lượng").and_(
        phone.locator("input[value='3']")
    ).wait_for()
    assert "255.000" in phone.locator(".basket-items", has_text="Dưa lưới ruột cam").inner_text()

    rice_line.get_by_role("button", name="Xóa").click()
    rice_line.wait_for(state="detached")
    assert phone.locator(".basket-items").count() == 1

    phone.locator(".basket-items a[data-behaviours~=save]").click()
    saved = phone.locator("#saved_basket_formset")
    saved.wait_for()
    assert "Dưa lưới ruột cam" in saved.inner_text()
    assert phone.locator("#basket_formset .basket-items").count() == 0

    saved.locator("a[data-behaviours~=move]").click()
    phone.locator("#basket_formset .basket-items", has_text="Dưa lưới ruột cam").wait_for()


def test_the_basket_shows_the_voucher_form_when_asked(live_site, melon, phone):
    _add_to_basket(phone, live_site.url, melon)
    phone.goto(live_site.url + "/basket/")
    assert not phone.locator("#voucher_form").is_visible()
    phone.locator("#voucher_form_link a").click()
    assert phone.locator("#voucher_form").is_visible()
    assert phone.evaluate("document.activeElement.id") == "id_code"
    phone.locator("#voucher_form_cancel").click()
    assert not phone.locator("#voucher_form").is_visible()
    assert phone.locator("#voucher_form_link").is_visible()


def test_the_checkout_gateway_enables_the_password_only_for_an_account(live_site, melon, phone):
    _add_to_basket(phone, live_site.url, melon)
    phone.goto(live_site.url + "/checkout/")
    assert phone.evaluate("document.activeElement.id") == "id_username"
    phone.check("input[name=options][value=anonymous]")
    assert phone.locator("#id_password").is_disabled()
    phone.check("input[name=options][value=existing]")
    assert phone.locator("#id_password").is_enabled()
    phone.check("input[name=options][value=anonymous]")
    assert phone.locator("#id_password").is_disabled()


def test_the_product_photos_turn_with_the_arrows_and_the_thumbnails(live_site, melon, phone):
    name, data = factories.photo(name="mat-cat.jpg", colour=(200, 120, 40))
    image = ProductImage(product=melon, display_order=1)
    image.original.save(name, ContentFile(data), save=True)
    phone.goto(live_site.url + melon.get_absolute_url())
    slides = phone.locator("#product_gallery .carousel-item")
    assert slides.count() == 2

    def shown(index):
        slides.nth(index).wait_for(state="visible")
        slides.nth(1 - index).wait_for(state="hidden")

    shown(0)
    phone.locator("#product_gallery .carousel-control-next").click()
    shown(1)
    assert "active" in phone.locator("#product_gallery .carousel-indicators li").nth(1).get_attribute("class")
    phone.locator("#product_gallery .carousel-control-next").click()  # round to the first again
    shown(0)
    phone.locator("#product_gallery .carousel-indicators li").nth(1).click()
    shown(1)
    phone.locator("#product_gallery .carousel-control-prev").click()
    shown(0)
    assert "#" not in phone.url


def test_a_wish_lists_sharing_link_is_copied(live_site, phone):
    owner = factories.user(email="lan@example.com")
    wishlist = WishList.objects.create(owner=owner, name="Quà Tết", visibility=WishList.SHARED)
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.url)
    sign_in(phone, live_site.url, "lan@example.com")
    phone.goto(live_site.url + "/accounts/wishlists/")
    phone.locator(".clipboard-item").click()
    assert phone.evaluate("navigator.clipboard.readText()") == live_site.url + wishlist.get_shared_url()
    assert phone.url.endswith("/accounts/wishlists/")


def test_a_buyer_rates_a_product_by_its_stars(live_site, melon, phone):
    buyer = factories.user(email="lan@example.com")
    part = factories.order_with_parts((melon, 1), buyer=buyer).parts.get()
    officer = factories.officer()
    for status in ("confirmed", "shipped", "delivered"):  # only a buyer it was delivered to may review it
        part = part_move(part=part, status=status, user=officer)
    sign_in(phone, live_site.url, "lan@example.com")
    phone.goto(live_site.url + melon.get_absolute_url() + "reviews/add/")
    phone.locator(".reviewrating .star-rating i").nth(3).click()
    assert phone.locator(".reviewrating select").input_value() == "4"
    assert "Four" in phone.locator(".reviewrating .star-rating").get_attribute("class")
