"""Cooperative staff run their shop from a 360-px phone, in Vietnamese (issue 14).

Each page a journey visits is audited: axe-core (no critical or serious violation), no sideways
scrolling, no English words on the Vietnamese page (tests/browser/audits.py)."""

from tests import factories
from tests.browser.audits import assert_page_is_fine


def sign_in(page, base_url, email, password="demo12345"):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", password)
    page.click("button[name=login_submit]")


def test_staff_sign_in_on_a_phone_and_land_in_their_workspace(live_site, audited_phone):
    coop = factories.cooperative(name="HTX Nông nghiệp Tân Thông Hội")
    factories.cooperative_staff(coop, email="nhanvien@example.com")
    sign_in(audited_phone, live_site.url, "nhanvien@example.com")
    audited_phone.wait_for_url(f"{live_site.url}/workspace/")
    assert audited_phone.locator(".ws-brand").inner_text() == "HTX Nông nghiệp Tân Thông Hội"
    assert audited_phone.get_by_role("navigation", name="Danh mục khu làm việc").is_visible()
    assert_page_is_fine(audited_phone)
    audited_phone.get_by_role("link", name="Thêm").click()
    assert_page_is_fine(audited_phone)
