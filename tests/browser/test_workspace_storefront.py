"""Cooperative staff edit their storefront's story on a 360-px phone, preview the draft and publish
it; buyers see the new story only once it is published (issue 14)."""

import io

from PIL import Image

from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.test_workspace_journeys import sign_in


def test_staff_edit_the_story_preview_and_publish_on_a_phone(live_site, audited_phone, browser):
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    factories.cooperative_staff(coop, email="nhanvien@example.com")
    storefront = factories.storefront(coop)
    phone = audited_phone
    sign_in(phone, live_site.url, "nhanvien@example.com")
    phone.wait_for_url(f"{live_site.url}/workspace/")

    phone.get_by_role("link", name="Gian hàng").click()
    phone.wait_for_url(f"{live_site.url}/workspace/storefront/")
    assert_page_is_fine(phone)
    phone.get_by_label("Câu chuyện của chúng tôi", exact=True).fill(
        "Dưa lưới ruột cam trồng trong nhà màng.\n\nHái mỗi sáng."
    )
    phone.get_by_label("Thêm ảnh").set_input_files([_photo("nha-mang.jpg")])  # as the phone's camera sends it
    phone.get_by_label("Chú thích cho ảnh mới").fill("Nhà màng số 3")
    phone.get_by_role("button", name="Lưu bản nháp").click()
    assert phone.get_by_text("Đã lưu bản nháp.").is_visible()
    assert phone.get_by_text("Bạn có thay đổi chưa đăng.").is_visible()
    assert phone.get_by_text("Nhà màng số 3").is_visible()
    assert_page_is_fine(phone)

    public_url = f"{live_site.url}{storefront.url}"
    buyer = browser.new_page()
    buyer.goto(public_url)
    assert "Dưa lưới ruột cam trồng trong nhà màng." not in buyer.content()  # a draft is not public

    phone.get_by_role("link", name="Xem trang").click()
    assert phone.get_by_text("Dưa lưới ruột cam trồng trong nhà màng.").is_visible()
    phone.go_back()

    phone.get_by_role("button", name="Đăng", exact=True).click()
    assert phone.get_by_text("Đã đăng").is_visible()
    assert_page_is_fine(phone)

    buyer.goto(public_url)
    assert buyer.get_by_text("Dưa lưới ruột cam trồng trong nhà màng.").is_visible()
    assert buyer.get_by_text("Nhà màng số 3").is_visible()
    buyer.close()


def _photo(name):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (60, 140, 60)).save(buffer, format="JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
