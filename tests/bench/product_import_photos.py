"""Bulk product import with photos: 200 rows and a ZIP of 200 phone-sized photos into a fresh SQLite database.

Runs the import as the workspace's upload does: the form reads the spreadsheet and the ZIP's directory
(``ProductImportForm``), the job checks every row and opens every photo with Pillow, then writes the
products and their photos in one transaction. Prints the time of each step and of the whole.

    make bench            # or: .venv/bin/python -m tests.bench.product_import_photos
"""

import csv
import io
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from tests.bench.product_import import _configure

ROWS = 200
# A phone photo after the usual "medium" resize before sending: 1600×1200, JPEG quality 85.
PHOTO_SIZE = (1600, 1200)


def _spreadsheet() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["sku", "title", "category", "price", "stock", "unit", "photo"])
    for n in range(ROWS):
        # Half the photos are found by code, half by the photo column.
        photo = f"vuon/anh {n}.jpg" if n % 2 else ""
        writer.writerow([f"SP-{n:03d}", f"Sản phẩm có ảnh số {n}", "Rau củ", f"{20 + n % 50}.000", "30", "kg", photo])
    return buffer.getvalue().encode("utf-8-sig")


def _photos() -> bytes:
    from PIL import Image, ImageDraw

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(ROWS):
            image = Image.new("RGB", PHOTO_SIZE, (60 + n % 150, 140, 60))
            draw = ImageDraw.Draw(image)
            for stripe in range(0, PHOTO_SIZE[0], 40):  # some detail, so the JPEG is not trivially small
                ends = [(stripe, 0), (PHOTO_SIZE[0] - stripe, PHOTO_SIZE[1])]
                draw.line(ends, fill=(stripe % 255, 90, n % 255), width=9)
            photo = io.BytesIO()
            image.save(photo, "JPEG", quality=85)
            archive.writestr(f"vuon/anh {n}.jpg" if n % 2 else f"SP-{n:03d}.JPG", photo.getvalue())
    return buffer.getvalue()


def _prepare():
    from django.core.management import call_command
    from oscar.core.loading import get_model

    from cooperatives import services as cooperative_services
    from cooperatives.models import Cooperative
    from regions.models import AdministrativeUnit, Level

    call_command("migrate", "--noinput", verbosity=0)
    call_command("import_regions", verbosity=0, stdout=io.StringIO())
    get_model("catalogue", "Category").add_root(name="Rau củ")
    commune = AdministrativeUnit.objects.filter(level=Level.COMMUNE).order_by("code").first()
    return cooperative_services.cooperative_register(
        name="HTX Bench ảnh", registration_code="HTX-BENCH-ANH", commune=commune, status=Cooperative.Status.VERIFIED
    )


def _import(cooperative, spreadsheet: bytes, photos: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from oscar.core.loading import get_model

    from cooperatives.product_import import services
    from cooperatives.product_import.forms import ProductImportForm

    started = time.perf_counter()
    files = {"file": SimpleUploadedFile("san-pham.csv", spreadsheet), "photos": SimpleUploadedFile("anh.zip", photos)}
    form = ProductImportForm(data={}, files=files)
    if not form.is_valid():
        raise SystemExit(f"FAIL: the form refused the files: {form.errors}")
    job = services.import_job_create(cooperative=cooperative, uploaded_by=None, language="vi", **form.job_arguments())
    uploaded = time.perf_counter()
    job = services.import_job_run(job.pk)
    finished = time.perf_counter()
    images = get_model("catalogue", "ProductImage").objects.count()
    if job.status != job.Status.DONE or job.photos_added != ROWS or images != ROWS:
        raise SystemExit(f"FAIL: {job.status}, {job.photos_added} photos, {job.errors[:3]}")
    total = finished - started
    print(
        f"{ROWS} rows + {ROWS} photos ({len(photos) / 1024 / 1024:.1f} MB ZIP): upload checked and kept in "
        f"{uploaded - started:.2f} s, rows and photos checked and written in {finished - uploaded:.2f} s; "
        f"{total:.2f} s in all = {total / ROWS * 1000:.0f} ms a product with its photo"
    )


def main():
    workdir = Path(tempfile.mkdtemp(prefix="cho-htx-import-photos-bench-"))
    try:
        print("Preparing a fresh SQLite database (migrations take about a minute)...")
        _configure(workdir)
        cooperative = _prepare()
        spreadsheet, photos = _spreadsheet(), _photos()
        _import(cooperative, spreadsheet, photos)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
