"""A business buyer on a phone: a school applies, an officer verifies it, the school adds a delivery site."""

import re

from organisations.models import DeliverySite, Organisation
from tests import factories
from tests.browser.audits import assert_page_is_fine


def _sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", "demo12345")
    with page.expect_navigation():
        page.locator("button[name=login_submit]").click()


def _choose_place(page, commune_name):
    """Thành phố Hồ Chí Minh is preselected; the ward list is the city's."""
    page.select_option("#id_commune", label=commune_name)


def test_a_school_applies_is_verified_and_adds_a_delivery_site(live_site, browser, audited_phone):
    factories.user(email="hieutruong@example.com")
    factories.officer(email="canbo@example.com")
    url = live_site.url
    school = audited_phone

    _sign_in(school, url, "hieutruong@example.com")
    school.goto(url + "/organisations/apply/")
    assert_page_is_fine(school)
    school.fill("#id_name", "Trường Tiểu học Lê Văn Tám")
    school.select_option("#id_kind", value="school")
    school.fill("#id_tax_code", "0100233489")  # one digit wrong
    school.fill("#id_contact_name", "Nguyễn Thị Lan")
    school.fill("#id_phone", "028 3822 1234")
    _choose_place(school, "Phường Bến Thành")
    school.fill("#id_street", "12 Lê Lợi")
    with school.expect_navigation():
        school.locator("#organisation_form button[type=submit]").click()
    assert "Chữ số cuối của mã số thuế" in school.content()
    assert_page_is_fine(school)
    school.fill("#id_tax_code", "0100233488")
    _choose_place(school, "Phường Bến Thành")
    school.locator("#organisation_form button[type=submit]").click()
    school.locator(".application-status").wait_for()
    assert "đang chờ xét duyệt" in school.content()
    assert_page_is_fine(school)

    officer_context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    officer = officer_context.new_page()
    officer.set_default_timeout(60_000)
    _sign_in(officer, url, "canbo@example.com")
    officer.goto(url + "/organisations/review/")
    assert_page_is_fine(officer)
    # The queue's own link sits in the (hidden) dashboard menu too: open the application itself.
    with officer.expect_navigation():
        officer.locator("a[href^='/organisations/review/']:not([href='/organisations/review/'])").first.click()
    assert_page_is_fine(officer)
    officer.locator("button[value=verify]").click()
    officer.wait_for_url(re.compile(r"/organisations/review/$"))
    officer_context.close()
    organisation = Organisation.objects.get()
    assert organisation.is_verified

    school.goto(url + "/organisations/application/")
    with school.expect_navigation():
        school.get_by_role("link", name="Mở trang của đơn vị").click()
    assert_page_is_fine(school)
    with school.expect_navigation():
        school.get_by_role("link", name="Thêm điểm giao hàng").click()
    assert_page_is_fine(school)
    school.fill("#id_name", "Bếp ăn bán trú")
    school.fill("#id_contact_name", "Trần Văn Minh")
    school.fill("#id_phone", "0901234567")
    _choose_place(school, "Phường Sài Gòn")
    school.fill("#id_street", "5 Nguyễn Huệ")
    school.fill("#id_notes", "Giao trước 7 giờ sáng")
    school.locator("#site_form button[type=submit]").click()
    school.locator(".delivery-site").first.wait_for()
    assert "Bếp ăn bán trú" in school.content()
    assert_page_is_fine(school)
    assert DeliverySite.objects.get().commune_name == "Phường Sài Gòn"
