"""A 10,000-row product import on SQLite while shoppers open product pages.

gunicorn with 2 workers serves the demo site from a fresh SQLite database. A
cooperative's staff member uploads a CSV of 10,000 new products, which a worker
checks and then writes in one transaction in the background; meanwhile 4 clients
keep opening product pages, and each view writes Oscar's counters, so it needs
the write lock the import holds. Prints how the pages fared while the products
were being written: with the writing transaction longer than SQLite's busy
timeout (20 s) they failed with "database is locked".

    .venv/bin/python -m tests.bench.import_under_load
"""

import csv
import io
import re
import shutil
import signal
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests

from tests.bench.sqlite_concurrency import _free_port, _prepare, start_gunicorn, wait_until_serving

ROWS = 10_000
CLIENTS = 4
STAFF_EMAIL, PASSWORD = "coop1@example.com", "demo12345"


def _csv_bytes() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["sku", "title", "category", "price", "stock", "unit", "certifications"])
    categories = ["Rau củ", "Trái cây", "Nấm", "Mật ong"]
    for n in range(ROWS):
        writer.writerow([
            f"LOAD-{n:05d}", f"Sản phẩm tải thử {n}", categories[n % 4], (15 + n % 400) * 1000, n % 250, "kg",
            "vietgap;organic" if n % 4 == 0 else "",
        ])
    return buffer.getvalue().encode("utf-8-sig")


def _shopper(base_url, product_urls, index, stop, outcomes):
    session = requests.Session()
    n = index
    while not stop.is_set():
        url = base_url + product_urls[n % len(product_urls)]
        n += CLIENTS
        started = time.perf_counter()
        try:
            status = session.get(url, timeout=60).status_code
        except requests.RequestException:
            status = 0
        outcomes.append((started, time.perf_counter(), status))


def _login(session, base_url):
    session.get(base_url + "/accounts/login/", timeout=30)
    response = session.post(
        base_url + "/accounts/login/",
        data={
            "login-username": STAFF_EMAIL,
            "login-password": PASSWORD,
            "login_submit": "1",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": base_url + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise SystemExit(f"FAIL: could not log in as {STAFF_EMAIL}")


def _upload(session, base_url) -> str:
    """Upload the file; the URL of the job's page."""
    page = base_url + "/cooperatives/import/"
    session.get(page, timeout=30)
    response = session.post(
        page,
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        files={"file": ("load.csv", _csv_bytes(), "text/csv")},
        headers={"Referer": page},
        allow_redirects=False,
        timeout=120,
    )
    if response.status_code != 302:
        raise SystemExit(f"FAIL: the upload answered {response.status_code}")
    return response.headers["Location"]


def _watch(db_path, job_url):
    """When the job started writing and when it finished, and its last status. Read from
    the database file itself (WAL lets a reader in while the import writes): the status
    page, queued behind the shoppers' requests, would answer too late to time the write."""
    job_id = int(job_url.rstrip("/").split("/")[-1])
    database = sqlite3.connect(db_path, timeout=60)
    writing = None
    try:
        while True:
            (status,) = database.execute("SELECT status FROM cooperatives_importjob WHERE id = ?", [job_id]).fetchone()
            now = time.perf_counter()
            if status in ("importing", "done") and writing is None:
                writing = now
            if status in ("done", "failed"):
                return writing or now, now, status
            time.sleep(0.02)
    finally:
        database.close()


def main():
    workdir = Path(tempfile.mkdtemp(prefix="cho-htx-import-load-"))
    server = None
    try:
        print("Preparing a fresh SQLite database with the demo data (migrations take about a minute)...")
        db_path = _prepare(workdir)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = start_gunicorn(db_path, port)
        catalogue = wait_until_serving(base_url, "/catalogue/")
        product_urls = sorted(set(re.findall(r'href="(/catalogue/[\w-]+_\d+/)"', catalogue.text)))
        staff = requests.Session()
        _login(staff, base_url)

        stop, outcomes = threading.Event(), []
        shoppers = [
            threading.Thread(target=_shopper, args=(base_url, product_urls, i, stop, outcomes)) for i in range(CLIENTS)
        ]
        for shopper in shoppers:
            shopper.start()
        uploaded = time.perf_counter()
        job_url = _upload(staff, base_url)
        writing, finished, status = _watch(db_path, job_url)
        time.sleep(1)
        stop.set()
        for shopper in shoppers:
            shopper.join()
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            _out, errors = server.communicate(timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"import of {ROWS:,} rows: {status}; uploaded and checked in {writing - uploaded:.1f} s, "
        f"written in {finished - writing:.1f} s"
    )
    for label, overlapping in (
        ("while it wrote", lambda start, end: end >= writing and start <= finished),
        ("in the whole run", lambda start, end: True),
    ):
        pages = [(end - start, code) for start, end, code in outcomes if overlapping(start, end)]
        not_ok = [code for _seconds, code in pages if code != 200]
        latencies = sorted(seconds for seconds, _code in pages) or [0.0]
        print(
            f"product pages {label}: {len(pages)} requests, {len(not_ok)} not 200, "
            f"p50 {statistics.median(latencies) * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
    print(f"'database is locked' in the server's log: {errors.count('database is locked')}")
    if status != "done" or any(code != 200 for _start, _end, code in outcomes):
        raise SystemExit("FAIL")


if __name__ == "__main__":
    main()
