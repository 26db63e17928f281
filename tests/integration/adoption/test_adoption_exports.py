"""CSV and XLSX downloads of the dashboard's tables, read back as an officer's spreadsheet would read them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cooperatives.models import Cooperative
from tests import factories

pytestmark = pytest.mark.django_db
# A delivery under the contract yesterday: the evidence a linkage model counts on.
RECENT = timezone.localdate() - datetime.timedelta(days=1)

AN_PHU = "27502"  # Củ Chi → Xã An Nhơn Tây (whole)
PHU_MY_HUNG = "27499"  # Củ Chi → Xã An Nhơn Tây (whole)
TAN_KIEN = "27616"  # Bình Chánh, split between Tân Tạo and Tân Nhựt
LONG_HOA = "27679"  # Cần Giờ
TABLES = ["indicators", "districts", "communes", "communes-2025", "sales"]


@pytest.fixture
def geography(db):
    factories.real_geography()


@pytest.fixture
def officer_client(client, geography):
    client.force_login(factories.officer())
    return client


def selling(code, price=Decimal("50000")):
    coop = factories.cooperative(commune=factories.unit(code))
    return coop, factories.product(coop=coop, price=price, stock=50)


@pytest.fixture
def known_data(geography):
    """Two programme communes online (An Phú, Tân Kiên), a linkage model in Củ Chi, one order."""
    an_phu, cabbage = selling(AN_PHU)
    selling(TAN_KIEN)
    factories.cooperative(commune=factories.unit(LONG_HOA), status=Cooperative.Status.SUSPENDED)
    area = factories.raw_material_area(an_phu)
    model = factories.linkage_model(an_phu, areas=[area], technologies=["traceability"])
    # The one order is a delivery under the model's contract: the evidence it counts on.
    factories.linkage_delivery(model, RECENT, order=factories.order_with_parts((cabbage, 3)))
    return an_phu


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return response


def read_csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


def row_named(rows, first_cell):
    return next(row for row in rows if row[0] == first_cell)


class TestIndicatorsExport:
    def test_csv_has_a_header_and_each_indicators_exact_figures(self, officer_client, known_data):
        response = download(officer_client, "/en/adoption/export/indicators.csv")
        today = timezone.localdate().isoformat()
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="adoption-indicators-{today}.csv"'
        rows = read_csv(response)
        assert rows[0] == [
            "Code",
            "Indicator",
            "Numerator",
            "Denominator",
            "Value (%)",
            "Target (%)",
            "Deadline",
            "As of",
            "Counting rule",
        ]
        assert rows[1] == [
            "communes_with_online_cooperative",
            "Communes with a cooperative selling online",
            "2",
            "56",
            "3.6",
            "100.0",
            "2025-12-31",
            today,
            "",
        ]
        assert row_named(rows, "districts_with_linkage_model")[2:6] == ["1", "5", "20.0", "80.0"]
        assert row_named(rows, "linkages_with_digital_technology")[2:6] == ["1", "1", "100.0", "70.0"]

    def test_xlsx_has_numbers_as_numbers_and_shares_as_percent_cells(self, officer_client, known_data):
        response = download(officer_client, "/en/adoption/export/indicators.xlsx")
        assert response["Content-Disposition"].endswith(f'-{timezone.localdate().isoformat()}.xlsx"')
        sheet = read_xlsx(response)
        assert sheet["A1"].value == "Code" and sheet["A1"].font.bold
        assert [c.value for c in sheet[2]][:4] == [
            "communes_with_online_cooperative",
            "Communes with a cooperative selling online",
            2,
            56,
        ]
        assert sheet["E2"].value == pytest.approx(2 / 56)
        assert sheet["E2"].number_format == "0.0%"
        assert sheet["F2"].value == 1.0 and sheet["F2"].number_format == "0.0%"
        assert sheet["G2"].value.date().isoformat() == "2025-12-31"
        assert sheet.column_dimensions["B"].width > 30

    def test_headers_and_names_follow_the_language_of_the_address(self, officer_client, known_data):
        vietnamese = read_csv(download(officer_client, "/adoption/export/indicators.csv"))
        english = read_csv(download(officer_client, "/en/adoption/export/indicators.csv"))
        assert vietnamese[1][1] == "Xã có hợp tác xã bán hàng trên nền tảng số"
        assert english[1][1] == "Communes with a cooperative selling online"


class TestGeographicExports:
    def test_districts_one_row_each_and_a_total(self, officer_client, known_data):
        rows = read_csv(download(officer_client, "/en/adoption/export/districts.csv"))
        assert rows[0][:4] == [
            "District (before 1 July 2025)",
            "Programme communes",
            "Programme communes with a cooperative selling online",
            "Share of programme communes online (%)",
        ]
        cu_chi = row_named(rows, "Củ Chi")
        assert cu_chi[1:4] == ["20", "1", "5.0"]
        assert row_named(rows, "Bình Chánh")[1:4] == ["14", "1", "7.1"]
        total = rows[-1]
        assert total[:4] == ["Total", "56", "2", "3.6"]
        # cooperatives, verified, online, suspended, linkages, with area, with technology
        assert total[4:] == ["3", "2", "2", "1", "1", "1", "1", "0"]

    def test_communes_with_district_programme_and_every_count(self, officer_client, known_data):
        rows = read_csv(download(officer_client, "/en/adoption/export/communes.csv"))
        assert rows[0][:4] == [
            "District (before 1 July 2025)",
            "Commune (before 1 July 2025)",
            "Code",
            "In the new-rural programme",
        ]
        an_phu = next(row for row in rows if row[2] == AN_PHU)
        assert an_phu == ["Củ Chi", "An Phú", AN_PHU, "yes", "1", "1", "100.0", "1", "1", "1", "0", "1", "1", "1", "0"]
        binh_hung = next(row for row in rows if row[2] == "27619")
        assert binh_hung[3:7] == ["no", "0", "0", ""]  # not in the programme: no share to show
        assert len(rows) == 1 + 58 + 1

    def test_one_districts_communes_as_its_page_offers_them(self, officer_client, known_data):
        rows = read_csv(download(officer_client, "/en/adoption/export/communes.csv?district=783"))
        assert {row[0] for row in rows[1:-1]} == {"Củ Chi"} and len(rows) == 1 + 20 + 1
        assert rows[-1][:5] == ["Total", "", "", "", "20"] and rows[-1][5] == "1"  # Tân Kiên is not Củ Chi's

    def test_an_unknown_district_is_a_404_that_says_so(self, officer_client, known_data):
        response = officer_client.get("/en/adoption/export/communes.csv?district=999")
        assert response.status_code == 404
        assert "communes?district=999" in response.content.decode()

    def test_2025_units_state_the_split_communes(self, officer_client, known_data):
        rows = read_csv(download(officer_client, "/en/adoption/export/communes-2025.csv"))
        assert rows[0][:3] == ["Unit (from 1 July 2025)", "Code", "Made of (before 1 July 2025)"]
        an_nhon_tay = row_named(rows, "An Nhơn Tây")
        assert "An Phú" in an_nhon_tay[2] and "Phú Mỹ Hưng" in an_nhon_tay[2]
        split = next(row for row in rows if row[2] == "Tân Kiên, Bình Chánh")
        assert split[0] == "split between Tân Nhựt, Tân Tạo"
        assert split[3:5] == ["1", "1"]

    def test_totals_agree_between_the_layouts_and_formats(self, officer_client, known_data):
        districts = read_csv(download(officer_client, "/en/adoption/export/districts.csv"))[-1]
        communes = read_csv(download(officer_client, "/en/adoption/export/communes.csv"))[-1]
        units_2025 = read_csv(download(officer_client, "/en/adoption/export/communes-2025.csv"))[-1]
        assert districts[0] == communes[0] == units_2025[0] == "Total"
        assert districts[1:] == communes[4:] == units_2025[3:]
        sheet = read_xlsx(download(officer_client, "/en/adoption/export/communes-2025.xlsx"))
        last = [cell.value for cell in sheet[sheet.max_row]]
        assert last[0] == "Total" and last[3] == 56 and last[4] == 2
        assert last[5] == pytest.approx(2 / 56) and sheet.cell(sheet.max_row, 6).number_format == "0.0%"


class TestSalesExport:
    def test_orders_and_whole_dong_by_district_and_month(self, officer_client, known_data):
        rows = read_csv(download(officer_client, "/en/adoption/export/sales.csv"))
        assert rows[0] == ["District (before 1 July 2025)", "Month", "Orders", "Sales (VND)"]
        this_month = timezone.localdate().strftime("%Y-%m")
        assert row_named([r for r in rows if r[1] == this_month], "Củ Chi")[2:] == ["1", "150000"]
        assert row_named([r for r in rows if r[1] == this_month], "Bình Chánh")[2:] == ["0", "0"]
        assert len({r[1] for r in rows[1:]}) == 12

    def test_xlsx_sales_are_integers(self, officer_client, known_data):
        sheet = read_xlsx(download(officer_client, "/en/adoption/export/sales.xlsx"))
        this_month = timezone.localdate().strftime("%Y-%m")
        row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Củ Chi" and r[1] == this_month)
        assert row[2:] == (1, 150000) and isinstance(row[3], int)


class TestAccess:
    def test_anonymous_is_sent_to_log_in(self, client, geography):
        response = client.get("/en/adoption/export/indicators.csv")
        assert response.status_code == 302 and "login" in response["Location"]

    def test_buyers_and_cooperative_staff_are_refused(self, client, geography):
        client.force_login(factories.user())
        assert client.get("/en/adoption/export/indicators.csv").status_code == 403
        client.force_login(factories.cooperative_staff(factories.cooperative()))
        assert client.get("/en/adoption/export/communes.xlsx").status_code == 403

    def test_unknown_table_or_format_is_a_404_that_says_so(self, officer_client):
        response = officer_client.get("/en/adoption/export/villages.csv")
        assert response.status_code == 404
        assert "There is no export “villages.csv”" in response.content.decode()
        assert "indicators, districts, communes, communes-2025, sales" in response.content.decode()
        assert officer_client.get("/en/adoption/export/indicators.pdf").status_code == 404


class TestQueryCount:
    # The session, the user and the permission check, then the table's own fixed handful (with the indicators'
    # settings row: the linkage models' evidence window).
    # Issue 19: +1 for the cooperatives with trained staff by commune, +1 for the officials (indicators only).
    BUDGET = {"indicators": 14, "districts": 10, "communes": 10, "communes-2025": 11, "sales": 10}

    def add_data(self, count):
        codes = [AN_PHU, PHU_MY_HUNG, TAN_KIEN, LONG_HOA]
        for n in range(count):
            coop, product = selling(codes[n % len(codes)])
            factories.linkage_model(
                coop, areas=[factories.raw_material_area(coop)], technologies=["sensors"], delivered_on=RECENT
            )
            factories.order_with_parts((product, 1))

    @pytest.mark.parametrize("table", TABLES)
    @pytest.mark.parametrize("count", [3, 30])
    def test_each_table_runs_a_fixed_number_of_queries(
        self, officer_client, django_assert_max_num_queries, table, count
    ):
        self.add_data(count)
        for fmt in ("csv", "xlsx"):
            with django_assert_max_num_queries(self.BUDGET[table]):
                download(officer_client, f"/en/adoption/export/{table}.{fmt}")
