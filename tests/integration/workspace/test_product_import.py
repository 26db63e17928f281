"""A cooperative's staff import their products from a CSV or XLSX file."""

import csv
import io
import json
import threading
import zipfile

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook
from oscar.core.loading import get_model

from catalog import services as catalog_services
from catalog.models import Certification
from cooperatives.models import ImportJob
from cooperatives.product_import import reading, services
from cooperatives.product_import.reading import read_table
from cooperatives.product_import.rows import RowValidator
from cooperatives.product_import.selectors import import_job_progress
from tests import factories

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
ProductAlert = get_model("customer", "ProductAlert")

HEADER = [
    "sku", "title", "category", "price", "stock", "unit", "description", "is_flagship", "ocop_stars",
    "certifications", "origin_commune", "season_start", "season_end",
]


def _row(sku="RAU-001", title="Rau muống VietGAP", category="Rau củ", price="150.000", stock="40", **extra):
    values = {
        "sku": sku, "title": title, "category": category, "price": price, "stock": stock, "unit": "bunch",
        "description": "Rau muống hái buổi sáng", "is_flagship": "có", "ocop_stars": "4",
        "certifications": "vietgap;organic", "origin_commune": "An Phú", "season_start": "5", "season_end": "9",
        "photo": "",
    }
    values.update(extra)
    return values


def _csv(rows, header=HEADER, encoding="utf-8-sig", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(key, "") for key in header])
    return buffer.getvalue().encode(encoding)


def _xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(key, "") for key in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, content, name="san-pham.csv", **kwargs):
    return client.post(reverse("cooperatives:product-import"), {"file": SimpleUploadedFile(name, content)}, **kwargs)


@pytest.fixture(autouse=True)
def _vietnamese():
    # A request under /en/ leaves English active in the thread, and reverse() would then build /en/ URLs.
    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def coop(site):
    factories.category("Rau củ")
    factories.category("Trái cây")
    Certification.objects.create(code="vietgap", name="VietGAP")
    Certification.objects.create(code="organic", name="Hữu cơ")
    return factories.cooperative(name="HTX Rau sạch Phước An", commune=factories.commune("An Phú"))


@pytest.fixture
def staff(client, coop):
    user = factories.cooperative_staff(coop)
    client.force_login(user)
    return user


