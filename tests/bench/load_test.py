"""Load test: gunicorn on PostgreSQL under browse, search, basket and checkout traffic, at rising concurrency.

The shop is migrated into a database of its own (PostgreSQL ``cho_htx_load``, created and dropped
here; a SQLite file for the side-by-side catalogue figure) and filled by ``load_bench_data --products
10000``; gunicorn serves it with our settings, DEBUG off, the cache on Redis (as deployed) and
persistent database connections, with 2×cores+1 sync workers (gunicorn's own advice; sync workers close
the connection after each answer, as behind a proxy that does not keep connections to gunicorn open;
``--worker-class gthread --threads N`` measures with keep-alive instead). Stages:

- browse: the catalogue, the largest category, a product page and a search, each at 1, 4, 16 and 32
  connections for 10 s after a warm-up, driven by wrk (C, so the client leaves the 2 cores to the
  server; ``tests/bench/wrk/report.lua`` prints its percentiles). wrk sends no cookies: every request
  is an anonymous first visit, as the public's are, and is answered from the anonymous page cache
  (caching/page_cache.py). The catalogue is also measured for a signed-in buyer (a session
  cookie), which the cache never serves, so the uncached figure is known;
- basket: add-to-basket POSTs with CSRF from a pool of Python threads, a new basket every 5 adds;
- checkout: 50 guest buyers at once (threads, each its own session) buy one unit of the same product,
  whose stock is set to 30: each adds it to the basket, goes through guest checkout to the preview
  with cash on delivery, and then all place their orders together. Exactly 30 orders must be placed,
  the other 20 buyers told that it sold out (on the preview page by our row-locked check, or on the
  basket page by Oscar's availability check, whichever runs first), no answer an error, and the stock record
  left with nothing oversold (num_in_stock - num_allocated == 0);
- the buying crowd (issue 17): 8 anonymous clients on the catalogue, browsing only, then with 1 request
  in 20 placing a guest order (its buyer taken to the preview before the clock starts), then with 1
  action in 20 a whole guest checkout (ten requests): the catalogue's p95 under 100 ms in both, and
  with 1 request in 20 placing, all requests/s at least half of browsing only's;
- the catalogue again on SQLite, for the side-by-side figure.

It prints a table and writes ``/tmp/load_test.md`` and ``/tmp/load_test.json``. It fails when the
catalogue on PostgreSQL, at its best concurrency, serves under 150 requests/s or has a p95 of 200 ms
or more, or when checkout shows an error or an oversell. wrk comes from Debian's ``wrk`` package,
installed here when missing (as root). ``--workdir DIR`` keeps the prepared databases (about 100 s
of migrations each) so that the next run only measures; ``--quick`` measures shorter and fewer steps.

    make bench            # or: .venv/bin/python -m tests.bench.load_test [--workdir /tmp/lt] [--quick]
"""

import argparse
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import requests

from tests.bench.page_cpu import _AddToBasketForm
from tests.bench.sqlite_concurrency import _free_port, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
LUA_REPORT = Path(__file__).resolve().parent / "wrk" / "report.lua"
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_DATABASE = "cho_htx_load"  # ours alone: cho_htx, cho_htx_lead and test_* belong to other runs
CACHE_URL = "redis://127.0.0.1:6379/9"
BROWSE_PAGES = ["catalogue", "category", "product", "search"]
SIGNED_IN_CONCURRENCY = 8
BUYERS, STOCK = 50, 30
ADDS_PER_BASKET = 5
TARGET_RPS, TARGET_P95_MS = 150, 200
# The buying crowd (issue 17): 1 request in ORDER_EVERY places an order (and, heavier, 1 action in ORDER_EVERY is a
# whole guest checkout); the catalogue's p95 stays
# under CROWD_TARGET_P95_MS and the requests/s at least half of the same clients browsing only.
ORDER_EVERY, CROWD_CONCURRENCY, CROWD_TARGET_P95_MS = 20, 8, 100
# Buyers taken to the preview per client before the "1 request in 20 places an order" crowd starts.
PREPARED_BUYERS = 40
# What a buyer is told when the stock ran out: by our check under row locks as the order is placed, or
# by Oscar's availability check just before it, which sends the buyer to the basket page.
SOLD_OUT_TEXT = "Someone bought these just before you"
# Oscar's check before placing, in our words (checkout/session.py): "“Bí đao” is sold out. Remove it from your
# basket to continue." (Oscar's own "is no longer available to buy" was read here before, and 16 sold-out
# answers were counted as errors.)
NO_LONGER_AVAILABLE_TEXT = "Remove it from your basket to continue."
# Phường Bến Thành (26743), Thành phố Hồ Chí Minh (79): checkout/forms.py, ShippingAddressForm.
ADDRESS = {
    "first_name": "Lan",
    "line1": "12 Lê Lợi",
    "province": "79",
    "commune": "26743",
    "phone_number": "0901234567",
}


