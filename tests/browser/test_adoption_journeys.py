"""The department's side in a real browser: a resident rates their commune on a phone; an officer reads
the dashboard, drills into a district and exports the figures."""

import io

from feedback.models import ResidentFeedback
from tests import factories
from tests.browser.journeys import assert_fits_the_phone


def test_a_resident_rates_their_commune_on_a_phone(live_site, phone):
    factories.real_geography()
    phone.goto(live_site.url + "/en/")
    phone.get_by_role("link", name="Residents: rate new-rural results in your commune").click()
    phone.select_option("#id_commune", label="An Nhơn Tây")
    phone.locator("label", has_text="4 — satisfied").click()
    phone.fill("#id_comment", "Đường nội đồng đã sửa xong.")
    assert_fits_the_phone(phone)
    # Forms sent within 3 seconds of opening are refused as robots': a person takes longer.
    phone.wait_for_timeout(3200)
    phone.get_by_role("button", name="Send my opinion").click()
    phone.locator("#feedback-thanks").wait_for()
    stored = ResidentFeedback.objects.get()
    assert (stored.commune.name, stored.rating, stored.comment) == ("An Nhơn Tây", 4, "Đường nội đồng đã sửa xong.")


def test_an_officer_drills_into_a_district_and_exports_it(live_site, desktop):
    from openpyxl import load_workbook

    factories.real_geography()
    selling = factories.cooperative(name="HTX Rau sạch Phú Mỹ Hưng", commune=factories.unit("27499"))
    factories.product(coop=selling)
    factories.cooperative(name="HTX Bò sữa An Phú", commune=factories.unit("27502"), status="suspended")
    factories.officer(email="canbo@example.com")
    url = live_site.url

    desktop.goto(url + "/en/accounts/login/")
    desktop.fill("#id_login-username", "canbo@example.com")
    desktop.fill("#id_login-password", "demo12345")
    with desktop.expect_navigation():
        desktop.locator("button[name=login_submit]").click()
    desktop.goto(url + "/en/adoption/")
    card = desktop.locator("#indicator-communes_with_online_cooperative")
    assert "1 / 56" in card.inner_text().replace("\u00a0", " ")

    with desktop.expect_navigation():
        desktop.locator("#districts").get_by_role("link", name="Củ Chi").click()
    cooperatives = desktop.locator("#cooperatives-section").inner_text()
    assert "HTX Rau sạch Phú Mỹ Hưng" in cooperatives and "HTX Bò sữa An Phú" in cooperatives
    assert "suspended" in cooperatives

    with desktop.expect_download() as download_info:
        desktop.locator("#district-exports").get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    by_commune = {row[1]: row for row in rows[1:]}
    assert len(by_commune) == 21  # Củ Chi's 20 communes and the total row
    header = rows[0]
    online = header.index("Programme communes with a cooperative selling online")
    assert by_commune["Phú Mỹ Hưng"][online] == 1 and by_commune["An Phú"][online] == 0
    assert rows[-1][0] == "Total" and rows[-1][online] == 1