class TestImportingAGoodFile:
    def test_csv_products_appear_in_the_catalogue_with_their_price(self, client, coop, staff):
        content = _csv([_row(), _row(sku="RAU-002", title="Cải ngọt", price="22000", certifications="")])

        response = _upload(client, content, follow=True)

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.DONE
        assert (job.total_rows, job.processed_rows, job.created_products, job.updated_products) == (2, 2, 2, 0)
        assert response.status_code == 200
        product = Product.objects.get(title="Rau muống VietGAP")
        assert product.selling_unit == "bunch"
        assert product.is_flagship and product.ocop_stars == 4
        assert (product.season_start, product.season_end) == (5, 9)
        assert product.origin_commune.name == "An Phú"
        assert sorted(product.certifications.values_list("code", flat=True)) == ["organic", "vietgap"]
        assert product.categories.get().name == "Rau củ"
        stockrecord = product.stockrecords.get()
        assert (stockrecord.partner, stockrecord.partner_sku, stockrecord.num_in_stock) == (coop.partner, "RAU-001", 40)
        html = client.get(reverse("catalogue:index")).content.decode()
        assert "Rau muống VietGAP" in html and "Cải ngọt" in html
        assert "150.000\xa0₫" in html
        assert "22.000\xa0₫" in html

    def test_an_imported_product_is_made_as_the_dashboard_makes_one_and_shows_with_its_price(
        self, client, coop, staff
    ):
        one_by_one = factories.product(coop, title="Rau muống VietGAP", sku="MANUAL-1", price=50000)

        _upload(client, _csv([_row()]))

        assert ImportJob.objects.get().status == ImportJob.Status.DONE
        product = Product.objects.exclude(pk=one_by_one.pk).get()
        assert product.slug == one_by_one.slug == "rau-muong-vietgap"
        assert (product.structure, product.product_class, product.is_public) == (
            one_by_one.structure, one_by_one.product_class, True
        )
        assert product.date_created is not None and product.date_updated is not None
        assert product.categories.get().name == "Rau củ"
        assert sorted(product.certifications.values_list("code", flat=True)) == ["organic", "vietgap"]
        stockrecord = product.stockrecords.get()
        assert (stockrecord.partner, stockrecord.partner_sku, stockrecord.price_currency) == (
            coop.partner, "RAU-001", "VND"
        )
        assert (stockrecord.price, stockrecord.num_in_stock) == (150000, 40)
        page = client.get(product.get_absolute_url())
        assert page.status_code == 200
        html = page.content.decode()
        assert "Rau muống VietGAP" in html and "150.000\xa0₫" in html
        listing = client.get(reverse("catalogue:index")).content.decode()
        assert product.get_absolute_url() in listing and "150.000\xa0₫" in listing

    def test_xlsx_products_appear_in_the_catalogue(self, client, coop, staff):
        content = _xlsx([_row(price=150000, stock=12, ocop_stars=3), _row(sku="TC-1", title="Bưởi da xanh",
                                                                          category="Trái cây", price="85.000")])

        _upload(client, content, name="san-pham.xlsx")

        assert ImportJob.objects.get().status == ImportJob.Status.DONE
        html = client.get(reverse("catalogue:index")).content.decode()
        assert "Rau muống VietGAP" in html and "Bưởi da xanh" in html
        assert "150.000\xa0₫" in html and "85.000\xa0₫" in html
        assert Product.objects.get(title="Bưởi da xanh").categories.get().name == "Trái cây"

    def test_semicolon_csv_from_vietnamese_excel_is_read(self, client, coop, staff):
        _upload(client, _csv([_row()], delimiter=";"))

        assert ImportJob.objects.get().status == ImportJob.Status.DONE
        assert Product.objects.get().certifications.count() == 2

    def test_row_with_a_known_code_updates_that_product(self, client, coop, staff):
        existing = factories.product(coop, title="Rau muống cũ", price=50000, stock=3, sku="RAU-001",
                                     category=factories.category("Trái cây"))
        other_coops = factories.product(factories.cooperative(), title="Của HTX khác", sku="RAU-002")

        _upload(client, _csv([_row(price="65.000", stock="7"), _row(sku="RAU-002", title="Cải ngọt")]))

        job = ImportJob.objects.get()
        assert (job.status, job.created_products, job.updated_products) == (ImportJob.Status.DONE, 1, 1)
        existing.refresh_from_db()
        assert existing.title == "Rau muống VietGAP"
        assert existing.selling_unit == "bunch" and existing.ocop_stars == 4
        assert existing.categories.get().name == "Rau củ"
        assert existing.certifications.count() == 2
        stockrecord = existing.stockrecords.get()
        assert (stockrecord.price, stockrecord.num_in_stock) == (65000, 7)
        # Codes are the cooperative's own: another cooperative's RAU-002 is left alone.
        other_coops.refresh_from_db()
        assert other_coops.title == "Của HTX khác"
        assert StockRecord.objects.filter(partner=coop.partner).count() == 2

    def test_customers_waiting_for_a_restocked_product_are_told(self, client, coop, staff,
                                                                django_capture_on_commit_callbacks):
        existing = factories.product(coop, sku="RAU-001", stock=0)
        ProductAlert.objects.create(product=existing, user=factories.user(email="cho@example.com"))

        with django_capture_on_commit_callbacks(execute=True):
            _upload(client, _csv([_row(stock="25")]))

        assert [message.to for message in mail.outbox] == [["cho@example.com"]]

    def test_columns_the_file_lacks_are_left_as_they_are(self, client, coop, staff):
        existing = factories.product(coop, sku="RAU-001", description="Mô tả cũ", ocop_stars=5)

        _upload(client, _csv([_row(price="30.000")], header=["sku", "title", "category", "price", "stock"]))

        existing.refresh_from_db()
        assert (existing.description, existing.ocop_stars) == ("Mô tả cũ", 5)
        assert existing.stockrecords.get().price == 30000

    def test_headers_of_the_template_in_either_language_are_recognised(self, client, coop, staff):
        template = client.get(reverse("cooperatives:import-template", args=["csv"])).content
        vi_header = template.decode("utf-8-sig").splitlines()[0].split(",")
        english = client.get("/en" + reverse("cooperatives:import-template", args=["csv"])).content
        en_header = english.decode("utf-8-sig").splitlines()[0].split(",")

        _upload(client, _csv([dict(zip(vi_header, _row().values(), strict=True))], header=vi_header))
        _upload(client, _csv([dict(zip(en_header, _row(sku="X-2").values(), strict=True))], header=en_header))

        assert [job.status for job in ImportJob.objects.all()] == ["done", "done"]
        assert Product.objects.count() == 2


