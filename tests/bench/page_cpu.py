"""Server CPU per request of the shop's pages: ours (10,000 products) beside a stock Oscar 4.2 shop (5,000).

Each shop gets a fresh SQLite database in a temp dir: ours is migrated with our settings and filled
by ``manage.py load_bench_data --products 10000``; the stock one (``tests/bench/stock_oscar``: Oscar's
default apps, Haystack with Whoosh) by its own loader, which also builds the Whoosh index. Both are
served by gunicorn with 2 sync workers and DEBUG off. For each page (catalogue, the largest category,
a product, a search for a common word, add-to-basket POSTs with CSRF) the bench warms up, then sends a
fixed number of requests two at a time and reports:

- server CPU ms per request: user + system time of the gunicorn workers (``/proc/<pid>/stat``), summed
  over both workers before and after, divided by the requests; it does not count the time a request
  waits for a core, so it holds up on this shared 2-core machine better than latency does;
- requests/s and p50/p95 latency (these do move with the machine's load);
- SQL queries per request: counted with ``CaptureQueriesContext`` around one Django test-client
  request (the second of two, so caches are warm) in a separate process with the shop's settings.

The table is printed and written to ``/tmp/page_cpu.md`` and ``/tmp/page_cpu.json``. Since this
machine's speed moves with its load, a page passes when stock Oscar's CPU ÷ ours, in the same run, is at
least the issue's (880 ms ÷ 25 ms = 35× for the catalogue); the table also gives the issue's targets in
milliseconds, as stated and scaled to this run. It exits non-zero when one of our pages falls short.
It takes about 2 minutes when the machine is idle, and up to 17 minutes when other jobs keep its 2
cores busy (preparing the databases is most of it); ``--workdir DIR`` keeps the databases for the next
run, which then only measures (a minute or more a round, ``--repeat N``).

    make bench            # or: .venv/bin/python -m tests.bench.page_cpu [--workdir /tmp/pc] [--repeat 2]
"""

import argparse
import html.parser
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

from tests.bench.sqlite_concurrency import _free_port, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]
CONCURRENCY = 2
WARM_UP = 6
ADDS_PER_BASKET = 5  # every fifth add-to-basket starts a new basket
BASKET_PRODUCTS = 20
PAGES = ["catalogue", "category", "product", "search", "basket-add"]
# Issue 4's targets for our shop (server CPU ms per request), and what it measured for stock Oscar.
# The machine's speed varies with its load, so what counts is the ratio, stock's CPU ÷ ours, in one run:
# ours passes when the ratio is at least the issue's (e.g. 880 ÷ 25 = 35× for the catalogue).
TARGET_MS = {"catalogue": 25, "category": 25, "product": 20, "search": 37, "basket-add": 16}
ISSUE_STOCK_MS = {"catalogue": 880, "category": 700, "product": 40, "search": 415, "basket-add": 33}  # search: 370–460
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Sync workers, as the issue asks; a long timeout, as a stock Oscar listing takes about a second.
GUNICORN_OPTIONS = ["--workers", "2", "--worker-class", "sync", "--timeout", "300", "--log-level", "error"]


@dataclass
class Shop:
    key: str
    label: str
    wsgi: str
    env: dict
    prepare: list  # commands, run one after the other
    products: int
    search_query: str
    requests: int
    paths: dict = field(default_factory=dict)
    queries: dict = field(default_factory=dict)
    # Signed-in columns: the probe signs a buyer in, fills a basket and views products; these cookies.
    signed_in: bool = False
    cookies: dict = field(default_factory=dict)
    pages: list = field(default_factory=lambda: list(PAGES))


