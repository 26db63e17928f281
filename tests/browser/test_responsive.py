"""Every public page is comfortable on a 360-px-wide phone: nothing scrolls sideways, buttons
are big enough to tap, and product images are thumbnails about the size they are shown at."""

import io

import pytest
from PIL import Image

from catalog.models import Certification
from tests import factories

PHONE_WIDTH = 360
# A thumbnail at most twice as wide as shown (DPR 1): anything wider wastes a phone's data.
MAX_OVERSIZE = 2
MIN_TAP_HEIGHT = 40


def _photo(width, height, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def shop(live_site):
    commune = factories.commune("Phước Vĩnh An", "Củ Chi")
    coop = factories.cooperative(name="HTX Nông nghiệp công nghệ cao Phước Vĩnh An Củ Chi", commune=commune)
    storefront = factories.storefront(coop)
    vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
    products = [
        factories.product(
            coop,
            title=f"Rau muống hữu cơ thủy canh Phước Vĩnh An loại đặc biệt {n}",
            price=1250000,
            is_flagship=True,
            ocop_stars=4,
            certifications=[vietgap],
            origin_commune=commune,
            stock=n,  # out of stock, low, and plenty
            image=(f"rau-{n}.jpg", _photo(1600 + 200 * n, 1200, (40 * n, 140, 60))),
        )
        for n in (0, 3, 9)
    ]
    return {"product": products[1], "out_of_stock": products[0], "storefront": storefront}


def _pages(shop):
    return {
        "home": "/",
        "catalogue": "/catalogue/",
        "search": "/search/?q=rau+muong",
        "product": shop["product"].get_absolute_url(),
        "product out of stock": shop["out_of_stock"].get_absolute_url(),
        "places": "/noi-san-xuat/",
        "district": "/noi-san-xuat/cu-chi/",
        "commune": "/noi-san-xuat/cu-chi/phuoc-vinh-an/",
        "storefront": shop["storefront"].url,
        "directory": shop["storefront"].get_parent().url,
    }


def _load_all_images(page):
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("Array.from(document.images).every(img => img.complete)")
    page.evaluate("window.scrollTo(0, 0)")


def test_public_pages_fit_a_360px_phone(shop, live_site, phone):
    problems = []
    for name, path in _pages(shop).items():
        response = phone.goto(live_site.url + path)
        if response.status != 200:
            problems.append(f"{name} ({path}) answered {response.status}")
            continue
        _load_all_images(phone)
        scroll_width = phone.evaluate("document.documentElement.scrollWidth")
        if scroll_width > PHONE_WIDTH:
            problems.append(f"{name} ({path}) scrolls sideways: {scroll_width}px")
    assert problems == []


def test_card_images_are_thumbnails_of_about_their_shown_size(shop, live_site, phone):
    checked = 0
    for path in ("/catalogue/", "/noi-san-xuat/cu-chi/", shop["storefront"].url, "/"):
        phone.goto(live_site.url + path)
        _load_all_images(phone)
        sizes = phone.evaluate(
            """Array.from(document.querySelectorAll('.product_pod img, .cooperative-card img'))
                .map(img => [img.currentSrc, img.naturalWidth, img.getBoundingClientRect().width])"""
        )
        for src, natural, shown in sizes:
            assert shown > 0, src
            assert natural <= MAX_OVERSIZE * shown, f"{path}: {src} is {natural}px wide, shown at {shown:.0f}px"
            checked += 1
    assert checked >= 6


def test_product_page_image_and_basket_button_suit_a_phone(shop, live_site, phone):
    phone.goto(live_site.url + shop["product"].get_absolute_url())
    _load_all_images(phone)
    natural, shown = phone.evaluate(
        """(() => { const img = document.querySelector('#product_gallery img, .product_page img');
                    return [img.naturalWidth, img.getBoundingClientRect().width]; })()"""
    )
    assert natural <= MAX_OVERSIZE * shown
    button = phone.locator("#add_to_basket_form button[type=submit]").bounding_box()
    assert button["height"] >= MIN_TAP_HEIGHT and button["width"] <= PHONE_WIDTH
    assert "Chỉ còn 3" in phone.content() or "Only 3 left" in phone.content()
