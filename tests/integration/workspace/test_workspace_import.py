"""Cooperative staff import products with a ZIP of their photos from the workspace (issue 14)."""

import copy
import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from oscar.core.loading import get_model
from PIL import Image

from cooperatives.models import ImportJob
from cooperatives.product_import import photos as photo_archive
from cooperatives.product_import import services
from tests import factories

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")

HEADER = ["sku", "title", "category", "price", "stock", "photo"]


def _csv(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(key, "") for key in header])
    return buffer.getvalue().encode("utf-8-sig")


def _row(sku, title=None, photo=""):
    return {"sku": sku, "title": title or f"Rau {sku}", "category": "Rau củ", "price": "25.000", "stock": "10",
            "photo": photo}


def _image(image_format="JPEG", colour=(60, 140, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, image_format)
    return buffer.getvalue()


def _zip(files: dict, compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _upload(client, rows, photos=None, url=None):
    data = {"file": SimpleUploadedFile("san-pham.csv", _csv(rows))}
    if photos is not None:
        data["photos"] = SimpleUploadedFile("anh.zip", photos)
    return client.post(url or reverse("workspace:import"), data)


def _stored_photo_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "images"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture
def vegetables(db):
    return factories.category("Rau củ")


class TestPhotosAreMatchedToRows:
    def test_a_photo_named_after_the_code_in_any_case_and_extension_becomes_the_products_photo(
        self, staff_client, cooperative, vegetables
    ):
        photos = _zip({"rau-001.JPG": _image(), "Anh/RAU-002.png": _image("PNG")})

        response = _upload(staff_client, [_row("RAU-001"), _row("RAU-002"), _row("RAU-003")], photos)

        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("workspace:import-job", args=[job.pk])
        assert (job.status, job.created_products, job.photos_added) == (ImportJob.Status.DONE, 3, 2)
        first, second = (Product.objects.get(stockrecords__partner_sku=sku) for sku in ("RAU-001", "RAU-002"))
        assert first.primary_image().original.name.endswith(".jpg")
        assert second.primary_image().original.name.endswith(".png")
        assert not Product.objects.get(stockrecords__partner_sku="RAU-003").images.exists()
        page = staff_client.get(response["Location"]).content.decode()
        assert "Đã thêm ảnh: 2" in page and "anh.zip" in page
        # The ZIP is not kept: its photos are in the catalogue.
        kept = Path(settings.PRIVATE_MEDIA_ROOT) / "imports" / str(cooperative.pk)
        assert not job.photos and not list(kept.glob("*.zip"))

    def test_the_photo_column_names_a_file_whatever_its_folder_and_letter_case(
        self, staff_client, cooperative, vegetables
    ):
        photos = _zip({"Vuon/Rau Muong Sang.JPEG": _image()})

        _upload(staff_client, [_row("RM-1", photo="rau muong sang.jpeg"), _row("RM-2", photo="Rau Muong Sang.JPEG")],
                photos)

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.DONE and job.photos_added == 2
        assert ProductImage.objects.count() == 2

    def test_a_product_that_has_a_photo_keeps_it_and_one_without_gets_the_new_one(
        self, staff_client, cooperative, vegetables
    ):
        with_photo = factories.product(cooperative, sku="CO-ANH", image=factories.photo("cu.jpg"))
        without = factories.product(cooperative, sku="CHUA-ANH")

        _upload(staff_client, [_row("CO-ANH"), _row("CHUA-ANH")], _zip({"co-anh.jpg": _image(),
                                                                         "chua-anh.jpg": _image()}))

        job = ImportJob.objects.get()
        assert (job.status, job.updated_products, job.photos_added) == (ImportJob.Status.DONE, 2, 1)
        assert [image.original.name.rsplit("/", 1)[-1] for image in with_photo.images.all()] == ["cu.jpg"]
        assert without.images.get().original.name.rsplit("/", 1)[-1] == "chua-anh.jpg"


    def test_a_zip_of_many_photos_is_imported_in_the_background(
        self, staff_client, cooperative, vegetables, django_capture_on_commit_callbacks
    ):
        count = services.BACKGROUND_PHOTOS + 1
        rows = [_row(f"SP-{n}") for n in range(count)]

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = _upload(staff_client, rows, _zip({f"sp-{n}.jpg": _image() for n in range(count)}))

        job = ImportJob.objects.get()
        assert response["Location"] == reverse("workspace:import-job", args=[job.pk])
        assert job.status == ImportJob.Status.QUEUED and len(callbacks) == 1 and not Product.objects.exists()
        services.import_job_run(job.pk)  # what the background runner does
        job.refresh_from_db()
        assert (job.status, job.photos_added) == (ImportJob.Status.DONE, count)


class TestBadPhotosImportNothing:
    @pytest.mark.parametrize(
        ("rows", "files", "line", "message"),
        [
            ([_row("A")], {"a.jpg": _image(), "tao-xanh.jpg": _image()}, None,
             "Ảnh tao-xanh.jpg không khớp với dòng nào"),
            ([_row("A", photo="khong-co.jpg"), _row("B")], {"b.jpg": _image()}, 2,
             "Tệp ZIP ảnh không có tệp “khong-co.jpg”"),
            ([_row("A")], {"a.jpg": b"<html>not a photo</html>"}, 2, "a.jpg không phải ảnh JPEG, PNG hay WebP"),
            ([_row("A")], {"a.jpg": _image(), "A.png": _image("PNG")}, 2, "Có nhiều ảnh mang tên theo mã “A”"),
        ],
        ids=["unmatched photo", "named photo missing", "not an image", "two photos for one code"],
    )
    def test_the_job_fails_with_the_reason_and_stores_nothing(
        self, staff_client, cooperative, vegetables, rows, files, line, message
    ):
        _upload(staff_client, rows, _zip(files))

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED
        assert [error["line"] for error in job.errors] == [line]
        assert message in " ".join(job.errors[0]["messages"])
        assert not Product.objects.exists() and not ProductImage.objects.exists()
        page = staff_client.get(reverse("workspace:import-job", args=[job.pk])).content.decode()
        assert "Chưa nhập gì" in page and message in page

    def test_a_photo_column_without_a_zip_is_a_row_error(self, staff_client, cooperative, vegetables):
        _upload(staff_client, [_row("A", photo="a.jpg")])

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED and job.errors[0]["line"] == 2
        assert "nhưng chưa tải lên tệp ZIP ảnh" in job.errors[0]["messages"][0]

    @pytest.mark.parametrize(
        ("files", "message"),
        [
            ({"../../etc/anh.jpg": _image()}, "“../../etc/anh.jpg” không được dùng làm tên tệp"),
            ({"/tmp/a.jpg": _image()}, "“/tmp/a.jpg” không được dùng làm tên tệp"),
            ({"ghi-chu.txt": b"abc"}, "ghi-chu.txt không phải là ảnh"),
            ({"to.jpg": b"\0" * (photo_archive.MAX_PHOTO_BYTES + 1)}, "to.jpg nặng 5,0"),
            ({}, "không có ảnh nào"),
        ],
        ids=["parent folders", "absolute path", "not an image", "photo too big", "empty"],
    )
    def test_a_bad_zip_is_refused_on_upload(self, staff_client, cooperative, vegetables, files, message):
        response = _upload(staff_client, [_row("A")], _zip(files))

        assert response.status_code == 400
        assert message in response.content.decode()
        assert not ImportJob.objects.exists() and not Product.objects.exists()

    def test_a_zip_bomb_is_refused_from_its_declared_sizes(self, staff_client, cooperative, vegetables):
        bomb = _zip({"a.jpg": b"\0" * (4 * 1024 * 1024)}, compression=zipfile.ZIP_DEFLATED)
        assert len(bomb) < 50_000

        response = _upload(staff_client, [_row("A")], bomb)

        assert response.status_code == 400
        assert "a.jpg khi giải nén lớn hơn nhiều so với một tấm ảnh" in response.content.decode()
        assert not ImportJob.objects.exists()

    def test_entries_that_share_their_bytes_are_refused(self, staff_client, cooperative, vegetables):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("a.jpg", _image())
            # A second directory entry pointing at the same bytes: how small bombs unpack to many large files.
            twin = copy.copy(archive.filelist[0])
            twin.filename = twin.orig_filename = "b.jpg"
            archive.filelist.append(twin)

        response = _upload(staff_client, [_row("A"), _row("B")], buffer.getvalue())

        assert response.status_code == 400
        assert "anh.zip bị hỏng hoặc được tạo ra để làm quá tải máy chủ" in response.content.decode()

    def test_a_file_that_is_not_a_zip_is_refused(self, staff_client, cooperative, vegetables):
        response = _upload(staff_client, [_row("A")], _image())

        assert response.status_code == 400
        assert "anh.zip không phải tệp ZIP" in response.content.decode()

    def test_a_zip_above_the_size_limit_is_refused(self, staff_client, cooperative, vegetables, monkeypatch):
        monkeypatch.setattr(photo_archive, "MAX_ZIP_BYTES", 1000)

        response = _upload(staff_client, [_row("A")], _zip({"a.jpg": _image(), "b.jpg": _image(colour=(1, 2, 3))}))

        assert response.status_code == 400 and "giới hạn là 1000" in response.content.decode()

    def test_photos_already_saved_are_deleted_when_the_import_rolls_back(
        self, staff_client, cooperative, vegetables, monkeypatch
    ):
        from cooperatives.product_import import photo_writing

        rows = [_row(f"SP-{n:03d}") for n in range(photo_writing.BATCH + 1)]
        real_bulk_create = services.catalog_services.products_bulk_create
        calls = []

        def fail_on_the_second_batch(**kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return real_bulk_create(**kwargs)

        monkeypatch.setattr(services.catalog_services, "products_bulk_create", fail_on_the_second_batch)
        _upload(staff_client, rows, _zip({"sp-000.jpg": _image(), "sp-100.jpg": _image()}))

        job = ImportJob.objects.get()
        assert job.status == ImportJob.Status.FAILED and len(calls) == 2
        assert not Product.objects.exists() and not ProductImage.objects.exists()
        assert _stored_photo_files() == []


class TestJobPage:
    def _queued_job(self, cooperative, staff, rows=3):
        from cooperatives.product_import.reading import read_table

        upload = SimpleUploadedFile("gia.csv", _csv([_row(f"A{n}") for n in range(rows)]))
        return services.import_job_create(
            cooperative=cooperative, uploaded_by=staff, upload=upload, table=read_table(upload, name="gia.csv"),
            language="vi",
        )

    def test_the_page_shows_rows_done_of_total_with_a_refresh_link_and_polls_without_inline_script(
        self, staff_client, cooperative, staff, vegetables
    ):
        job = self._queued_job(cooperative, staff, rows=200)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING, processed_rows=50)
        url = reverse("workspace:import-job", args=[job.pk])

        page = staff_client.get(url).content.decode()
        status = json.loads(staff_client.get(reverse("workspace:import-job-status", args=[job.pk])).content)

        assert "Đang kiểm tra: 50 / 200 dòng" in page
        assert f'href="{url}">Cập nhật</a>' in page
        assert '<script src="/static/cooperatives/js/import_progress.js"></script>' in page
        assert (status["processed_rows"], status["total_rows"], status["percent"]) == (50, 200, 25)
        assert not status["finished"]

    def test_staff_cannot_open_another_cooperatives_job(self, staff_client, vegetables):
        other = factories.cooperative(name="HTX Bò sữa An Nhơn Tây")
        job = self._queued_job(other, factories.cooperative_staff(other))

        assert staff_client.get(reverse("workspace:import-job", args=[job.pk])).status_code == 404
        assert staff_client.get(reverse("workspace:import-job-status", args=[job.pk])).status_code == 404
        assert "gia.csv" not in staff_client.get(reverse("workspace:import")).content.decode()

    @pytest.mark.parametrize("count", [10, 500])
    def test_the_job_page_runs_the_same_queries_however_many_rows_failed(
        self, staff_client, cooperative, staff, vegetables, count, django_assert_max_num_queries
    ):
        job = self._queued_job(cooperative, staff)
        errors = [{"line": n + 2, "messages": ["Giá bán là bắt buộc."]} for n in range(count)]
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, errors=errors)

        with django_assert_max_num_queries(10):
            page = staff_client.get(reverse("workspace:import-job", args=[job.pk])).content.decode()

        assert page.count("Giá bán là bắt buộc.") == count

    @pytest.mark.parametrize("count", [10, 500])
    def test_the_import_page_runs_the_same_queries_however_many_jobs_and_categories(
        self, staff_client, cooperative, staff, vegetables, count, django_assert_max_num_queries
    ):
        ImportJob.objects.bulk_create(
            ImportJob(cooperative=cooperative, uploaded_by=staff, file_name=f"gia-{n}.csv", file="x.csv")
            for n in range(count)
        )
        for n in range(count):
            vegetables.add_child(name=f"Rau loại {n}")

        with django_assert_max_num_queries(10):
            page = staff_client.get(reverse("workspace:import")).content.decode()

        assert page.count("gia-") == 5 and f"Rau củ &gt; Rau loại {count - 1}" in page

    def test_the_page_is_english_under_en(self, staff_client, cooperative, vegetables):
        page = staff_client.get("/en" + reverse("workspace:import")).content.decode()

        assert "Bulk import" in page and "ZIP of photos (optional)" in page


class TestTemplate:
    def test_the_examples_category_exists_and_the_guide_explains_the_photo_column(
        self, staff_client, cooperative
    ):
        fruit = factories.category("Trái cây")
        fruit.add_child(name="Dưa lưới")

        response = staff_client.get(reverse("cooperatives:import-template", args=["xlsx"]))

        products, guide = load_workbook(io.BytesIO(response.content)).worksheets
        header, example = list(products.iter_rows(values_only=True))
        assert example[header.index("Danh mục (category)")] == "Trái cây > Dưa lưới"
        assert "Tệp ảnh (photo)" in header
        guide_text = " ".join(str(cell) for row in guide.iter_rows(values_only=True) for cell in row if cell)
        assert "RAU-001.jpg" in guide_text and "Rau ăn lá" not in guide_text
        page = staff_client.get(reverse("workspace:import")).content.decode()
        assert "Rau ăn lá" not in page and "Trái cây &gt; Dưa lưới" in page


class TestProductsWithoutAPhoto:
    def test_show_chua_co_anh_instead_of_oscars_english_placeholder(self, client, site):
        product = factories.product(title="Rau dền đỏ")

        for url in (reverse("catalogue:index"), product.get_absolute_url()):
            page = client.get(url).content.decode()
            assert "Chưa có ảnh" in page
            assert "image_not_found" not in page and "Image Not Available" not in page
        assert "No photo yet" in client.get("/en" + reverse("catalogue:index")).content.decode()

    def test_a_flagship_without_a_photo_is_never_featured_on_the_home_page(self, client, site):
        coop = factories.cooperative()
        factories.product(coop, title="Dưa lưới có ảnh", is_flagship=True, image=factories.photo())
        factories.product(coop, title="Dưa lưới chưa có ảnh", is_flagship=True)

        page = client.get("/").content.decode()

        assert "Dưa lưới có ảnh" in page and "Dưa lưới chưa có ảnh" not in page