class TestTemplates:
    def test_csv_template_is_utf8_with_bom_for_excel_with_header_and_example(self, client, coop, staff):
        response = client.get(reverse("cooperatives:import-template", args=["csv"]))

        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        assert response.content.startswith(b"\xef\xbb\xbf")
        header, example = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(header) == len(example) == 14
        assert header[0].endswith("(sku)") and "(price)" in header[3]
        assert example[3] == "150.000" and example[2] == "Rau củ" and example[10] == "An Phú"

    def test_xlsx_template_has_header_example_and_guide(self, client, coop, staff):
        response = client.get(reverse("cooperatives:import-template", args=["xlsx"]))

        workbook = load_workbook(io.BytesIO(response.content))
        products, guide = workbook.worksheets
        rows = list(products.iter_rows(values_only=True))
        assert len(rows) == 2 and rows[1][3] == 150000
        guide_cells = {cell for row in guide.iter_rows(values_only=True) for cell in row}
        assert {"vietgap", "Rau củ", "bunch"} <= guide_cells

    def test_the_example_row_is_not_imported_by_mistake(self, client, coop, staff):
        template = client.get(reverse("cooperatives:import-template", args=["xlsx"])).content

        _upload(client, template, name="mau.xlsx")

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED and job.errors[0]["line"] == 2
        assert not Product.objects.exists()

    def test_import_page_states_the_limits_and_links_the_templates(self, client, coop, staff):
        html = client.get(reverse("cooperatives:product-import")).content.decode()

        assert "5,0\xa0MB" in html or "5,0 MB" in html
        assert "20.000" in html
        assert reverse("cooperatives:import-template", args=["xlsx"]) in html
        assert reverse("cooperatives:import-template", args=["csv"]) in html


