"""A new order reaches a cooperative's staff on a 360-px phone (issue 14): Today shows it, they open
it, confirm it, hand it to the shipper, mark it delivered and record the cash, and the buyer's order
page follows in Vietnamese. Every workspace page on the way passes axe-core, fits the phone and shows
no English (tests/browser/audits.py)."""

from decimal import Decimal

from oscar.test.factories import ShippingAddressFactory

from payments.models import Receipt
from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.test_workspace_journeys import sign_in


def test_staff_confirm_ship_and_deliver_a_new_order_from_a_phone(live_site, audited_phone, phone):
    url = live_site.url
    coop = factories.cooperative(name="HTX Rau sạch Tân Phú Trung")
    factories.cooperative_staff(coop, email="nhanvien@example.com")
    greens = factories.product(coop, title="Rau muống Tân Phú Trung", price=Decimal("15000"))
    buyer = factories.user(email="lan@example.com", first_name="Lan", last_name="Nguyễn")
    order = factories.order_with_parts((greens, 2), buyer=buyer)
    order.shipping_address = ShippingAddressFactory(
        first_name="Lan", last_name="Nguyễn", line1="12 Lê Lợi", line4="Thủ Đức", phone_number="+84901234567"
    )
    order.save()
    part = order.parts.get()

    staff = audited_phone
    sign_in(staff, url, "nhanvien@example.com")
    staff.wait_for_url(f"{url}/workspace/")
    new_orders = staff.locator("#to-confirm")
    assert new_orders.locator("[data-count]").inner_text() == "1"
    assert_page_is_fine(staff)

    new_orders.locator(f"a[data-part='{part.pk}']").click()
    staff.wait_for_url(f"{url}/workspace/orders/{part.pk}/")
    assert staff.locator("#buyer-phone").get_attribute("href") == "tel:+84901234567"
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

    # Cash on delivery: the amount due is filled in; one tap records it.
    staff.get_by_role("button", name="Ghi nhận tiền mặt").click()
    staff.locator("#cash-recorded").wait_for()
    assert Receipt.objects.get(order_part=part).amount == Decimal("30000") + part.delivery_fee
    assert_page_is_fine(staff)

    staff.get_by_role("link", name="Đơn hàng", exact=True).click()
    staff.locator(f"a[data-part='{part.pk}']").wait_for()
    assert_page_is_fine(staff)

    # The buyer's order page says where the part stands, in Vietnamese.
    sign_in(phone, url, "lan@example.com")
    phone.goto(f"{url}/accounts/orders/{order.number}/")
    assert phone.locator(".order-part-status").inner_text() == "đã giao"
