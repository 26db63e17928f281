"""A contract's week on phones (issue 18): a cooperative offers a contract, the supermarket's buyer accepts
it and names its warehouse; at the cut-off the standing order is placed at the contract's price; the
cooperative confirms, ships and delivers it from the workspace; the supermarket finds the invoice with its
VietQR, the contract's progress shows the delivery, and the department's districts indicator counts the
district (the contract now has a delivery in the last 90 days). The beat jobs run as Celery beat would
call them. Every page audited (360 px, axe, Vietnamese)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from contracts import placing, standing_orders
from contracts.models import ContractVersion, StandingOrder
from invoicing.models import Invoice
from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.journeys import phone_page, sign_in

XUAN_THOI_THUONG = "27589"  # Hóc Môn, one of the programme's communes


def _districts_card(page, url):
    page.goto(url + "/adoption/")
    return page.locator("#indicator-districts_with_linkage_model").inner_text()


def test_a_supermarket_s_contract_from_the_offer_to_the_invoice(live_site, browser, audited_phone):
    factories.real_geography()
    coop = factories.cooperative(
        name="HTX Rau sạch Xuân Thới Thượng", tax_code="0312345673", commune=factories.unit(XUAN_THOI_THUONG)
    )
    factories.cooperative_staff(coop, email="htx@example.com")
    factories.product(coop, title="Cải xanh", price=Decimal("20000"), stock=500)
    buyer = factories.user(email="sieuthi@example.com")
    supermarket = factories.organisation("Siêu thị Xanh Hóc Môn", kind="supermarket", applicant=buyer)
    warehouse = factories.delivery_site(supermarket, name="Kho nhận hàng Hóc Môn")
    factories.delivery_site(supermarket, name="Cửa hàng Thủ Đức")
    today = timezone.localdate()
    delivery_day = today + datetime.timedelta(days=1)
    url = live_site.url

    # The cooperative offers: 35 kg of Cải xanh a week at 17.000 ₫/kg, delivered on tomorrow's weekday.
    staff = audited_phone
    sign_in(staff, url, "htx@example.com")
    staff.goto(url + "/workspace/contracts/offer/")
    staff.select_option("#id_organisation", label=supermarket.name)
    staff.fill("#id_name", "Rau sạch cho Siêu thị Xanh")
    staff.fill("#id_start", today.isoformat())
    staff.fill("#id_end", (today + datetime.timedelta(days=365)).isoformat())
    staff.check(f"input[name=delivery_weekdays][value='{delivery_day.weekday()}']")
    staff.fill("#id_payment_days", "15")
    staff.select_option("#id_lines-0-product", label="Cải xanh")
    staff.fill("#id_lines-0-unit_price", "17000")
    staff.fill("#id_lines-0-volume", "35")
    with staff.expect_navigation():
        staff.locator("button[type=submit]").last.click()
    assert "Đã gửi đề nghị" in staff.content()

    # The supermarket's buyer accepts on its phone, naming the warehouse (it has two sites).
    buyer_context, phone = phone_page(browser)
    sign_in(phone, url, "sieuthi@example.com")
    phone.goto(url + f"/contracts/organisations/{supermarket.pk}/")
    assert_page_is_fine(phone, allow=("HTX",))
    phone.get_by_label("Kho nhận hàng Hóc Môn", exact=False).check()
    with phone.expect_navigation():
        phone.locator("button[value=accept]").click()
    assert "Đang có hiệu lực" in phone.content()
    version = ContractVersion.objects.get(state=ContractVersion.State.ACCEPTED)
    assert list(version.delivery_sites.all()) == [warehouse]

    # The night's planning: tomorrow's delivery appears, open for changes until today 17:00.
    standing_orders.standing_orders_plan(today=today)
    delivery = StandingOrder.objects.get(delivery_date=delivery_day)
    deliveries_url = url + f"/contracts/organisations/{supermarket.pk}/{version.linkage_model_id}/deliveries/"
    phone.goto(deliveries_url)
    assert "Kho nhận hàng Hóc Môn" in phone.content()
    assert_page_is_fine(phone, allow=("HTX",))

    # At the cut-off the beat job places it, once, at the contract's price, whatever runs twice.
    placing.standing_orders_place_due(now=delivery.cutoff_at)
    placing.standing_orders_place_due(now=delivery.cutoff_at + datetime.timedelta(minutes=5))
    delivery.refresh_from_db()
    assert delivery.status == StandingOrder.Status.PLACED
    order = delivery.order
    [line] = order.lines.all()
    assert line.unit_price_incl_tax * line.quantity == 17000 * 35
    phone.goto(deliveries_url)
    assert "đã đặt hàng" in phone.locator(f"[data-standing-order='{delivery.pk}']").inner_text()

    # Placed is not delivered: the department does not count the district yet.
    factories.officer(email="canbo@example.com")
    officer_context, officer = phone_page(browser)
    sign_in(officer, url, "canbo@example.com")
    assert "0 / 5" in _districts_card(officer, url)

    # The cooperative ships it from the workspace, where it shows under the contract's name.
    part = order.parts.get()
    staff.goto(url + f"/workspace/orders/{part.pk}/")
    assert "Rau sạch cho Siêu thị Xanh" in staff.locator("#contract").inner_text()
    assert_page_is_fine(staff)
    for step, status in (
        ("Xác nhận đơn hàng", "Đã xác nhận"),
        ("Giao cho bên vận chuyển", "Đang giao"),
        ("Đã giao cho người mua", "Đã giao"),
    ):
        staff.get_by_role("button", name=step).click()
        staff.locator(".ws-message-success").wait_for()
        assert staff.locator("#part-status").inner_text() == status
    assert_page_is_fine(staff)

    # The invoice, due in 15 days, with its VietQR for the amount, is on the supermarket's phone.
    invoice = Invoice.objects.get(part=part)
    assert invoice.amount == 17000 * 35 and invoice.due_on == today + datetime.timedelta(days=15)
    phone.goto(url + f"/organisations/{supermarket.pk}/")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Hoá đơn").click()
    assert invoice.number in phone.content()
    with phone.expect_navigation():
        phone.locator(f"[data-invoice='{invoice.pk}'] a").click()
    assert phone.locator("#pay svg").count() == 1 and "595.000" in phone.content()
    assert_page_is_fine(phone, allow=("HTX", "VietQR", "PDF"))

    # Progress: this week's 35 kg delivered of 35 agreed, on the buyer's contract page.
    phone.goto(url + f"/contracts/organisations/{supermarket.pk}/{version.linkage_model_id}/")
    progress = phone.locator("#progress").inner_text()
    assert "Cải xanh" in progress and "100" in progress
    assert_page_is_fine(phone, allow=("HTX",))
    buyer_context.close()

    # The department's dashboard: Hóc Môn now has a linkage model with a delivery in the last 90 days.
    assert "1 / 5" in _districts_card(officer, url)
    assert_page_is_fine(officer)
    officer_context.close()
