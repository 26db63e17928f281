"""Cooperative staff keep their products from a 360-px phone (issue 14): add one with a photo taken
with the camera and find it in the shop; change a price and a stock in the list and see them on
the product page. Every workspace page visited passes tests/browser/audits.py."""

import io
from decimal import Decimal

from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.test_workspace_journeys import sign_in

Product = get_model("catalogue", "Product")

EMAIL = "nhanvien@example.com"
# Units and names the no-English check must let through: "kg" is a unit, not a word of English.
ALLOWED = ("kg",)


def camera_jpeg() -> bytes:
    """What a phone's camera hands the browser: a large JPEG stored sideways (EXIF orientation 6)."""
    image = Image.new("RGB", (2400, 1800), (60, 140, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif)
    return buffer.getvalue()


def signed_in_staff(live_site, page):
    coop = factories.cooperative(name="HTX Rau sạch Tân Phú Trung")
    factories.cooperative_staff(coop, email=EMAIL)
    sign_in(page, live_site.url, EMAIL)
    page.wait_for_url(f"{live_site.url}/workspace/")
    return coop


def test_staff_add_a_product_with_a_camera_photo_and_find_it_in_the_shop(live_site, audited_phone):
    page = audited_phone
    factories.category("Rau ăn lá")
    signed_in_staff(live_site, page)

    page.get_by_role("link", name="Sản phẩm").click()
    page.get_by_role("heading", name="Sản phẩm").wait_for()
    assert_page_is_fine(page)
    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.get_by_role("heading", name="Thêm sản phẩm").wait_for()
    assert_page_is_fine(page, allow=ALLOWED)

    page.get_by_label("Tên sản phẩm (bắt buộc)").fill("Rau muống nước Tân Phú Trung")
    page.get_by_label("Danh mục (bắt buộc)").select_option(label="Rau ăn lá")
    page.get_by_label("Đơn vị bán").select_option(label="bó")
    page.get_by_label("Giá bán (đồng)").fill("0")
    page.get_by_label("Còn trong kho").fill("40")
    page.get_by_role("button", name="Thêm sản phẩm").click()
    page.get_by_text("Giá phải là số đồng nguyên dương.").wait_for()
    assert_page_is_fine(page, allow=ALLOWED)
    page.get_by_label("Giá bán (đồng)").fill("15.000")
    page.locator("input[name=photos]").set_input_files(
        files=[{"name": "IMG_20261206_0730.jpg", "mimeType": "image/jpeg", "buffer": camera_jpeg()}]
    )
    page.get_by_role("button", name="Thêm sản phẩm").click()

    page.get_by_text("Đã thêm “Rau muống nước Tân Phú Trung”.").wait_for()
    assert "15.000" in page.locator(".ws-product", has_text="Rau muống nước Tân Phú Trung").inner_text()
    assert_page_is_fine(page)
    product = Product.objects.get(title="Rau muống nước Tân Phú Trung")
    with Image.open(product.images.get().original) as stored:
        assert stored.size == (1200, 1600)  # shrunk to 1600 px and stood upright
    page.get_by_role("link", name="Rau muống nước Tân Phú Trung").click()
    page.get_by_role("heading", name="Sửa sản phẩm").wait_for()
    assert page.get_by_role("button", name="Xoá ảnh 1").is_visible()
    assert_page_is_fine(page, allow=ALLOWED)

    page.goto(f"{live_site.url}/search/?q=rau+muong+nuoc")
    page.get_by_role("link", name="Rau muống nước Tân Phú Trung").first.click()
    page.get_by_role("heading", name="Rau muống nước Tân Phú Trung").wait_for()
    assert "15.000" in page.locator(".product_main").inner_text()


def test_staff_change_price_and_stock_in_the_list_and_see_them_on_the_product_page(live_site, audited_phone):
    page = audited_phone
    coop = factories.cooperative(name="HTX Rau sạch Tân Phú Trung")
    factories.cooperative_staff(coop, email=EMAIL)
    product = factories.product(coop=coop, title="Cải ngọt", price=Decimal("14000"), stock=3)
    sign_in(page, live_site.url, EMAIL)
    page.wait_for_url(f"{live_site.url}/workspace/")

    page.goto(f"{live_site.url}/workspace/products/")
    row = page.locator(".ws-product", has_text="Cải ngọt")
    assert "Sắp hết" in row.inner_text()
    assert_page_is_fine(page)
    row.get_by_label("Giá bán (đồng)").fill("16.500")
    row.get_by_label("Còn trong kho").fill("25")
    row.get_by_role("button", name="Lưu").click()

    # products.js sends the row without leaving the page and shows what was saved in it.
    row.get_by_text("Đã lưu giá bán và tồn kho của “Cải ngọt”.").wait_for()
    assert "16.500" in row.locator(".ws-product-price").inner_text()
    assert not row.locator(".ws-low").is_visible()
    assert_page_is_fine(page)

    page.goto(f"{live_site.url}{product.get_absolute_url()}")
    page.get_by_role("heading", name="Cải ngọt").wait_for()
    assert "16.500" in page.locator(".product_main").inner_text()


def test_the_on_sale_switch_works_without_javascript(live_site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    coop = factories.cooperative()
    factories.cooperative_staff(coop, email=EMAIL)
    product = factories.product(coop=coop, title="Cải ngọt")
    sign_in(page, live_site.url, EMAIL)
    page.goto(f"{live_site.url}/workspace/products/")
    switch = page.get_by_role("switch", name="Đang bán")
    assert switch.get_attribute("aria-checked") == "true"
    switch.click()
    page.get_by_text("“Cải ngọt” đã ngừng bán").wait_for()
    assert page.get_by_role("switch", name="Đang bán").get_attribute("aria-checked") == "false"
    product.refresh_from_db()
    assert not product.is_public
    context.close()