class TestRowsWithProblems:
    def test_three_bad_rows_are_each_named_with_their_line_and_nothing_is_imported(self, client, coop, staff):
        rows = [
            _row(sku="A1"),
            _row(sku="A2", price="mười nghìn"),  # line 3
            _row(sku="A3"),
            _row(sku="A4", category="Hải sản", ocop_stars="7"),  # line 5
            _row(sku="A1", title=""),  # line 6: a code already used on line 2, no name
        ]

        response = _upload(client, _csv(rows), follow=True)

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED
        assert [error["line"] for error in job.errors] == [3, 5, 6]
        assert len(job.errors[1]["messages"]) == 2
        assert not Product.objects.exists()
        html = response.content.decode()
        assert "mười nghìn" in html and "Hải sản" in html and "dòng 2 của tệp này" in html
        for line in (3, 5, 6):
            assert f"<td>{line}</td>" in html

    def test_messages_are_in_the_uploaders_language(self, client, coop, staff):
        client.post("/en" + reverse("cooperatives:product-import"),
                    {"file": SimpleUploadedFile("p.csv", _csv([_row(price="abc")]))})

        messages = ImportJob.objects.get().errors[0]["messages"]
        assert messages == ["Price in đồng: “abc” is not a whole number; write it like 150000 or 150.000."]

    def test_each_kind_of_problem_is_explained(self, coop):
        validator = RowValidator(HEADER)
        bad = _row(price="0", stock="-3", unit="tấn", is_flagship="maybe", certifications="iso9001",
                   origin_commune="Sao Hỏa", season_start="13", season_end="")

        with translation.override("en"):
            row, problems = validator.validate(2, bad)

        assert row is None
        text = " ".join(problems)
        assert "positive whole number" in text  # price 0
        assert "“-3” is not a whole number" in text
        assert "“tấn” is not a selling unit" in text
        assert "“maybe”" in text and "“iso9001”" in text and "“Sao Hỏa”" in text and "“13” is not a month" in text

    def test_a_single_season_month_is_refused(self, coop):
        row, problems = RowValidator(HEADER).validate(2, _row(season_start="5", season_end=""))

        assert row is None and problems == [
            "Hãy điền cả hai tháng mùa vụ, hoặc để trống cả hai nếu bán quanh năm."
        ]

    def test_prices_and_stock_are_read_as_people_type_them(self, coop):
        validator = RowValidator(HEADER)
        for n, (price, expected) in enumerate(
            [("150000", 150000), ("150.000", 150000), ("1.500.000 ₫", 1500000), ("150,000", 150000),
             ("150000đ", 150000), ("150 000", 150000)]
        ):
            row, problems = validator.validate(2 + n, _row(sku=f"P{n}", price=price))
            assert problems == [] and row.price == expected

    def test_checking_rows_does_not_query_per_row(self, coop, django_assert_max_num_queries):
        table = read_table(SimpleUploadedFile("p.csv", _csv([_row(sku=f"S{n}") for n in range(500)])), name="p")

        with django_assert_max_num_queries(4):
            validator = RowValidator(table.columns)
            results = [validator.validate(line, values) for line, values in table.records()]

        assert all(row is not None for row, _problems in results)


class TestRefusedFiles:
    def _refused(self, client, content, name="san-pham.csv"):
        response = _upload(client, content, name=name)
        assert response.status_code == 400
        assert not ImportJob.objects.exists()
        return response.content.decode()

    def test_an_image_named_csv_is_refused(self, client, coop, staff):
        png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
        assert "không phải tệp CSV hay XLSX" in self._refused(client, png)

    def test_a_zip_that_is_not_a_workbook_is_refused(self, client, coop, staff):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<xml/>")
        assert "không phải tệp CSV hay XLSX" in self._refused(client, buffer.getvalue(), name="san-pham.xlsx")

    def test_an_empty_file_is_refused(self, client, coop, staff):
        html = self._refused(client, b"")
        assert "empty" in html or "rỗng" in html

    def test_a_file_with_only_its_header_is_refused(self, client, coop, staff):
        assert "không có dòng sản phẩm nào" in self._refused(client, _csv([]))

    def test_a_file_without_a_required_column_is_refused(self, client, coop, staff):
        header = [key for key in HEADER if key != "price"]
        html = self._refused(client, _csv([_row()], header=header))
        assert "Dòng tiêu đề thiếu các cột" in html and "“Giá (đồng)”" in html

    def test_a_csv_not_in_utf8_is_refused_with_advice(self, client, coop, staff):
        content = "sku,title,category,price,stock\r\nCF-1,Cà phê Robusta,Cà phê,150000,5\r\n".encode("cp1252")
        html = self._refused(client, content)
        assert "không được lưu dạng UTF-8" in html and "dòng 2" in html and "CSV UTF-8" in html

    def test_a_file_over_the_size_limit_is_refused(self, client, coop, staff, monkeypatch):
        monkeypatch.setattr(reading, "MAX_BYTES", 100)
        assert "100\xa0byte" in self._refused(client, _csv([_row()] * 3))

    def test_a_file_over_the_row_limit_is_refused(self, client, coop, staff, monkeypatch):
        monkeypatch.setattr(reading, "MAX_ROWS", 2)
        html = self._refused(client, _csv([_row(sku=f"S{n}") for n in range(3)]))
        assert "có hơn 2 dòng sản phẩm" in html


