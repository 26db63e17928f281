"""The shop on a 360×780 phone, as issue 15 asks: a consumer who scans a trace label can read the
steps in order and buy; an unknown code says so; every page passes the audits (tests/browser/audits.py)."""

import datetime
import re

from django.utils import timezone

from tests import factories
from tests.browser.audits import assert_page_is_fine


def _at(hour):
    return timezone.make_aware(datetime.datetime(2026, 11, 20, hour, 0))


def test_a_consumer_scans_a_trace_label_reads_the_steps_in_order_and_buys(live_site, audited_phone):
    page = audited_phone
    coop = factories.cooperative(name="HTX Rau sạch Phước An")
    storefront = factories.storefront(coop)
    product = factories.product(coop=coop, title="Cải ngọt hữu cơ", price=25000)
    area = factories.raw_material_area(coop, name="Cánh đồng ấp 3")
    batch = factories.batch(coop=coop, product_=product, area=area, code="PA-2611-09")
    factories.trace_event(batch, kind="harvested", occurred_at=_at(6), place="Ruộng ấp 3")
    packed = factories.trace_event(batch, kind="packed", occurred_at=_at(9), place="Nhà sơ chế")
    factories.trace_event(batch, kind="shipped", occurred_at=_at(14), place="Kho Thủ Đức")
    factories.trace_event(
        batch, kind="packed", occurred_at=_at(11), place="Nhà sơ chế", corrects=packed, note="Sai giờ."
    )

    page.goto(live_site.url + "/trace/PA-2611-09/")

    numbers = page.locator(".trace-step-number").all_inner_texts()
    assert numbers == ["1.", "2.", "3.", "4."]
    assert "Sửa bước 2" in page.locator("#trace-timeline").inner_text()
    assert not page.locator(".trace-qr img").is_visible()
    assert page.locator("#trace-cooperative").get_attribute("href") == storefront.url
    assert_page_is_fine(page)
    buy = page.locator("#trace-buy button[type=submit]")
    box = buy.bounding_box()
    assert box["y"] + box["height"] <= 780, "the buy button is above the fold"
    buy.click()
    page.locator(".alert-success").first.wait_for()
    page.goto(live_site.url + "/basket/")
    assert "Cải ngọt hữu cơ" in page.locator("#content_inner").inner_text()


def test_an_unknown_code_says_it_is_not_a_registered_batch(live_site, audited_phone):
    page = audited_phone
    response = page.goto(live_site.url + "/trace/LO-GIA-0001/")

    assert response.status == 404
    assert "không phải là lô hàng đã đăng ký" in page.locator("h1").inner_text()
    assert re.match(r"mailto:.+\?subject=", page.locator("#trace-report").get_attribute("href"))
    assert_page_is_fine(page)
