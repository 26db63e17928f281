"""SQLite under concurrent use: gunicorn with 2 workers, 8 clients at once.

Each client opens product pages (which write Oscar's view counters), adds
products to its basket and, every second round, checks out as a guest (placing
an order is one transaction that reads, then writes). The site's SQLite settings (WAL, IMMEDIATE
transactions, a 20 s busy timeout) are compared with Django's defaults, which
fail many requests with "database is locked".

    make bench            # or: .venv/bin/python -m tests.bench.sqlite_concurrency
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 8
ROUNDS = 15  # per client: one product page and one add-to-basket each round


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(db_path, tuned):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.dev",
        DATABASE_URL=f"sqlite:///{db_path}",
        MEDIA_ROOT=str(db_path.parent / "media"),
        DJANGO_SQLITE_TUNED="true" if tuned else "false",
    )
    return env


def _prepare(workdir):
    db_path = workdir / "db.sqlite3"
    env = _env(db_path, tuned=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo_data", "-v0"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return db_path


def _client(base_url, product_urls, index):
    session = requests.Session()
    outcomes = []
    for n in range(ROUNDS):
        url = product_urls[(index * ROUNDS + n) % len(product_urls)]
        started = time.perf_counter()
        page = session.get(base_url + url, timeout=60)
        outcomes.append(("product", page.status_code, time.perf_counter() - started, page.text))
        match = re.search(r'action="(/basket/add/\d+/)"', page.text)
        token = session.cookies.get("csrftoken")
        if not match or not token:
            outcomes.append(("basket", 0, 0.0, "no add-to-basket form"))
            continue
        started = time.perf_counter()
        added = session.post(
            base_url + match.group(1),
            data={"quantity": 1, "csrfmiddlewaretoken": token},
            headers={"Referer": base_url + url},
            allow_redirects=False,
            timeout=60,
        )
        outcomes.append(("basket", added.status_code, time.perf_counter() - started, added.text))
        if n % 2 == 1:
            outcomes.extend(_checkout(session, base_url, index, n))
    return outcomes


def _checkout(session, base_url, index, n):
    """A guest checkout; the order placement counts as failed unless it lands on the thank-you page."""

    def post(path, data):
        data = {**data, "csrfmiddlewaretoken": session.cookies.get("csrftoken")}
        started = time.perf_counter()
        response = session.post(
            base_url + path, data=data, headers={"Referer": base_url + path}, allow_redirects=False, timeout=60
        )
        return response, time.perf_counter() - started

    # Phường Bến Thành (26743), Thành phố Hồ Chí Minh (79): checkout/forms.py, ShippingAddressForm.
    address = {
        "first_name": "Nguyễn Thị Lan",
        "line1": f"{n} Lê Lợi",
        "province": "79",
        "commune": "26743",
        "phone_number": "0901234567",
    }
    session.get(base_url + "/checkout/", timeout=60)
    post("/checkout/", {"username": f"bench{index}-{n}@example.com", "options": "anonymous"})
    post("/checkout/shipping-address/", address)
    shipping = session.get(base_url + "/checkout/shipping-method/", timeout=60)
    # Each cooperative's preselected delivery option (delivery or pickup), as a buyer would confirm it.
    preselected = re.findall(r'name="(delivery_\d+)" id="[^"]*" value="(\w+)" checked', shipping.text)
    post("/checkout/shipping-method/", dict(preselected))
    session.get(base_url + "/checkout/payment-method/", timeout=60)
    placed, seconds = post("/checkout/preview/", {"action": "place_order"})
    placed_ok = placed.status_code == 302 and "thank-you" in placed.headers.get("Location", "")
    return [("place order", placed.status_code if placed_ok else 599, seconds, placed.text)]


def start_gunicorn(db_path, port, *, tuned=True, stderr=subprocess.PIPE):
    """gunicorn with 2 workers on the given SQLite database; caller stops it."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "marketplace.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "error"],
        env=_env(db_path, tuned),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
    )


def wait_until_serving(base_url, path):
    """The first answer from the server for ``path``, once it has started."""
    for _ in range(300):
        try:
            return requests.get(base_url + path, timeout=60)
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _run(db_path, tuned):
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_gunicorn(db_path, port, tuned=tuned)
    try:
        catalogue = wait_until_serving(base_url, "/catalogue/")
        product_urls = sorted(set(re.findall(r'href="(/catalogue/[\w-]+_\d+/)"', catalogue.text)))
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = [r for rs in pool.map(lambda i: _client(base_url, product_urls, i), range(CLIENTS)) for r in rs]
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        _out, errors = server.communicate(timeout=30)
    failed = [r for r in results if r[1] not in (200, 302)]
    locked = errors.count("database is locked")
    latencies = sorted(r[2] for r in results)
    return {
        "requests": len(results),
        "failed": len(failed),
        "locked_errors_logged": locked,
        "throughput": len(results) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main():
    workdir = Path(tempfile.mkdtemp(prefix="cho-htx-bench-"))
    try:
        print("Preparing a fresh SQLite database with the demo data (migrations take about a minute)...")
        db_path = _prepare(workdir)
        for tuned in (True, False):
            fresh = workdir / f"run-{tuned}.sqlite3"
            shutil.copy(db_path, fresh)
            result = _run(fresh, tuned)
            label = "site settings (WAL, IMMEDIATE, 20 s timeout)" if tuned else "Django's SQLite defaults"
            print(
                f"{label}: {result['requests']} requests, {result['failed']} failed "
                f"({result['locked_errors_logged']} 'database is locked' in the log), "
                f"{result['throughput']:.1f} req/s, p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms"
            )
            if tuned and result["failed"]:
                raise SystemExit("FAIL: requests failed with the site's SQLite settings")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
