"""Staff reach every page of the workspace's menu on a 360-px phone, in Vietnamese (issue 14).

The statement, staff, delivery options, value-chain and two-step sign-in pages existed before the
workspace; for staff they now sit inside it. Each page is audited (tests/browser/audits.py)."""

from datetime import date
from decimal import Decimal

from payments.models import CommissionRate
from tests import factories
from tests.browser.audits import assert_page_is_fine, axe_violations
from tests.browser.test_workspace_journeys import sign_in
from tests.integration.payments.test_ledger import paid_order

# The menu's entries for the pages that existed before the workspace, and what each page is titled.
SHARED_PAGES = [
    ("Mô hình liên kết", "Chuỗi giá trị và truy xuất nguồn gốc"),
    ("Vùng nguyên liệu", "Chuỗi giá trị và truy xuất nguồn gốc"),
    ("Lô hàng", "Chuỗi giá trị và truy xuất nguồn gốc"),
    ("Sao kê", "Sao kê của HTX A"),
    ("Tổng hợp doanh số", "Tổng hợp doanh số"),
    ("Nhân viên", "Nhân viên của HTX A"),
    ("Cách giao nhận", "Cách giao nhận của HTX A"),
    ("Đăng nhập hai bước", "Đăng nhập hai bước"),
]


def open_menu(page):
    page.get_by_role("navigation", name="Danh mục khu làm việc").get_by_role("link", name="Thêm").click()
    page.wait_for_url("**/workspace/more/")


def test_staff_visit_every_page_of_the_menu_and_read_their_statement(live_site, audited_phone):
    CommissionRate.objects.create(percent=Decimal("5"), valid_from=date(2026, 1, 1))
    _order, payment, coop_a, _coop_b = paid_order()
    factories.pay(payment.order)
    manager = factories.cooperative_staff(coop_a, email="quanly@example.com")
    coop_a.managers.add(manager)
    factories.linkage_model(coop_a, name="Liên kết rau an toàn Củ Chi")
    factories.batch(coop_a, code="RAU-2611-01")
    page = audited_phone

    sign_in(page, live_site.url, "quanly@example.com")
    page.wait_for_url(f"{live_site.url}/workspace/")
    open_menu(page)
    assert_page_is_fine(page)

    for entry, title in SHARED_PAGES:
        page.locator(".ws-menu a").filter(has=page.get_by_text(entry, exact=True)).click()
        assert page.get_by_role("heading", level=1).inner_text() == title
        assert page.locator(".ws-brand").inner_text() == "HTX A"
        assert_page_is_fine(page, allow=["QR"])
        if entry == "Sao kê":
            statement = page.locator("#statement").inner_text()
            assert "110.000" in statement and "-5.500" in statement
            assert "104.500" in page.locator("[data-closing]").inner_text()
        open_menu(page)


def test_staff_record_value_chains_from_the_phone(live_site, audited_phone):
    coop = factories.cooperative(name="HTX Nông nghiệp Tân Thông Hội")
    factories.cooperative_staff(coop, email="nhanvien@example.com")
    batch = factories.batch(coop, code="RAU-2611-02")
    page = audited_phone

    sign_in(page, live_site.url, "nhanvien@example.com")
    page.wait_for_url(f"{live_site.url}/workspace/")
    open_menu(page)
    page.locator(".ws-menu a", has_text="Lô hàng").click()
    for button in ("Ghi một lô hàng", "Thêm vùng nguyên liệu", "Thêm mô hình liên kết"):
        # Each click waits for its page: on a busy machine a check could otherwise read the old one.
        with page.expect_navigation():
            page.get_by_role("link", name=button).click()
        assert page.get_by_role("heading", level=1).inner_text() == button
        assert_page_is_fine(page)
        with page.expect_navigation():
            page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name=batch.code).click()
    assert_page_is_fine(page, allow=["QR", "SVG", "PNG", "A4"])


def test_officers_dashboard_stays_still_and_its_order_page_calls_no_missing_script(live_site, browser):
    """Oscar's home reloaded itself every 300 s (axe: meta-refresh, critical) and its order page
    logged "page_init: no such function oscar.dashboard.orders.initTable"."""
    order = factories.order_with_parts((factories.product(), 1))
    factories.user(email="admin@example.com", is_staff=True, is_superuser=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    sign_in(page, live_site.url, "admin@example.com")
    page.goto(f"{live_site.url}/dashboard/")
    assert not [v for v in axe_violations(page, impacts=("critical",)) if v.startswith("meta-refresh")]
    page.goto(f"{live_site.url}/dashboard/orders/{order.number}/")
    assert page.get_by_role("heading", name="Các lần đổi trạng thái").count() == 1
    context.close()

    assert not [error for error in errors if "no such function" in error], errors
