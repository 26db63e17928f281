"""A cooperative, in a real browser: apply, get approved, add a product, see it on sale."""

import io
import re

from PIL import Image

from catalog.services import produce_product_class
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (60, 140, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", "demo12345")
    with page.expect_navigation():
        page.locator("button[name=login_submit]").click()


def test_apply_approve_add_a_product_and_sell_it(live_site, browser):
    commune = factories.commune("Tân Phú Trung")
    factories.user(email="htx@example.com")
    factories.officer(email="canbo@example.com")
    factories.category("Rau củ")
    produce_product_class()
    url = live_site.url

    applicant = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    _sign_in(applicant, url, "htx@example.com")
    applicant.goto(url + "/cooperatives/apply/")
    applicant.fill("#id_cooperative_name", "HTX Rau mầm Tân Phú Trung")
    applicant.fill("#id_registration_code", "4107000999")
    applicant.select_option("#id_commune", value=str(commune.pk))
    applicant.fill("#id_legal_representative", "Trần Văn Bình")
    applicant.fill("#id_phone", "0909123456")
    applicant.fill("#id_member_count", "18")
    applicant.fill("#id_main_products", "Rau mầm")
    applicant.set_input_files(
        "#id_documents", files=[{"name": "giay-chung-nhan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    applicant.locator("form button[type=submit]").last.click()
    applicant.locator(".application-status").wait_for()
    assert "đang chờ xét duyệt" in applicant.content()

    officer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    _sign_in(officer, url, "canbo@example.com")
    officer.goto(url + "/cooperatives/review/")
    officer.locator("table a[href^='/cooperatives/review/']").first.click()
    officer.locator("button[value=approve]").click()
    officer.wait_for_url(re.compile(r"/cooperatives/review/$"))

    applicant.goto(url + "/dashboard/catalogue/products/create/nong-san/")
    applicant.fill("#id_title", "Rau mầm cải đỏ")
    applicant.locator("a[href='#product_category']").click()
    applicant.select_option("#id_productcategory_set-0-category", label="Rau củ")
    applicant.locator("a[href='#product_stock']").click()
    applicant.fill("#id_stockrecords-0-price", "45.000")
    applicant.fill("#id_stockrecords-0-num_in_stock", "30")
    applicant.locator("a[href='#product_images']").click()
    applicant.set_input_files(
        "#id_images-0-original", files=[{"name": "rau-mam.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    with applicant.expect_navigation():
        applicant.locator("button[value=save]").click()

    buyer = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True).new_page()
    buyer.goto(url + "/catalogue/")
    card = buyer.locator("article.product_pod", has_text="Rau mầm cải đỏ")
    assert "45.000" in card.inner_text()
    buyer.goto(url + "/hop-tac-xa/")
    with buyer.expect_navigation():
        buyer.get_by_role("link", name="HTX Rau mầm Tân Phú Trung").first.click()
    assert "Rau mầm cải đỏ" in buyer.content()
    assert buyer.locator("article.product_pod img").count() >= 1