# Our shop's columns besides the default: what a signed-in buyer with a basket costs (the anonymous page
# cache never answers them, the listing, card and fragment caches do), and the same with every cache off.
OUR_VARIANTS = {
    "ours-signed-in": ("page cache off, signed-in buyer with a basket", {"ANONYMOUS_PAGE_CACHE_SECONDS": "0"}),
    "ours-no-cache": (
        "every cache off, signed-in buyer with a basket",
        {"ANONYMOUS_PAGE_CACHE_SECONDS": "0", "PRODUCT_CARD_CACHE_SECONDS": "0", "CACHE_URL": "dummycache://"},
    ),
}
BROWSE_PAGES = ["catalogue", "category", "product", "search"]
# Issue 17's targets for the signed-in columns (server CPU ms per request), at 10,000 products.
VARIANT_TARGET_MS = {
    "ours-signed-in": {"catalogue": 12, "category": 12, "product": 9, "search": 12},
    "ours-no-cache": {"catalogue": 35, "category": 35, "search": 40},
}


def _our_variant(base: Shop, key: str) -> Shop:
    """Our shop on the same database, with the settings of one of ``OUR_VARIANTS``."""
    label, settings = OUR_VARIANTS[key]
    return Shop(
        key=key,
        label=f"{base.label}, {label}",
        wsgi=base.wsgi,
        env=dict(base.env, **settings),
        prepare=[],  # the default column's database
        products=base.products,
        search_query=base.search_query,
        requests=base.requests,
        signed_in=True,
        pages=list(BROWSE_PAGES),
    )


def _our_shop(workdir: Path, products: int, requests_per_page: int) -> Shop:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="marketplace.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private_media"),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    return Shop(
        key="ours",
        label=f"Chợ HTX, {products:,} products",
        wsgi="marketplace.wsgi",
        env=env,
        prepare=[[*manage, "migrate", "--noinput", "-v0"], [*manage, "load_bench_data", "--products", str(products)]],
        products=products,
        search_query="gao",  # folded search: finds "Gạo"
        requests=requests_per_page,
    )


def _stock_shop(workdir: Path, products: int, requests_per_page: int) -> Shop:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.bench.stock_oscar.settings",
        STOCK_OSCAR_DIR=str(workdir),
        PYTHONWARNINGS="ignore:Whoosh does not handle query faceting",  # Oscar's price facets: once a request
    )
    return Shop(
        key="stock",
        label=f"stock Oscar 4.2 + Whoosh, {products:,} products",
        wsgi="tests.bench.stock_oscar.wsgi",
        env=env,
        prepare=[
            [sys.executable, "-m", "django", "migrate", "--noinput", "-v0"],
            [sys.executable, "-m", "tests.bench.stock_oscar.load", "--products", str(products)],
        ],
        products=products,
        search_query="gạo",  # Whoosh does not fold diacritics
        requests=requests_per_page,
    )


