"""Bulk product import: a generated 10,000-row file into a fresh SQLite database.

Runs the import as a cooperative would: a CSV that creates 10,000 products,
then an XLSX of the same codes with new prices and stock, which updates them.
Prints rows per second, queries per row, and how long the writing transaction
lasted: on SQLite it holds the database's only write lock, so other requests that
write (Oscar's product-view counters) wait that long. tracemalloc slows Python down
several times while it traces, so the peak memory is measured in a third run
of its own (another XLSX update, which holds the most in memory: the workbook's
rows, the checked rows and the existing products).

    make bench            # or: .venv/bin/python -m tests.bench.product_import
"""

import csv
import io
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROWS = 10_000
ROOT = Path(__file__).resolve().parents[2]


def _configure(workdir: Path):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.dev",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _prepare():
    from django.core.management import call_command
    from oscar.core.loading import get_model

    from catalog.models import Certification
    from cooperatives import services as cooperative_services
    from cooperatives.models import Cooperative
    from regions.models import AdministrativeUnit, Level

    Category = get_model("catalogue", "Category")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("import_regions", verbosity=0, stdout=io.StringIO())
    vegetables = Category.add_root(name="Rau củ")
    vegetables.add_child(name="Rau ăn lá")
    Category.add_root(name="Trái cây")
    for code, name in (("vietgap", "VietGAP"), ("globalgap", "GlobalGAP"), ("organic", "Hữu cơ")):
        Certification.objects.create(code=code, name=name)
    communes = list(AdministrativeUnit.objects.filter(level=Level.COMMUNE).order_by("code")[:20])
    cooperative = cooperative_services.cooperative_register(
        name="HTX Bench", registration_code="HTX-BENCH", commune=communes[0], status=Cooperative.Status.VERIFIED
    )
    return cooperative, communes


def _rows(communes, *, price_offset=0):
    header = [
        "sku", "title", "category", "price", "stock", "unit", "description", "is_flagship", "ocop_stars",
        "certifications", "origin_commune", "season_start", "season_end",
    ]
    categories = ["Rau củ > Rau ăn lá", "Trái cây", "Rau củ"]
    units = ["kg", "bunch", "box", "500g"]
    rows = [header]
    for n in range(ROWS):
        rows.append([
            f"SP-{n:05d}",
            f"Sản phẩm thử số {n}",
            categories[n % 3],
            f"{(15 + n % 400) * 1000 + price_offset:,}".replace(",", "."),  # 15.000 … 414.000
            str(n % 250),
            units[n % 4],
            f"Mô tả sản phẩm số {n}, trồng tại hợp tác xã.",
            "có" if n % 50 == 0 else "không",
            str(3 + n % 3) if n % 10 == 0 else "",
            "vietgap;organic" if n % 4 == 0 else ("globalgap" if n % 4 == 1 else ""),
            communes[n % len(communes)].code if n % 2 else communes[n % len(communes)].name,
            str(1 + n % 12) if n % 5 == 0 else "",
            str(1 + (n + 4) % 12) if n % 5 == 0 else "",
        ])
    return rows


def _csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(cooperative, name, content, *, trace=False):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from cooperatives.product_import import reading, services

    queries = 0
    # When the first query inside a transaction started and the last one ended: the
    # import's only transaction is the one that writes the products.
    first_in_transaction = last_in_transaction = None

    def count(execute, sql, params, many, context):
        nonlocal queries, first_in_transaction, last_in_transaction
        queries += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if context["connection"].in_atomic_block:
                first_in_transaction = first_in_transaction or started
                last_in_transaction = time.perf_counter()

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        upload = SimpleUploadedFile(name, content)
        table = reading.read_table(upload, name=name)  # what the upload form does
        job = services.import_job_create(
            cooperative=cooperative, uploaded_by=None, upload=upload, table=table, language="vi"
        )
        job = services.import_job_run(job.pk)
    elapsed = time.perf_counter() - started
    peak = None
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    if job.status != job.Status.DONE or job.processed_rows != ROWS:
        raise SystemExit(f"FAIL: {name}: {job.status}, {job.processed_rows} rows, {job.errors[:3]}")
    print(
        f"{name} ({len(content) / 1024 / 1024:.1f} MB): {job.created_products} created, "
        f"{job.updated_products} updated in {elapsed:.1f} s = {ROWS / elapsed:,.0f} rows/s, "
        f"{queries:,} queries ({queries / ROWS:.2f}/row), "
        f"writing transaction {last_in_transaction - first_in_transaction:.1f} s"
        + (f", peak memory {peak / 1024 / 1024:.0f} MB (tracemalloc; slower while tracing)" if trace else "")
    )


def main():
    workdir = Path(tempfile.mkdtemp(prefix="cho-htx-import-bench-"))
    try:
        print("Preparing a fresh SQLite database (migrations take about a minute)...")
        _configure(workdir)
        cooperative, communes = _prepare()
        _import(cooperative, "products-new.csv", _csv_bytes(_rows(communes)))
        _import(cooperative, "products-update.xlsx", _xlsx_bytes(_rows(communes, price_offset=500)))
        _import(cooperative, "products-update-2.xlsx", _xlsx_bytes(_rows(communes, price_offset=1000)), trace=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
