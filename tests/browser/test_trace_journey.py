"""Traceability in a real browser: cooperative staff record a batch and its steps, then a buyer
scans the label (opens the trace page) on a phone."""

import re

from tests import factories


def _sign_in(page, base_url, email):
    page.goto(base_url + "/en/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", "demo12345")
    with page.expect_navigation():
        page.locator("button[name=login_submit]").click()


def _record_step(page, kind, when, place, actor):
    page.select_option("#id_kind", value=kind)
    page.fill("#id_occurred_at", when)
    page.fill("#id_place", place)
    page.fill("#id_actor", actor)
    with page.expect_navigation():
        page.locator("#event-form button[type=submit]").click()


def test_staff_record_a_batch_and_a_buyer_opens_its_trace(live_site, desktop, phone):
    coop = factories.cooperative(name="HTX Rau sạch Phước An")
    factories.cooperative_staff(coop, email="htx@example.com")
    product = factories.product(coop=coop, title="Cải ngọt VietGAP")
    area = factories.raw_material_area(coop, name="Cánh đồng ấp 3")
    url = live_site.url

    _sign_in(desktop, url, "htx@example.com")
    desktop.goto(url + "/en/value-chains/")
    desktop.get_by_role("link", name="Record a batch").click()
    desktop.fill("#id_code", "PA-2611-09")
    desktop.select_option("#id_product", value=str(product.pk))
    desktop.select_option("#id_area", value=str(area.pk))
    desktop.fill("#id_harvest_date", "2026-11-20")
    desktop.fill("#id_quantity", "180")
    desktop.locator("#batch-form button[type=submit]").click()
    desktop.locator("#event-form").wait_for()
    _record_step(desktop, "harvested", "2026-11-20T06:30", "Ruộng ấp 3, xã Phước Vĩnh An", "Tổ sản xuất số 2")
    _record_step(desktop, "packed", "2026-11-20T10:00", "Nhà sơ chế HTX", "Chị Lan")
    assert desktop.locator("#events tbody tr").count() == 2
    desktop.get_by_role("link", name="Label sheet (A4)").click()
    # Twelve labels, printed on one A4 sheet.
    assert desktop.locator(".label svg").count() == 12
    pdf = desktop.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1

    phone.goto(url + "/trace/PA-2611-09/")
    timeline = phone.locator("#trace-timeline li")
    assert timeline.count() == 2
    page = phone.content()
    for text in [
        "Cải ngọt VietGAP",
        "HTX Rau sạch Phước An",
        "Cánh đồng ấp 3",
        "Ruộng ấp 3, xã Phước Vĩnh An",
        "Nhà sơ chế HTX",
    ]:
        assert text in page
    # The buyer has just scanned the code: the page's own QR is for desktop readers only.
    assert not phone.locator(".trace-qr img").is_visible()
    desktop.goto(url + "/trace/PA-2611-09/")
    qr = desktop.locator(".trace-qr img")
    qr.scroll_into_view_if_needed()
    desktop.wait_for_function("document.querySelector('.trace-qr img').complete")
    assert desktop.evaluate("img => img.naturalWidth > 0", qr.element_handle())


def test_the_map_draws_areas_and_cooperatives_without_tiles(live_site, desktop):
    coop = factories.cooperative(name="HTX Rau sạch Phước An")
    factories.raw_material_area(coop, name="Cánh đồng ấp 3")
    factories.raw_material_area(coop, name="Ruộng ấp 4", location={"type": "Point", "coordinates": [106.52, 11.04]})
    # No network for tiles: the layers must draw all the same.
    desktop.route("https://tile.openstreetmap.org/**", lambda route: route.abort())

    desktop.goto(live_site.url + "/en/map/")
    desktop.locator("#map[data-ready=true]").wait_for()

    assert desktop.locator("path.map-area").count() == 2
    assert desktop.locator("path.map-cooperative").count() == 1
    desktop.locator("path.map-cooperative").click()
    assert "HTX Rau sạch Phước An" in desktop.locator(".leaflet-popup-content").inner_text()
