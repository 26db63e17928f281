"""A linkage contract on phones: the cooperative offers it in the workspace, the school accepts it in its
area, both read the history; every page audited (360 px, axe, Vietnamese only)."""

from decimal import Decimal

from contracts.models import ContractVersion
from tests import factories
from tests.browser.audits import assert_page_is_fine


def _sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", "demo12345")
    with page.expect_navigation():
        page.locator("button[name=login_submit]").click()


def test_a_cooperative_offers_a_contract_and_the_school_accepts_it(live_site, browser, audited_phone):
    coop = factories.cooperative(name="HTX Rau sạch Phước An")
    factories.cooperative_staff(coop, email="htx@example.com")
    factories.product(coop, title="Cải ngọt", price=Decimal("30000"))
    school = factories.organisation("Trường Tiểu học Lê Văn Tám", applicant=factories.user(email="truong@example.com"))
    url = live_site.url
    staff = audited_phone

    _sign_in(staff, url, "htx@example.com")
    staff.goto(url + "/workspace/contracts/")
    assert_page_is_fine(staff)
    staff.goto(url + "/workspace/contracts/offer/")
    assert_page_is_fine(staff)
    staff.select_option("#id_organisation", label=school.name)
    staff.fill("#id_name", "Rau cho bếp ăn bán trú")
    staff.fill("#id_start", "2026-01-05")
    staff.fill("#id_end", "2026-12-31")
    staff.select_option("#id_lines-0-product", label="Cải ngọt")
    staff.fill("#id_lines-0-unit_price", "28000")
    staff.fill("#id_lines-0-volume", "80")
    with staff.expect_navigation():
        staff.locator("button[type=submit]").last.click()
    assert "Đã gửi đề nghị" in staff.content()
    assert_page_is_fine(staff)

    buyer_context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    buyer = buyer_context.new_page()
    buyer.set_default_timeout(60_000)
    _sign_in(buyer, url, "truong@example.com")
    buyer.goto(url + f"/contracts/organisations/{school.pk}/")
    assert_page_is_fine(buyer)
    with buyer.expect_navigation():
        buyer.locator("button[value=accept]").click()
    assert "Đang có hiệu lực" in buyer.content()
    assert_page_is_fine(buyer)
    version = ContractVersion.objects.get()
    assert version.state == ContractVersion.State.ACCEPTED
    buyer.goto(url + f"/contracts/organisations/{school.pk}/{version.linkage_model_id}/")
    assert "Cải ngọt" in buyer.content()
    assert_page_is_fine(buyer)
    buyer.goto(url + f"/contracts/organisations/{school.pk}/{version.linkage_model_id}/change/")
    assert_page_is_fine(buyer)
    buyer_context.close()

    staff.goto(url + f"/workspace/contracts/{version.linkage_model_id}/change/")
    assert_page_is_fine(staff)

    factories.officer(email="canbo@example.com")
    officer_context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True, bypass_csp=True
    )
    officer = officer_context.new_page()
    officer.set_default_timeout(60_000)
    _sign_in(officer, url, "canbo@example.com")
    officer.goto(url + "/contracts/")
    assert "Rau cho bếp ăn bán trú" in officer.content()
    assert_page_is_fine(officer)
    officer.goto(url + f"/contracts/{version.linkage_model_id}/")
    assert_page_is_fine(officer)
    officer_context.close()