def _prepare(shop: Shop, workdir: Path) -> float:
    """Build the shop's database unless a kept work dir already holds it; then find its pages."""
    started = time.perf_counter()
    ready = workdir / "ready"
    if not ready.exists():
        for command in shop.prepare:
            subprocess.run(command, env=shop.env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        ready.touch()
    probe = subprocess.run(
        [sys.executable, "-m", "tests.bench.page_cpu", "--probe", shop.search_query]
        + (["--signed-in"] if shop.signed_in else []),
        env=shop.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if probe.returncode:
        raise SystemExit(f"Finding the pages of {shop.label} failed:\n{probe.stderr}")
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    shop.paths, shop.queries, shop.cookies = found["paths"], found["queries"], found["cookies"]
    return time.perf_counter() - started


# --- In the shop's own process: the pages' paths and their SQL query counts -----------------------


def _probe(search_query: str, signed_in: bool) -> None:
    """Print the paths to measure and each page's SQL queries, as JSON (runs with the shop's settings).

    ``signed_in``: first sign a buyer in (a session in the database), put three products in their basket
    after viewing them (Oscar's recently viewed list), and count and print for that buyer's cookies."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")

    category = Category.objects.annotate(n=Count("product")).order_by("-n", "pk").first()
    in_stock = Product.objects.filter(stockrecords__num_in_stock__gte=50, categories=category).order_by("pk")
    middle = in_stock.count() // 2  # neither the newest nor the oldest
    basket_products = list(in_stock[max(0, middle - BASKET_PRODUCTS // 2) :][:BASKET_PRODUCTS])
    paths = {
        "catalogue": reverse("catalogue:index"),
        "category": category.get_absolute_url(),
        "product": basket_products[0].get_absolute_url(),
        "search": f"{reverse('search:search')}?q={quote(search_query)}",
        "basket-add": [product.get_absolute_url() for product in basket_products],
        "basket": reverse("basket:summary"),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    if signed_in:
        _sign_in_with_basket(client, basket_products[1:4])

    def count(method, path, **kwargs):
        for _ in range(2):  # the second request, with warm caches, is the one counted
            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, method)(path, **kwargs)
            if response.status_code not in (200, 302):
                raise SystemExit(f"{method.upper()} {path} answered {response.status_code}")
        return len(queries)

    counts = {page: count("get", paths[page]) for page in BROWSE_PAGES}
    if signed_in:
        # Not the "added to your basket" messages: a browser shows them once, the bench would send them again.
        cookies = {name: morsel.value for name, morsel in client.cookies.items() if name != "messages"}
        print(json.dumps({"paths": paths, "queries": counts, "cookies": cookies}))
        return
    product_path = paths["basket-add"][1]
    form = _AddToBasketForm()
    form.feed(client.get(product_path).content.decode())
    counts["basket-add"] = count("post", form.action, data=form.fields, HTTP_REFERER=product_path)
    if f'href="{product_path}"' not in client.get(paths["basket"]).content.decode():
        raise SystemExit(f"add-to-basket did not put {product_path} in the basket")
    print(json.dumps({"paths": paths, "queries": counts, "cookies": {}}))


def _sign_in_with_basket(client, products) -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    email = "bench-buyer@example.com"
    buyer = User.objects.filter(email=email).first() or User.objects.create_user(username=email, email=email)
    client.force_login(buyer)
    for product in products:
        form = _AddToBasketForm()
        form.feed(client.get(product.get_absolute_url()).content.decode())
        if client.post(form.action, data=form.fields, HTTP_REFERER=product.get_absolute_url()).status_code != 302:
            raise SystemExit(f"the signed-in buyer could not add {product.get_absolute_url()}")


# --- Load and measure ------------------------------------------------------------------------------


class _AddToBasketForm(html.parser.HTMLParser):
    """The fields of a page's add-to-basket form, as a browser would submit them by default."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self._in_form, self._select = None, {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None and "/basket/add/" in (attrs.get("action") or ""):
            self.action, self._in_form = attrs["action"], True
            return
        if not self._in_form:
            return
        name, kind = attrs.get("name"), attrs.get("type")
        if tag == "input" and name and kind not in ("submit", "button", "image", "reset"):
            if kind not in ("radio", "checkbox") or "checked" in attrs:
                self.fields[name] = attrs.get("value", "on")
            elif kind == "radio":
                self.fields.setdefault(name, attrs.get("value", "on"))  # none checked yet: the first
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and ("selected" in attrs or self._select not in self.fields):
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def _worker_cpu(master_pid: int) -> tuple[tuple[str, ...], int]:
    """The gunicorn workers' pids and their user + system CPU time so far, in clock ticks."""
    pids = tuple(sorted(Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()))
    ticks = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(stat[11]) + int(stat[12])  # utime, stime (fields 14 and 15 of proc(5))
    return pids, ticks


def _run_jobs(master_pid: int, jobs_per_client: list[list]) -> dict:
    """Run each client's jobs (callables returning an HTTP status) side by side; time them and the CPU."""
    pids_before, ticks_before = _worker_cpu(master_pid)
    started = time.perf_counter()

    def client(jobs):
        results = []
        for job in jobs:
            sent = time.perf_counter()
            status = job()
            results.append((status, time.perf_counter() - sent))
        return results

    with ThreadPoolExecutor(len(jobs_per_client)) as pool:
        results = [r for rs in pool.map(client, jobs_per_client) for r in rs]
    elapsed = time.perf_counter() - started
    pids_after, ticks_after = _worker_cpu(master_pid)
    if pids_before != pids_after:
        raise SystemExit("a gunicorn worker restarted during the measurement")
    latencies = sorted(seconds for _status, seconds in results)
    return {
        "requests": len(results),
        "failed": sum(1 for status, _seconds in results if status not in (200, 302)),
        "cpu_ms": (ticks_after - ticks_before) * 1000 / CLOCK_TICKS / len(results),
        "throughput": len(results) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000,
    }


def _split(jobs: list) -> list[list]:
    return [jobs[n::CONCURRENCY] for n in range(CONCURRENCY)]


def _get(url: str, cookies: dict):
    return lambda: requests.get(url, cookies=cookies, timeout=120).status_code


def _measure_page(master_pid: int, base_url: str, path: str, count: int, cookies: dict) -> dict:
    _run_jobs(master_pid, _split([_get(base_url + path, cookies)] * WARM_UP))
    return _run_jobs(master_pid, _split([_get(base_url + path, cookies)] * count))


def _measure_basket_add(master_pid: int, base_url: str, product_paths: list[str], basket_path: str, count: int):
    """Anonymous buyers add products: each basket gets ADDS_PER_BASKET different ones, the first add creates it.

    The forms and one CSRF cookie come from the product pages, read before the measurement; every buyer
    (a requests session) sends that cookie with the form's token, as a browser that opened the page would.
    """
    reader = requests.Session()
    forms = []
    for path in product_paths:
        form = _AddToBasketForm()
        form.feed(reader.get(base_url + path, timeout=120).text)
        if form.action is None:
            raise SystemExit(f"no add-to-basket form on {path}")
        forms.append((path, form.action, form.fields))
    csrf_cookie = reader.cookies["csrftoken"]

    def buyer():
        session = requests.Session()
        session.cookies.set("csrftoken", csrf_cookie)
        return session

    def add(session, n):
        path, action, fields = forms[n % len(forms)]
        options = {"headers": {"Referer": base_url + path}, "allow_redirects": False, "timeout": 120}
        return lambda: session.post(base_url + action, data=fields, **options).status_code

    warm = buyer()
    _run_jobs(master_pid, [[add(warm, n) for n in range(WARM_UP)]])
    buyers = [buyer() for _ in range(-(-count // ADDS_PER_BASKET))]
    jobs = [add(buyers[n // ADDS_PER_BASKET], n) for n in range(count)]
    # A buyer's adds stay with one client, one after the other, as one browser sends them.
    per_client = [[], []]
    for n, job in enumerate(jobs):
        per_client[(n // ADDS_PER_BASKET) % CONCURRENCY].append(job)
    result = _run_jobs(master_pid, per_client)
    last = len(buyers) - 1
    basket = buyers[last].get(base_url + basket_path, timeout=120).text
    if not any(f'href="{forms[n % len(forms)][0]}"' in basket for n in range(last * ADDS_PER_BASKET, count)):
        raise SystemExit("add-to-basket answered, but the basket page shows none of the products added")
    return result


def _measure_shop(shop: Shop) -> dict:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", shop.wsgi, *GUNICORN_OPTIONS, "--bind", f"127.0.0.1:{port}"],
        env=shop.env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_serving(base_url, shop.paths["catalogue"])
        results = {}
        for page in shop.pages:
            if page == "basket-add":
                results[page] = _measure_basket_add(
                    server.pid, base_url, shop.paths[page], shop.paths["basket"], shop.requests
                )
            else:
                results[page] = _measure_page(server.pid, base_url, shop.paths[page], shop.requests, shop.cookies)
            print(f"  {shop.key:<14} {page:<10} {results[page]['cpu_ms']:7.1f} ms CPU/request", flush=True)
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


# --- Report ----------------------------------------------------------------------------------------


def _summary(shops: list[Shop], rounds: list[dict]) -> dict:
    summary = {}
    for page in PAGES:
        row = {"target_ms": TARGET_MS[page], "issue_stock_ms": ISSUE_STOCK_MS[page]}
        for shop in shops:
            runs = [r[shop.key][page] for r in rounds]
            row[shop.key] = {
                "cpu_ms": statistics.median(r["cpu_ms"] for r in runs),
                "cpu_ms_rounds": [round(r["cpu_ms"], 1) for r in runs],
                "throughput": statistics.median(r["throughput"] for r in runs),
                "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                "p95_ms": statistics.median(r["p95_ms"] for r in runs),
                "failed": sum(r["failed"] for r in runs),
                "requests": runs[0]["requests"],
                "queries": shop.queries[page],
                "path": shop.paths[page] if page != "basket-add" else "/basket/add/<pk>/",
            }
        row["ratio"] = row["stock"]["cpu_ms"] / row["ours"]["cpu_ms"]
        row["ratio_needed"] = ISSUE_STOCK_MS[page] / TARGET_MS[page]
        # The issue's target, scaled by how fast this run's machine served stock Oscar compared with the issue's.
        row["scaled_target_ms"] = TARGET_MS[page] * row["stock"]["cpu_ms"] / ISSUE_STOCK_MS[page]
        row["under_target_ms"] = row["ours"]["cpu_ms"] < TARGET_MS[page]
        row["meets_target"] = row["ratio"] >= row["ratio_needed"] and not row["ours"]["failed"]
        summary[page] = row
    return summary


def _markdown(shops: list[Shop], summary: dict, rounds: int, elapsed: float) -> str:
    ours, stock = shops
    lines = [
        f"Server CPU per request (median of {rounds} round{'s' if rounds > 1 else ''}), gunicorn 2 sync workers, "
        f"DEBUG off, SQLite; {CONCURRENCY} clients; {ours.requests} requests per page for ours, "
        f"{stock.requests} for stock Oscar.",
        "",
        "| page | ours: CPU ms | stock: CPU ms | stock ÷ ours (needed) | issue's target for ours: as stated, "
        "scaled to this run | SQL ours / stock | req/s ours / stock | p50 / p95 ms ours | p50 / p95 ms stock | ok |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page, row in summary.items():
        o, s = row["ours"], row["stock"]
        failed = f" ({o['failed']}+{s['failed']} failed)" if o["failed"] or s["failed"] else ""
        lines.append(
            f"| {page} | {o['cpu_ms']:.1f} | {s['cpu_ms']:.0f} | {row['ratio']:.1f}× ({row['ratio_needed']:.1f}×) | "
            f"< {row['target_ms']}, < {row['scaled_target_ms']:.1f} | {o['queries']} / {s['queries']} | "
            f"{o['throughput']:.1f} / {s['throughput']:.1f} | {o['p50_ms']:.0f} / {o['p95_ms']:.0f} | "
            f"{s['p50_ms']:.0f} / {s['p95_ms']:.0f} | {'yes' if row['meets_target'] else 'MISSED'}{failed} |"
        )
    lines += [
        "",
        "ok: stock ÷ ours is at least the issue's stock figure ÷ its target (search: 415 ms, the middle of 370–460). "
        "The scaled target is the issue's, times this run's stock CPU ÷ the issue's.",
    ]
    lines += ["", f"ours: {ours.label}; stock: {stock.label}. Took {elapsed / 60:.1f} min."]
    return "\n".join(lines)


def _signed_in_markdown(shops: list[Shop], rounds: list[dict]) -> str:
    """Issue 17's table: each page's CPU ms in every column, with the targets for the signed-in ones."""
    keys = [shop.key for shop in shops]
    labels = {"ours": "ours, default", "stock": "stock Oscar", **{k: f"ours, {v[0]}" for k, v in OUR_VARIANTS.items()}}
    lines = [
        "| page | " + " | ".join(labels[key] for key in keys) + " |",
        "|---|" + "---|" * len(keys),
    ]
    for page in BROWSE_PAGES:
        cells = []
        for key in keys:
            ms = statistics.median(r[key][page]["cpu_ms"] for r in rounds)
            target = VARIANT_TARGET_MS.get(key, {}).get(page)
            verdict = "" if target is None else f" (≤ {target}: {'yes' if ms <= target else 'MISSED'})"
            if key == "ours-signed-in" and page == "product":
                half_stock = statistics.median(r["stock"][page]["cpu_ms"] for r in rounds) / 2
                verdict += f" (≤ ½ stock, {half_stock:.1f}: {'yes' if ms <= half_stock else 'MISSED'})"
            cells.append(f"{ms:.1f}{verdict}")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    queries = "; ".join(f"{shop.key} {shop.queries}" for shop in shops)
    lines += ["", f"SQL queries per page: {queries}."]
    return "\n".join(lines)


def _load_average() -> str:
    return "/".join(f"{load:.1f}" for load in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", metavar="QUERY", help=argparse.SUPPRESS)
    parser.add_argument("--signed-in", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--products", type=int, default=10_000, help="products in our shop (10000)")
    parser.add_argument("--stock-products", type=int, default=5_000, help="products in stock Oscar (5000)")
    parser.add_argument("--requests", type=int, default=100, help="requests per page, our shop (100)")
    parser.add_argument("--stock-requests", type=int, default=30, help="requests per page, stock Oscar (30)")
    parser.add_argument("--repeat", type=int, default=1, help="measurement rounds, alternating the shops (1)")
    parser.add_argument("--workdir", help="keep the databases here and reuse them on the next run")
    parser.add_argument("--out", default="/tmp/page_cpu", help="writes OUT.md and OUT.json (/tmp/page_cpu)")
    args = parser.parse_args()
    if args.probe is not None:
        return _probe(args.probe, args.signed_in)

    started = time.perf_counter()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="cho-htx-page-cpu-"))
    try:
        (workdir / "ours").mkdir(parents=True, exist_ok=True)
        (workdir / "stock").mkdir(exist_ok=True)
        shops = [
            _our_shop(workdir / "ours", args.products, args.requests),
            _stock_shop(workdir / "stock", args.stock_products, args.stock_requests),
        ]
        print("Preparing both shops' databases side by side (migrations, products, Whoosh index: a few minutes)...")
        with ThreadPoolExecutor(2) as pool:
            prepared = pool.map(_prepare, shops, [workdir / shop.key for shop in shops])
            for shop, seconds in zip(shops, prepared, strict=True):
                print(f"  {shop.label}: ready in {seconds:.0f} s; SQL queries per page {shop.queries}", flush=True)
        variants = [_our_variant(shops[0], key) for key in OUR_VARIANTS]
        for variant in variants:
            _prepare(variant, workdir / "ours")
            print(f"  {variant.label}: SQL queries per page {variant.queries}", flush=True)
        rounds, loads = [], []
        for n in range(args.repeat):
            print(f"Round {n + 1} of {args.repeat}:")
            loads.append(_load_average())
            rounds.append({shop.key: _measure_shop(shop) for shop in [*shops, *variants]})
            loads.append(_load_average())
        summary = _summary(shops, rounds)
        report = _markdown(shops, summary, args.repeat, time.perf_counter() - started)
        report += (
            "\n\nIssue 17: server CPU ms per request in each column (median of the rounds), the signed-in "
            "columns' targets beside them.\n\n" + _signed_in_markdown([shops[0], *variants, shops[1]], rounds)
        )
        report += f"\n\nLoad average (1/5/15 min) at the start and end of each round: {', '.join(loads)}."
        print()
        print(report)
        Path(f"{args.out}.md").write_text(report + "\n")
        Path(f"{args.out}.json").write_text(
            json.dumps({"shops": {s.key: s.label for s in shops}, "summary": summary, "rounds": rounds}, indent=2)
        )
        print(f"\nWritten to {args.out}.md and {args.out}.json")
        missed = [page for page, row in summary.items() if not row["meets_target"]]
        if missed:
            raise SystemExit(f"FAIL: our {', '.join(missed)} page(s) missed the issue's CPU ratio to stock Oscar")
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