def _job(coop, rows, name="p.csv", language="vi"):
    upload = SimpleUploadedFile(name, _csv(rows))
    return services.import_job_create(
        cooperative=coop, uploaded_by=None, upload=upload, table=read_table(upload, name=name), language=language
    )


class TestJobsBelongToTheirCooperative:
    def test_staff_cannot_see_another_cooperatives_job(self, client, coop, staff):
        theirs = _job(factories.cooperative(), [_row()])

        assert client.get(reverse("cooperatives:import-job", args=[theirs.pk])).status_code == 404
        assert client.get(reverse("cooperatives:import-job-status", args=[theirs.pk])).status_code == 404
        html = client.get(reverse("cooperatives:product-import")).content.decode()
        assert reverse("cooperatives:import-job", args=[theirs.pk]) not in html

    def test_staff_see_their_own_jobs(self, client, coop, staff):
        mine = _job(coop, [_row()], name="bang-gia-thang-5.csv")

        html = client.get(reverse("cooperatives:product-import")).content.decode()
        assert "bang-gia-thang-5.csv" in html
        assert client.get(reverse("cooperatives:import-job", args=[mine.pk])).status_code == 200

    def test_officers_see_every_cooperatives_jobs_but_do_not_import(self, client, coop):
        job = _job(coop, [_row()])
        client.force_login(factories.officer())

        assert client.get(reverse("cooperatives:import-job", args=[job.pk])).status_code == 200
        assert client.get(reverse("cooperatives:import-job-status", args=[job.pk])).status_code == 200
        assert _upload(client, _csv([_row()])).status_code == 403

    def test_users_outside_a_cooperative_are_refused(self, client, coop):
        assert client.get(reverse("cooperatives:product-import")).status_code == 302  # to the login page
        client.force_login(factories.user())
        assert client.get(reverse("cooperatives:product-import")).status_code == 403
        assert client.get(reverse("cooperatives:import-template", args=["csv"])).status_code == 403

    def test_the_dashboard_menu_offers_the_import_to_cooperative_staff(self, client, coop, staff):
        html = client.get(reverse("cooperatives:product-import")).content.decode()
        assert f'href="{reverse("cooperatives:product-import")}"' in html
        assert reverse("cooperatives:registry") not in html  # the officers' entries stay hidden

    @pytest.mark.parametrize("count", [5, 500])
    def test_import_page_queries_do_not_grow_with_jobs(self, client, coop, staff, count,
                                                       django_assert_max_num_queries):
        ImportJob.objects.bulk_create(
            ImportJob(cooperative=coop, uploaded_by=staff, file=f"imports/{n}.csv", file_name=f"{n}.csv")
            for n in range(count)
        )
        with django_assert_max_num_queries(200):
            response = client.get(reverse("cooperatives:product-import"))
        assert response.status_code == 200


