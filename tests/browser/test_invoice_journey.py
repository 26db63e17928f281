"""An invoice on phones: a contract part is delivered, the supermarket finds the invoice with its VietQR,
the cooperative marks it paid in the workspace; every page audited (360 px, axe, Vietnamese only)."""

from django.utils import timezone

from invoicing.models import Invoice
from tests.browser.audits import assert_page_is_fine
from tests.browser.journeys import phone_page, sign_in
from tests.integration.invoicing.deals import contract_deal, contract_order, deliver


def test_the_supermarket_sees_its_invoice_and_the_cooperative_marks_it_paid(live_site, browser, audited_phone):
    deal = contract_deal(staff_email="htx@example.com", buyer_email="sieuthi@example.com")
    # Each move commits here: the invoice comes from the delivery signal, as in production.
    deliver(contract_order(deal, 3).parts.get(), deal["staff"])
    invoice = Invoice.objects.get()
    url = live_site.url

    buyer_context, buyer = phone_page(browser)
    sign_in(buyer, url, "sieuthi@example.com")
    buyer.goto(url + f"/organisations/{deal['org'].pk}/")
    with buyer.expect_navigation():
        buyer.get_by_role("link", name="Hoá đơn").click()
    assert invoice.number in buyer.content()
    assert_page_is_fine(buyer, allow=("HTX",))
    with buyer.expect_navigation():
        buyer.locator(f"[data-invoice='{invoice.pk}'] a").click()
    assert buyer.locator("#pay svg").count() == 1 and "126.000" in buyer.content()
    assert_page_is_fine(buyer, allow=("HTX", "VietQR", "PDF"))
    buyer_context.close()

    staff = audited_phone
    sign_in(staff, url, "htx@example.com")
    staff.goto(url + "/workspace/invoices/")
    assert_page_is_fine(staff, allow=("HTX", "Excel", "CSV"))
    with staff.expect_navigation():
        staff.locator(f"[data-invoice='{invoice.pk}']").click()
    assert_page_is_fine(staff, allow=("HTX", "VietQR", "PDF"))
    staff.fill("#id_amount", "126000")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Đánh dấu đã thanh toán").click()
    assert "Đã đánh dấu hoá đơn" in staff.content()
    assert_page_is_fine(staff, allow=("HTX", "PDF"))
    invoice.refresh_from_db()
    assert (invoice.paid_on, invoice.paid_amount) == (timezone.localdate(), 126000)