# --- Preparing the databases -------------------------------------------------------------------------


def _shop_env(database_url: str, workdir: Path, key: str, cache_url: str) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="marketplace.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_URL=database_url,
        # Each database its own key prefix: the page cache's keys name the host and path, not the database.
        CACHE_URL=f"{cache_url}?key_prefix=cho-htx-load-{key}",
        MEDIA_ROOT=str(workdir / f"media-{key}"),
        PRIVATE_MEDIA_ROOT=str(workdir / f"private-media-{key}"),
    )


def _postgres(sql: str) -> list:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _postgres_database_exists() -> bool:
    return bool(_postgres(f"SELECT 1 FROM pg_database WHERE datname = '{POSTGRES_DATABASE}'"))


def _prepare(key: str, env: dict, workdir: Path, products: int) -> float:
    """Migrate and fill the shop's database unless the work dir says it is ready; seconds taken."""
    started = time.perf_counter()
    ready = workdir / f"{key}-ready"
    if ready.exists() and (key != "postgres" or _postgres_database_exists()):
        return 0.0
    if key == "postgres":
        _postgres(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
        _postgres(f"CREATE DATABASE {POSTGRES_DATABASE}")
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_bench_data", "--products", str(products)]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    ready.touch()
    return time.perf_counter() - started


def _inside(env: dict, *args: str) -> dict:
    """Run one of the ``--inside`` steps below in a process with the shop's settings; its JSON answer."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.load_test", "--inside", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"load_test --inside {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- In the shop's own process (``--inside``): paths, a signed-in session, stock ----------------------


def _inside_probe() -> dict:
    """The pages to load, products for the basket and checkout stages, a signed-in buyer's session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db.models import Count
    from django.urls import reverse
    from django.utils.module_loading import import_string
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    Country = get_model("address", "Country")
    # load_bench_data adds no country; guest checkout needs Việt Nam to ship to (as load_demo_data sets it).
    Country.objects.update_or_create(
        iso_3166_1_a2="VN",
        defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True, "display_order": 1},
    )
    category = Category.objects.annotate(n=Count("product")).order_by("-n", "pk").first()
    in_stock = Product.objects.filter(stockrecords__num_in_stock__gte=50, categories=category).order_by("pk")
    middle = in_stock.count() // 2
    products = list(in_stock[max(0, middle - 10) :][:21])
    buyer, _created = get_user_model().objects.get_or_create(
        email="load-test-buyer@example.com", defaults={"username": "load-test-buyer"}
    )
    session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    session.update(
        {
            SESSION_KEY: str(buyer.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: buyer.get_session_auth_hash(),
        }
    )
    session.create()
    return {
        "catalogue": reverse("catalogue:index"),
        "category": category.get_absolute_url(),
        "product": products[0].get_absolute_url(),
        "search": f"{reverse('search:search')}?q={quote('gao')}",  # folded search: finds "Gạo"
        "basket": [product.get_absolute_url() for product in products[1:20]],
        "checkout_product": products[20].pk,
        "checkout_path": products[20].get_absolute_url(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session_key": session.session_key,
    }


def _inside_stock_reset(product_pk: int) -> dict:
    """Give the checkout product STOCK units, none allocated; the last order's id, to count from."""
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    Order = get_model("order", "Order")
    record = StockRecord.objects.get(product_id=product_pk)
    record.num_in_stock, record.num_allocated = STOCK, 0
    record.save()  # through save(), so the cached pages show the new stock
    last = Order.objects.order_by("-pk").values_list("pk", flat=True).first()
    return {"after_order": last or 0}


def _inside_tally(product_pk: int, after_order: int) -> dict:
    """What the checkout stage left in the database: orders of the product and its stock record."""
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    StockRecord = get_model("partner", "StockRecord")
    orders = Order.objects.filter(pk__gt=after_order, lines__product_id=product_pk).distinct()
    record = StockRecord.objects.get(product_id=product_pk)
    return {
        "orders": orders.count(),
        "orders_cash_on_delivery": orders.filter(payment__method="cash-on-delivery").count(),
        "units_ordered": sum(line.quantity for order in orders for line in order.lines.filter(product_id=product_pk)),
        "num_in_stock": record.num_in_stock,
        "num_allocated": record.num_allocated,
    }


def _inside_last_order() -> dict:
    from oscar.core.loading import get_model

    last = get_model("order", "Order").objects.order_by("-pk").values_list("pk", flat=True).first()
    return {"after_order": last or 0}


def _inside_orders_since(after_order: int) -> dict:
    from oscar.core.loading import get_model

    orders = get_model("order", "Order").objects.filter(pk__gt=after_order)
    return {"orders_cash_on_delivery": orders.filter(payment__method="cash-on-delivery").count()}


def _run_inside(step: str, args: list[str]) -> None:
    import django

    django.setup()
    steps = {
        "probe": _inside_probe,
        "stock-reset": _inside_stock_reset,
        "tally": _inside_tally,
        "last-order": _inside_last_order,
        "orders-since": _inside_orders_since,
    }
    print(json.dumps(steps[step](*(int(a) for a in args))))


# --- The server and the load generator ---------------------------------------------------------------


def _ensure_wrk() -> str:
    """wrk's path; Debian's package is installed when missing (as root), as the project installs what it needs."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: run `apt-get update && apt-get install -y wrk` as root, then again.")
    print("Installing Debian's wrk package...", flush=True)
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive")}
    subprocess.run(["apt-get", "update", "-q"], **quiet)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], **quiet)
    return shutil.which("wrk") or "/usr/bin/wrk"


class Server:
    """gunicorn serving the shop, with its errors written to a log in the work dir."""

    def __init__(self, env: dict, options: list[str], log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [sys.executable, "-m", "gunicorn", "marketplace.wsgi", *options, "--bind", f"127.0.0.1:{self.port}"]
        with log.open("w") as stderr:
            self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)

    def __enter__(self):
        wait_until_serving(self.url, "/catalogue/")
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def _wrk(wrk: str, url: str, connections: int, seconds: float, headers: list[str] = ()) -> dict:
    command = [wrk, "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s"]
    command += [arg for header in headers for arg in ("-H", header)]
    done = subprocess.run([*command, "-s", str(LUA_REPORT), url], capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("LOAD_TEST_JSON "))
    raw = json.loads(line.removeprefix("LOAD_TEST_JSON "))
    errors = sum(raw[k] for k in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "concurrency": connections,
        "requests": raw["requests"],
        "errors": errors,
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        **{f"p{p}_ms": raw[f"p{p}_us"] / 1000 for p in (50, 95, 99)},
        "client": "wrk",
    }


def _percentile(sorted_values: list[float], percent: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * percent // 100))  # nearest rank
    return sorted_values[int(rank) - 1]


def _summarise(results: list[tuple[int, float]], elapsed: float, concurrency: int, ok=(200, 302)) -> dict:
    latencies = sorted(seconds * 1000 for _status, seconds in results)
    return {
        "concurrency": concurrency,
        "requests": len(results),
        "errors": sum(1 for status, _seconds in results if status not in ok),
        "rps": len(results) / elapsed,
        **{f"p{p}_ms": _percentile(latencies, p) for p in (50, 95, 99)},
        "client": "python",
    }


# --- Stages ----------------------------------------------------------------------------------------


def _browse(wrk: str, server: Server, path: str, levels: list[int], seconds: float, warm: float, headers=()) -> list:
    _wrk(wrk, server.url + path, max(levels), warm, headers)  # every worker renders the page once
    return [_wrk(wrk, server.url + path, level, seconds, headers) for level in levels]


def _basket_forms(base_url: str, product_paths: list[str]) -> tuple[list, str]:
    """The products' add-to-basket forms and a CSRF cookie, read once as a browser that opened them would."""
    reader = requests.Session()
    forms = []
    for path in product_paths:
        form = _AddToBasketForm()
        form.feed(reader.get(base_url + path, timeout=60).text)
        if form.action is None:
            raise SystemExit(f"no add-to-basket form on {path}")
        forms.append((path, form.action, form.fields))
    return forms, reader.cookies["csrftoken"]


def _basket(server: Server, product_paths: list[str], concurrency: int, seconds: float) -> dict:
    """Anonymous buyers add products for ``seconds``: each client starts a new basket every ADDS_PER_BASKET adds."""
    forms, csrf_cookie = _basket_forms(server.url, product_paths)
    deadline = time.perf_counter() + seconds
    last_basket = {}

    def client(index):
        results, session = [], None
        for n in itertools.count():
            if time.perf_counter() >= deadline:
                break
            if n % ADDS_PER_BASKET == 0:
                session = requests.Session()
                session.cookies.set("csrftoken", csrf_cookie)
            path, action, fields = forms[(index * 7 + n) % len(forms)]
            sent = time.perf_counter()
            try:
                status = session.post(
                    server.url + action,
                    data=fields,
                    headers={"Referer": server.url + path},
                    allow_redirects=False,
                    timeout=60,
                ).status_code
            except requests.RequestException:
                status = 0
            results.append((status, time.perf_counter() - sent))
            last_basket[index] = (session, path)
        return results

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = [r for rs in pool.map(client, range(concurrency)) for r in rs]
    summary = _summarise(results, time.perf_counter() - started, concurrency)
    session, path = last_basket[0]
    if f'href="{path}"' not in session.get(server.url + "/basket/", timeout=60).text:
        raise SystemExit("add-to-basket answered, but the basket page does not show the product added")
    return summary


class _GuestCheckout:
    """One guest buyer in the real checkout: ``to_preview()`` adds the product, gives an e-mail and an address,
    keeps the preselected delivery and chooses cash on delivery, up to the preview; ``place()`` places it."""

    def __init__(self, base_url: str, product_path: str, email: str):
        self.base_url, self.product_path, self.email = base_url, product_path, email
        self.session, self.steps = requests.Session(), []

    def call(self, step, path, data=None):
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.session.cookies.get("csrftoken")}
        sent = time.perf_counter()
        response = self.session.request(
            "POST" if data is not None else "GET",
            path if path.startswith("http") else self.base_url + path,
            data=data,
            headers={"Referer": self.base_url + path},
            allow_redirects=False,
            timeout=120,
        )
        self.steps.append((step, response.status_code, time.perf_counter() - sent))
        return response

    def to_preview(self) -> None:
        form = _AddToBasketForm()
        form.feed(self.call("product page", self.product_path).text)
        self.call("add to basket", form.action, form.fields)
        self.call("checkout", "/en/checkout/")
        self.call("guest e-mail", "/en/checkout/", {"username": self.email, "options": "anonymous"})
        self.call("address", "/en/checkout/shipping-address/", ADDRESS)
        shipping = self.call("delivery page", "/en/checkout/shipping-method/")
        # Each cooperative's preselected delivery option, as a buyer would confirm it.
        choices = re.findall(r'name="(delivery_\d+)" id="[^"]*" value="(\w+)" checked', shipping.text)
        self.call("delivery", "/en/checkout/shipping-method/", dict(choices))
        self.call("payment page", "/en/checkout/payment-method/")
        preview = self.call("cash on delivery", "/en/checkout/preview/", {"method": "cash-on-delivery"})
        if 'value="place_order"' not in preview.text:
            raise RuntimeError(f"no preview with a place-order button (status {preview.status_code})")

    def place(self) -> dict:
        placed = self.call("place order", "/en/checkout/preview/", {"action": "place_order"})
        where, told = placed.headers.get("Location", ""), ""
        if placed.status_code == 302 and "thank-you" in where:
            outcome = "placed"
        elif placed.status_code == 200 and SOLD_OUT_TEXT in placed.text:
            outcome, told = "sold out", "on the preview page"  # our row-locked check at placement (checkout/stock.py)
        elif placed.status_code == 302 and "/basket/" in where:
            basket = self.call("basket", where)
            if NO_LONGER_AVAILABLE_TEXT in basket.text:
                outcome, told = "sold out", "on the basket page"  # Oscar's check before placing
            else:
                outcome, told = "error", f"sent to the basket, which says: {_text_of(basket)[:300]}"
        else:
            outcome = "error"
            # What the last answer was, to tell a real error from an answer this script does not know yet.
            told = f"placing answered {placed.status_code} {where} {_text_of(placed)[:300]}"
        return self.outcome(outcome, told)

    def outcome(self, outcome: str, told: str) -> dict:
        bad_steps = [(step, status) for step, status, _s in self.steps if status not in (200, 302)]
        if bad_steps:
            outcome = "error"
        return {"outcome": outcome, "told": told, "detail": str(bad_steps) if bad_steps else told, "steps": self.steps}


def _guest_order(base_url: str, product_path: str, email: str, before_placing=lambda: None) -> dict:
    """One guest buyer through the whole checkout; ``before_placing()`` runs at the preview, before placing."""
    buyer = _GuestCheckout(base_url, product_path, email)
    try:
        buyer.to_preview()
        before_placing()
        return buyer.place()
    except Exception as error:  # noqa: BLE001 - any failure is this buyer's error, reported with its step
        return {"outcome": "error", "detail": f"{type(error).__name__}: {error}", "steps": buyer.steps}


def _text_of(response) -> str:
    """The visible words of an answer (its alerts first), squeezed: enough to read in a report."""
    html = response.text
    alerts = re.findall(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", " ".join(alerts) or html)
    return " ".join(text.split())


def _buyer(base_url: str, product_path: str, number: int, barrier: threading.Barrier) -> dict:
    """One of the checkout stage's guest buyers: all wait for the others at the preview, then place together."""
    outcome = _guest_order(
        base_url, product_path, f"load-buyer-{number}@example.com", lambda: barrier.wait(timeout=600)
    )
    if outcome["outcome"] == "error":
        barrier.abort()  # the others stop waiting: the stage has failed
    return outcome


def _checkout(server: Server, env: dict, probe: dict) -> dict:
    product = probe["checkout_product"]
    reset = _inside(env, "stock-reset", str(product))
    barrier = threading.Barrier(BUYERS)
    path = "/en" + probe["checkout_path"]
    started = time.perf_counter()
    with ThreadPoolExecutor(BUYERS) as pool:
        buyers = list(pool.map(lambda n: _buyer(server.url, path, n, barrier), range(BUYERS)))
    elapsed = time.perf_counter() - started
    tally = _inside(env, "tally", str(product), str(reset["after_order"]))
    outcomes = {name: sum(1 for b in buyers if b["outcome"] == name) for name in ("placed", "sold out", "error")}
    requests_made = [(status, seconds) for b in buyers for _step, status, seconds in b["steps"]]
    placements = sorted(s * 1000 for b in buyers for step, _status, s in b["steps"] if step == "place order")
    left = tally["num_in_stock"] - tally["num_allocated"]
    ok = (
        outcomes == {"placed": STOCK, "sold out": BUYERS - STOCK, "error": 0}
        and tally["orders"] == STOCK
        and tally["orders_cash_on_delivery"] == STOCK
        and tally["units_ordered"] == STOCK
        and left == 0
    )
    return {
        **_summarise(requests_made, elapsed, BUYERS),
        "buyers": outcomes,
        "sold_out_told": dict(Counter(b["told"] for b in buyers if b["outcome"] == "sold out")),
        "errors_detail": [b["detail"] for b in buyers if b["outcome"] == "error"][:5],
        "place_order_p50_ms": _percentile(placements, 50),
        "place_order_max_ms": placements[-1] if placements else float("nan"),
        "database": tally,
        "stock_left": left,
        "ok": ok,
    }


def _crowd(
    server: Server, env: dict, probe: dict, concurrency: int, seconds: float, order_every: int, prepared: bool = False
) -> dict:
    """``concurrency`` anonymous clients load the catalogue for ``seconds``; with ``order_every``, each client's
    every ``order_every``-th action is instead a guest order (one product of the basket stage's, one unit, cash
    on delivery). Each order changes stock, so the caches are refreshed under the load, as in a shop where
    people buy. An order is the whole checkout (ten requests); with ``prepared``, each client's buyers were
    taken to the preview before the clock started, and the order is one request, the placing: 1 request in
    ``order_every`` places an order, as issue 17 words it (a client out of prepared buyers does the whole
    checkout)."""
    catalogue = server.url + probe["catalogue"]
    products = ["/en" + path for path in probe["basket"]]
    after = _inside(env, "last-order")["after_order"]
    orders, ready = [], {index: [] for index in range(concurrency)}
    if prepared:
        _prepare_buyers(server, products, after, ready, PREPARED_BUYERS)
    deadline = time.perf_counter() + seconds

    def client(index):
        pages = []
        for n in itertools.count(1):
            if time.perf_counter() >= deadline:
                break
            if order_every and n % order_every == 0:
                if ready[index]:
                    buyer = ready[index].pop()
                    buyer.steps.clear()  # the preparation is not timed
                    orders.append(buyer.place())
                else:
                    email = f"crowd-{index}-{n}-{after}@example.com"
                    orders.append(_guest_order(server.url, products[(index * 7 + n) % len(products)], email))
                continue
            sent = time.perf_counter()
            try:
                status = requests.get(catalogue, timeout=60).status_code
            except requests.RequestException:
                status = 0
            pages.append((status, time.perf_counter() - sent))
        return pages

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        pages = [r for rs in pool.map(client, range(concurrency)) for r in rs]
    elapsed = time.perf_counter() - started
    steps = [(status, seconds) for order in orders for _step, status, seconds in order["steps"]]
    result = {
        **_summarise(pages, elapsed, concurrency),
        "all_requests": len(pages) + len(steps),
        "all_rps": (len(pages) + len(steps)) / elapsed,
        "orders": dict(Counter(order["outcome"] for order in orders)),
        "errors_detail": [order["detail"] for order in orders if order["outcome"] == "error"][:5],
        "prepared_left": sum(len(buyers) for buyers in ready.values()),
    }
    if order_every:
        result["orders_in_database"] = _inside(env, "orders-since", str(after))["orders_cash_on_delivery"]
        result["place_order_p95_ms"] = _percentile(
            sorted(s * 1000 for order in orders for step, _status, s in order["steps"] if step == "place order"), 95
        )
    return result


def _prepare_buyers(server: Server, products: list[str], after: int, ready: dict, per_client: int) -> None:
    """``per_client`` guest buyers per client, each at the preview with one product in the basket."""

    def prepare(slot):
        index, n = slot
        buyer = _GuestCheckout(server.url, products[(index * 7 + n) % len(products)], f"ready-{index}-{n}-{after}@x.vn")
        buyer.to_preview()
        return index, buyer

    slots = [(index, n) for index in ready for n in range(per_client)]
    with ThreadPoolExecutor(4) as pool:
        for index, buyer in pool.map(prepare, slots):
            ready[index].append(buyer)


# --- Report ----------------------------------------------------------------------------------------


def _row(stage: str, result: dict) -> str:
    return (
        f"| {stage} | {result['concurrency']} | {result['requests']} | {result['errors']} | {result['rps']:.1f} | "
        f"{result['p50_ms']:.0f} | {result['p95_ms']:.0f} | {result['p99_ms']:.0f} |"
    )


def _best(levels: list[dict]) -> dict:
    """The concurrency with the most requests/s among those under the p95 target (or overall, if none is)."""
    under = [r for r in levels if r["p95_ms"] < TARGET_P95_MS and not r["errors"]]
    return max(under or levels, key=lambda r: r["rps"])


def _markdown(report: dict) -> str:
    pg, sqlite = report["postgres"], report.get("sqlite")
    verdict = report["verdict"]
    best, sqlite_best = verdict["catalogue_best"], verdict.get("sqlite_best")
    lines = [
        f"Load test, {report['started']} ({report['uptime_before']}). gunicorn {report['gunicorn']}; "
        f"{report['products']:,} products; DEBUG off; cache {report['cache']}; {report['seconds']} s per step "
        f"after a warm-up. Browse steps by wrk (anonymous visitors, no cookies: answered from the anonymous "
        f"page cache); basket and checkout by Python threads with requests sessions.",
        "",
        "| stage | concurrency | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page in BROWSE_PAGES:
        lines += [_row(f"PostgreSQL {page}", r) for r in pg[page]]
    lines.append(_row("PostgreSQL catalogue, signed-in buyer (not cached)", pg["catalogue-signed-in"]))
    lines += [_row("PostgreSQL add to basket", r) for r in pg["basket"]]
    lines.append(_row(f"PostgreSQL checkout, {BUYERS} buyers (every request)", pg["checkout"]))
    lines.append(_row("PostgreSQL catalogue, crowd browsing only (catalogue requests)", pg["crowd-browse"]))
    lines.append(_row(f"PostgreSQL catalogue, crowd with 1 request in {ORDER_EVERY} placing", pg["crowd-placing"]))
    lines.append(_row(f"PostgreSQL catalogue, crowd with 1 action in {ORDER_EVERY} a checkout", pg["crowd-buying"]))
    if sqlite:
        lines += [_row("SQLite catalogue", r) for r in sqlite["catalogue"]]
        lines.append(_row("SQLite catalogue, signed-in buyer (not cached)", sqlite["catalogue-signed-in"]))
    c = pg["checkout"]
    lines += [
        "",
        f"Catalogue, best concurrency ({best['concurrency']}): PostgreSQL {best['rps']:.0f} req/s, "
        f"p95 {best['p95_ms']:.0f} ms (target ≥ {TARGET_RPS} req/s, p95 < {TARGET_P95_MS} ms)"
        + (
            f"; SQLite {sqlite_best['rps']:.0f} req/s, p95 {sqlite_best['p95_ms']:.0f} ms "
            f"(best concurrency {sqlite_best['concurrency']})."
            if sqlite_best
            else "."
        ),
        "An anonymous catalogue page served from the cache runs no SQL query, so its figure hardly depends on "
        "the database; the signed-in rows show the database's part.",
        f"Checkout: {BUYERS} buyers, stock {STOCK}: {c['buyers']['placed']} orders placed, "
        f"{c['buyers']['sold out']} told it sold out ({', '.join(f'{n} {w}' for w, n in c['sold_out_told'].items())}), "
        f"{c['buyers']['error']} errors; the database holds "
        f"{c['database']['orders']} orders ({c['database']['orders_cash_on_delivery']} cash on delivery), "
        f"num_in_stock {c['database']['num_in_stock']} - num_allocated {c['database']['num_allocated']} = "
        f"{c['stock_left']}; placing took p50 {c['place_order_p50_ms']:.0f} ms, at most "
        f"{c['place_order_max_ms']:.0f} ms.",
        _crowd_sentence(pg["crowd-browse"], pg["crowd-placing"], placing=True),
        _crowd_sentence(pg["crowd-browse"], pg["crowd-buying"], placing=False),
        "",
        f"Verdict: {'PASS' if verdict['ok'] else 'FAIL'}: {'; '.join(verdict['reasons']) or 'all targets met'}.",
        f"Took {report['minutes']:.1f} min; load after: {report['uptime_after']}.",
    ]
    return "\n".join(lines)


def _crowd_sentence(browse: dict, buying: dict, *, placing: bool) -> str:
    mix = (
        f"1 request in {ORDER_EVERY} places a guest order whose buyer was taken to the preview beforehand"
        f" ({buying['prepared_left']} prepared buyers left unused)"
        if placing
        else f"1 action in {ORDER_EVERY} a guest order through the whole checkout, ten requests"
    )
    return (
        f"Buying crowd ({CROWD_CONCURRENCY} anonymous clients, {mix}, cash on delivery): catalogue p95 "
        f"{buying['p95_ms']:.0f} ms (target < "
        f"{CROWD_TARGET_P95_MS}; browsing only {browse['p95_ms']:.0f}), all requests {buying['all_rps']:.1f}/s "
        f"against {browse['all_rps']:.1f}/s browsing only ({buying['all_rps'] / browse['all_rps']:.2f}×, target "
        f"≥ 0.5×), catalogue pages {buying['rps']:.1f}/s; orders {buying['orders']}, "
        f"{buying.get('orders_in_database', 0)} in the database; "
        f"placing p95 {buying.get('place_order_p95_ms', 0):.0f} ms."
    )


def _verdict(report: dict) -> dict:
    best = _best(report["postgres"]["catalogue"])
    reasons = []
    if best["rps"] < TARGET_RPS:
        reasons.append(f"catalogue {best['rps']:.0f} req/s < {TARGET_RPS}")
    if best["p95_ms"] >= TARGET_P95_MS:
        reasons.append(f"catalogue p95 {best['p95_ms']:.0f} ms ≥ {TARGET_P95_MS}")
    if best["errors"]:
        reasons.append(f"catalogue {best['errors']} errors")
    if not report["postgres"]["checkout"]["ok"]:
        reasons.append("checkout: errors, a wrong count of orders, or an oversell")
    # Issue 17's target: 1 request in 20 places an order (the throughput); the whole-checkout mix, where a third
    # of the requests are checkout steps, is held to the catalogue's p95 and to its orders only.
    browse = report["postgres"]["crowd-browse"]
    for key in ("crowd-placing", "crowd-buying"):
        buying = report["postgres"][key]
        if buying["p95_ms"] >= CROWD_TARGET_P95_MS:
            reasons.append(f"{key}: catalogue p95 {buying['p95_ms']:.0f} ms ≥ {CROWD_TARGET_P95_MS}")
        placed = buying["orders"].get("placed", 0)
        if buying["errors"] or set(buying["orders"]) - {"placed"} or buying.get("orders_in_database") != placed:
            reasons.append(f"{key}: errors or orders missing {buying['orders']}")
    placing = report["postgres"]["crowd-placing"]
    if placing["all_rps"] < browse["all_rps"] / 2:
        half = browse["all_rps"] / 2
        reasons.append(f"crowd-placing: {placing['all_rps']:.0f} req/s < half of browsing only's ({half:.0f})")
    verdict = {"catalogue_best": best, "ok": not reasons, "reasons": reasons}
    if report.get("sqlite"):
        verdict["sqlite_best"] = _best(report["sqlite"]["catalogue"])
    return verdict


# --- Main ------------------------------------------------------------------------------------------


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _measure_postgres(wrk, env, options, workdir, levels, seconds, warm, basket_levels) -> dict:
    probe = _inside(env, "probe")
    results = {}
    with Server(env, options, workdir / "gunicorn-postgres.log") as server:
        for page in BROWSE_PAGES:
            results[page] = _browse(wrk, server, probe[page], levels, seconds, warm)
            print(f"  PostgreSQL {page}: " + ", ".join(f"{r['rps']:.0f}" for r in results[page]) + " req/s", flush=True)
        cookie = [f"Cookie: {probe['session_cookie']}={probe['session_key']}"]
        page = requests.get(server.url + probe["catalogue"], headers={"Cookie": cookie[0][8:]}, timeout=60).text
        if "logout" not in page:
            raise SystemExit("the signed-in buyer's session cookie does not sign in")
        results["catalogue-signed-in"] = _browse(
            wrk, server, probe["catalogue"], [SIGNED_IN_CONCURRENCY], seconds, warm, cookie
        )[0]
        print(f"  PostgreSQL catalogue signed in: {results['catalogue-signed-in']['rps']:.0f} req/s", flush=True)
        results["basket"] = [_basket(server, probe["basket"], level, seconds) for level in basket_levels]
        print("  PostgreSQL add to basket: " + ", ".join(f"{r['rps']:.0f}" for r in results["basket"]) + " req/s")
        results["checkout"] = _checkout(server, env, probe)
        print(f"  PostgreSQL checkout: {results['checkout']['buyers']}", flush=True)
        crowd_seconds = max(2 * seconds, 20)
        for key, every, prepared in (
            ("crowd-browse", 0, False),
            ("crowd-placing", ORDER_EVERY, True),
            ("crowd-buying", ORDER_EVERY, False),
        ):
            results[key] = _crowd(server, env, probe, CROWD_CONCURRENCY, crowd_seconds, every, prepared)
            print(
                f"  PostgreSQL {key}: {results[key]['all_rps']:.0f} req/s, orders {results[key]['orders']}", flush=True
            )
    results["paths"] = {page: probe[page] for page in BROWSE_PAGES}
    return results


def _measure_sqlite(wrk, env, options, workdir, levels, seconds, warm) -> dict:
    probe = _inside(env, "probe")
    with Server(env, options, workdir / "gunicorn-sqlite.log") as server:
        catalogue = _browse(wrk, server, probe["catalogue"], levels, seconds, warm)
        cookie = [f"Cookie: {probe['session_cookie']}={probe['session_key']}"]
        signed_in = _browse(wrk, server, probe["catalogue"], [SIGNED_IN_CONCURRENCY], seconds, warm, cookie)[0]
    print("  SQLite catalogue: " + ", ".join(f"{r['rps']:.0f}" for r in catalogue) + " req/s", flush=True)
    return {"catalogue": catalogue, "catalogue-signed-in": signed_in}


def main() -> None:
    global POSTGRES_DATABASE  # noqa: PLW0603 - one run, one database: another bench may be using the default
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inside", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help="keep the prepared databases here and reuse them on the next run")
    parser.add_argument("--quick", action="store_true", help="3 s steps at 1, 8 and 32 connections")
    parser.add_argument("--products", type=int, default=10_000, help="products (10000)")
    workers = 2 * (os.cpu_count() or 1) + 1
    parser.add_argument("--workers", type=int, default=workers, help="gunicorn workers (2×cores+1)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker, for gthread (1)")
    parser.add_argument("--cache-url", default=CACHE_URL, help=f"the shop's cache ({CACHE_URL})")
    parser.add_argument("--skip-sqlite", action="store_true", help="no SQLite catalogue figure")
    parser.add_argument(
        "--postgres-database", default=POSTGRES_DATABASE, help=f"created and dropped ({POSTGRES_DATABASE})"
    )
    parser.add_argument("--out", default="/tmp/load_test", help="writes OUT.md and OUT.json (/tmp/load_test)")
    args = parser.parse_args()
    if args.inside:
        return _run_inside(args.inside[0], args.inside[1:])
    POSTGRES_DATABASE = args.postgres_database

    wrk = _ensure_wrk()
    started, uptime_before = time.perf_counter(), _uptime()
    levels, seconds, warm = ([1, 8, 32], 3, 2) if args.quick else ([1, 4, 16, 32], 10, 5)
    basket_levels = [4, 16]
    options = ["--workers", str(args.workers), "--worker-class", args.worker_class, "--threads", str(args.threads)]
    options += ["--timeout", "120", "--log-level", "error"]
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="cho-htx-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    shops = {
        "postgres": _shop_env(
            f"postgres://postgres@127.0.0.1:5432/{POSTGRES_DATABASE}?conn_max_age=60&conn_health_checks=true",
            workdir,
            "postgres",
            args.cache_url,
        ),
    }
    if not args.skip_sqlite:
        shops["sqlite"] = _shop_env(f"sqlite:///{workdir / 'db.sqlite3'}", workdir, "sqlite", args.cache_url)
    try:
        print("Preparing the databases side by side (migrations and 10,000 products: a few minutes)...", flush=True)
        with ThreadPoolExecutor(len(shops)) as pool:
            seconds_taken = pool.map(lambda key: _prepare(key, shops[key], workdir, args.products), shops)
            took = dict(zip(shops, seconds_taken, strict=True))
        print("  ready: " + ", ".join(f"{k} in {s:.0f} s" for k, s in took.items()), flush=True)
        report = {
            "started": datetime.now().isoformat(timespec="seconds"),
            "uptime_before": uptime_before,
            "gunicorn": f"{args.workers} {args.worker_class} workers, {args.threads} thread(s) each",
            "cache": args.cache_url,
            "products": args.products,
            "seconds": seconds,
            "postgres": _measure_postgres(
                wrk, shops["postgres"], options, workdir, levels, seconds, warm, basket_levels
            ),
        }
        if "sqlite" in shops:
            report["sqlite"] = _measure_sqlite(wrk, shops["sqlite"], options, workdir, levels, seconds, warm)
        report["verdict"] = _verdict(report)
        report["minutes"] = (time.perf_counter() - started) / 60
        report["uptime_after"] = _uptime()
        markdown = _markdown(report)
        print()
        print(markdown)
        Path(f"{args.out}.md").write_text(markdown + "\n")
        Path(f"{args.out}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"\nWritten to {args.out}.md and {args.out}.json; gunicorn's errors in {workdir}/gunicorn-*.log")
        if not report["verdict"]["ok"]:
            raise SystemExit("FAIL: " + "; ".join(report["verdict"]["reasons"]))
    finally:
        if not args.workdir:
            if _postgres_database_exists():
                _postgres(f"DROP DATABASE {POSTGRES_DATABASE} WITH (FORCE)")
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