class TestRunner:
    def test_a_2000_row_file_is_processed_to_the_last_row(self, coop):
        job = _job(coop, [_row(sku=f"SP-{n:04d}", title=f"Rau {n}") for n in range(2000)])
        assert job.status == ImportJob.Status.QUEUED and job.total_rows == 2000

        services.import_job_run(job.pk)

        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE
        assert job.processed_rows == job.total_rows == 2000
        assert job.created_products == 2000 and job.finished_at is not None
        assert StockRecord.objects.filter(partner=coop.partner).count() == 2000
        assert import_job_progress(job)["percent"] == 100

    def test_new_and_known_rows_are_written_in_batches_not_row_by_row(self, coop, django_assert_max_num_queries):
        known = [factories.product(coop, sku=f"SP-{n:04d}", stock=0) for n in range(3)]
        rows = [_row(sku=f"SP-{n:04d}", title=f"Rau {n}", price=f"{20000 + n}") for n in range(2000)]
        job = _job(coop, rows)

        with django_assert_max_num_queries(200):
            services.import_job_run(job.pk)

        job.refresh_from_db()
        assert (job.status, job.created_products, job.updated_products) == (ImportJob.Status.DONE, 1997, 3)
        for n, product in enumerate(known):
            product.refresh_from_db()
            assert product.title == f"Rau {n}" and product.stockrecords.get().num_in_stock == 40
        assert ProductCategory.objects.count() == Product.objects.count() == 2000

    def test_a_large_upload_waits_for_the_background_runner(self, client, coop, staff,
                                                           django_capture_on_commit_callbacks):
        rows = [_row(sku=f"SP-{n}") for n in range(services.BACKGROUND_ROWS + 1)]

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = _upload(client, _csv(rows))

        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("cooperatives:import-job",
                                                                                args=[job.pk])
        assert job.status == ImportJob.Status.QUEUED and len(callbacks) == 1
        assert not Product.objects.exists()
        html = client.get(response["Location"]).content.decode()
        assert "data-import-status-url" in html
        assert '<script src="/static/cooperatives/js/import_progress.js"></script>' in html

    def test_status_endpoint_reports_the_progress(self, client, coop, staff):
        job = _job(coop, [_row(sku=f"SP-{n}") for n in range(8)])
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.IMPORTING, processed_rows=2)
        cache.set(services.progress_cache_key(job.pk), {"status": "importing", "processed_rows": 6})

        status = json.loads(client.get(reverse("cooperatives:import-job-status", args=[job.pk])).content)

        assert status["status"] == "importing" and status["total_rows"] == 8
        assert status["processed_rows"] == 6 and status["percent"] == 75 and not status["finished"]

    def test_a_job_runs_only_once(self, coop):
        job = _job(coop, [_row()])
        services.import_job_run(job.pk)
        services.import_job_run(job.pk)

        assert Product.objects.count() == 1

    def test_a_row_the_catalogue_refuses_rolls_back_the_file_and_is_named(self, coop, monkeypatch):
        job = _job(coop, [_row(sku="A"), _row(sku="B")])
        real_bulk_create = services.catalog_services.products_bulk_create

        def write_then_refuse_b(*, cooperative, rows):
            real_bulk_create(cooperative=cooperative, rows=rows)
            refused = [row.sku for row in rows].index("B")
            raise services.catalog_services.ProductRefused(refused, ValidationError("Refused by the catalogue."))

        monkeypatch.setattr(services.catalog_services, "products_bulk_create", write_then_refuse_b)
        services.import_job_run(job.pk)

        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED
        assert job.errors == [{"line": 3, "messages": ["Refused by the catalogue."]}]
        assert not Product.objects.exists()

    def test_an_unexpected_error_rolls_back_the_whole_file(self, coop, monkeypatch):
        job = _job(coop, [_row(sku="A"), _row(sku="B")])
        real_bulk_create = services.catalog_services.products_bulk_create

        def write_then_fail(**kwargs):
            real_bulk_create(**kwargs)
            raise RuntimeError("disk full")

        monkeypatch.setattr(services.catalog_services, "products_bulk_create", write_then_fail)
        services.import_job_run(job.pk)

        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED and job.errors[0]["line"] is None
        assert not Product.objects.exists()


class TestAFileTheDatabaseRefusesMidwayImportsNothing:
    """The database may refuse a write the checks could not foresee, after many rows are
    written: a code saved meanwhile by another request, a constraint. Then nothing is imported."""

    def _refuse_stockrecord_insert(self, sku):
        """A database trigger, as a constraint would, refuses one stock record with a unique-violation error."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "CREATE TRIGGER refuse_one_code BEFORE INSERT ON partner_stockrecord "
                    f"WHEN NEW.partner_sku = '{sku}' BEGIN SELECT RAISE(ABORT, 'code taken'); END"
                )
            else:
                cursor.execute(
                    "CREATE FUNCTION refuse_one_code() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    f"IF NEW.partner_sku = '{sku}' THEN "
                    "RAISE EXCEPTION 'code taken' USING ERRCODE = 'unique_violation'; END IF; RETURN NEW; END $$"
                )
                cursor.execute(
                    "CREATE TRIGGER refuse_one_code BEFORE INSERT ON partner_stockrecord "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_one_code()"
                )

    def test_a_stock_record_refused_after_a_thousand_products_are_written_rolls_back_the_file(self, coop):
        existing = factories.product(coop, sku="SP-0000", price=50000, title="Rau muống cũ")
        job = _job(coop, [_row(sku=f"SP-{n:04d}", title=f"Rau {n}") for n in range(1200)], language="en")
        self._refuse_stockrecord_insert("SP-1199")
        statements = []

        def log(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(log):
            services.import_job_run(job.pk)

        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED and job.errors[0]["line"] is None
        assert "Another change to the same products" in job.errors[0]["messages"][0]
        # The refusal came late: the first thousand rows, and the second batch's products, had been written.
        inserts = [sql for sql in statements if sql.startswith("INSERT INTO")]
        assert sum('"catalogue_product"' in sql for sql in inserts) >= 2
        assert sum('"partner_stockrecord"' in sql for sql in inserts) >= 2
        assert list(Product.objects.all()) == [existing]
        assert list(StockRecord.objects.values_list("partner_sku", "price")) == [("SP-0000", 50000)]
        assert ProductCategory.objects.count() == 1
        assert not Product.certifications.through.objects.exists()
        existing.refresh_from_db()
        assert existing.title == "Rau muống cũ"

    @pytest.mark.django_db(transaction=True)
    def test_a_code_another_request_saves_during_the_write_rolls_back_the_file(self, coop):
        if connection.vendor != "postgresql":
            pytest.skip(
                "SQLite lets one transaction write at a time and the import reads the codes it has "
                "after taking the lock, so no other request can save a code in between."
            )
        catalog_services.produce_product_class()
        job = _job(coop, [_row(sku=f"SP-{n:04d}", title=f"Rau {n}") for n in range(300)], language="en")
        saved = []

        def save_the_same_code_elsewhere():
            try:
                saved.append(factories.product(coop, title="Thêm từ trang quản trị", sku="SP-0150"))
            finally:
                connections.close_all()

        def another_request_first(execute, sql, params, many, context):
            # Just before the import inserts its stock records, another request commits SP-0150.
            if not saved and sql.startswith('INSERT INTO "partner_stockrecord"'):
                other = threading.Thread(target=save_the_same_code_elsewhere)
                other.start()
                other.join(timeout=30)
                assert saved, "the other request did not save"
            return execute(sql, params, many, context)

        with connection.execute_wrapper(another_request_first):
            services.import_job_run(job.pk)

        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED
        assert "Another change to the same products" in job.errors[0]["messages"][0]
        assert list(Product.objects.all()) == saved
        assert list(StockRecord.objects.values_list("partner_sku", flat=True)) == ["SP-0150"]


# An import is not lost because someone reads its job at the moment it writes. The test server's SQLite
# database is in memory with a shared cache: there a writer meets a reader's table lock at once ("database
# table is locked") instead of waiting as on a file database, and the workspace's status page reads the
# job while the import runs (a browser test failed so, once, in CI).
def _read_jobs_for(seconds, started, done):
    """Another connection (the status page) in the middle of reading the job table."""
    try:
        cursor = connections["default"].cursor()
        cursor.execute("SELECT id FROM cooperatives_importjob")
        cursor.fetchone()  # the statement stays open on the next row: the table's read lock is held
        started.set()
        done.wait(seconds)
        cursor.close()
    finally:
        started.set()
        connections.close_all()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's shared-cache locks only")
@pytest.mark.django_db(transaction=True)
def test_an_import_finishes_when_its_job_is_being_read_as_it_starts(coop):
    job = _job(coop, [_row(), _row(sku="RAU-002", title="Cải ngọt")])
    _job(coop, [_row(sku="KHAC-1")])  # a second row keeps the reader's statement open
    started, done = threading.Event(), threading.Event()
    reader = threading.Thread(target=_read_jobs_for, args=(0.3, started, done))
    reader.start()
    started.wait(5)
    try:
        services.import_job_run(job.pk)
    finally:
        done.set()
        reader.join()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert job.created_products == 2
