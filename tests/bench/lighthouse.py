"""Lighthouse (mobile) on the buyer's pages, served as in production.

collectstatic into a temporary STATIC_ROOT (WhiteNoise's compressed, hashed manifest storage),
gunicorn with the production settings (DEBUG off) on a fresh SQLite database with the demo data,
then npm's `lighthouse` with Debian's Chromium on home, catalogue, a product, the basket holding a
line and a trace page. Prints performance and accessibility per page and exits non-zero when a
page scores under 90 / 95.

    make bench            # or: .venv/bin/python -m tests.bench.lighthouse
    LIGHTHOUSE_PAGES=home,product .venv/bin/python -m tests.bench.lighthouse   # some pages only
    LIGHTHOUSE_PREPARED=/tmp/demo .venv/bin/python -m tests.bench.lighthouse  # keep the prepared database
                                                   # and media there, and start from them next time
"""

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

from tests.bench.sqlite_concurrency import ROOT, _free_port, _prepare, wait_until_serving

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MIN_PERFORMANCE = 90
MIN_ACCESSIBILITY = 95


def _production_env(workdir, db_path):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.production",
        DATABASE_URL=f"sqlite:///{db_path}",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        DJANGO_SECRET_KEY="bench-only-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        # Uploads are served by the web server in a deployment; here Django serves them, with the same headers.
        DJANGO_SERVE_MEDIA="true",
    )
    # A per-process cache and tasks run in the web process: no Redis needed for the bench.
    env.pop("CACHE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    return env


def _set_cookies(response):
    """Name -> value of the cookies a response sets (they are Secure: requests keeps them off plain HTTP)."""
    return {cookie.name: cookie.value for cookie in response.cookies}


def _basket_cookie(base_url, product_path):
    """The Cookie header of a visitor whose basket holds one line of ``product_path``."""
    page = requests.get(base_url + product_path, timeout=60)
    cookies = _set_cookies(page)
    action = re.search(r'action="(/basket/add/\d+/)"', page.text).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    added = requests.post(
        base_url + action,
        data={"quantity": 1, "csrfmiddlewaretoken": token},
        headers={"Referer": base_url + product_path, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        allow_redirects=False,
        timeout=60,
    )
    if added.status_code != 302:
        raise SystemExit(f"Adding to the basket answered {added.status_code}")
    cookies.update(_set_cookies(added))
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _lighthouse(url, workdir, headers=None):
    report = workdir / "report.json"
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        "--only-categories=performance,accessibility",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    if headers:
        command.append("--extra-headers=" + json.dumps(headers))
    # On a busy machine Lighthouse now and then loses the page's trace (NO_NAVSTART): try again once.
    for attempt in (1, 2):
        run = subprocess.run(command, cwd=ROOT, env={**os.environ, "CHROME_PATH": CHROMIUM})
        if run.returncode == 0:
            break
        if attempt == 2:
            raise SystemExit(f"Lighthouse failed twice on {url}")
    result = json.loads(report.read_text())
    audits = result["audits"]
    return {
        "performance": round(result["categories"]["performance"]["score"] * 100),
        "accessibility": round(result["categories"]["accessibility"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "failed_accessibility": [
            key for key, audit in audits.items()
            if key in {ref["id"] for ref in result["categories"]["accessibility"]["auditRefs"]}
            and audit.get("score") is not None and audit["score"] < 1
        ],
    }


def _keep(db_path, media, target):
    """A copy of the prepared database (one file, WAL folded in) and media for the next run."""
    target.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db_path) as source, sqlite3.connect(target / "db.sqlite3") as copy:
        source.backup(copy)
    shutil.copytree(media, target / "media", dirs_exist_ok=True)


def _sample_paths(env):
    """A product with a batch on sale and that batch's trace code, from the demo data."""
    script = (
        "from valuechains.models import Batch; "
        "b = Batch.objects.select_related('product').filter(product__isnull=False).order_by('pk').first(); "
        "print(b.product.get_absolute_url()); print(b.code)"
    )
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    return out[-2], f"/trace/{out[-1]}/"


def main():
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=ROOT, check=True)
    workdir = Path(tempfile.mkdtemp(prefix="cho-htx-lighthouse-"))
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    try:
        prepared = Path(os.environ["LIGHTHOUSE_PREPARED"]) if os.environ.get("LIGHTHOUSE_PREPARED") else None
        if prepared and (prepared / "db.sqlite3").exists():
            db_path = workdir / "db.sqlite3"
            shutil.copy(prepared / "db.sqlite3", db_path)
            shutil.copytree(prepared / "media", workdir / "media")
        else:
            print("Preparing a fresh SQLite database with the demo data (migrations take about a minute)...")
            db_path = _prepare(workdir)
            if prepared:
                _keep(db_path, workdir / "media", prepared)
        env = _production_env(workdir, db_path)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT,
                       check=True)
        product, trace = _sample_paths(env)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "marketplace.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--log-level", "error"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        )
        try:
            wait_until_serving(base_url, "/")
            pages = [("home", "/", None), ("catalogue", "/catalogue/", None), ("product", product, None),
                     ("basket", "/basket/", {"Cookie": _basket_cookie(base_url, product)}), ("trace", trace, None)]
            wanted = os.environ.get("LIGHTHOUSE_PAGES")
            if wanted:
                pages = [page for page in pages if page[0] in wanted.split(",")]
            for _label, path, headers in pages:  # warm thumbnails and caches
                requests.get(base_url + path, headers=headers, timeout=60)
            rows = [(label, path, _lighthouse(base_url + path, workdir, headers)) for label, path, headers in pages]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nLighthouse mobile (load: {os.getloadavg()[0]:.2f})")
    print(f"{'page':<10} {'perf':>4} {'a11y':>4} {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>5} {'KB':>5}  path")
    failing = []
    for label, path, r in rows:
        print(f"{label:<10} {r['performance']:>4} {r['accessibility']:>4} {r['fcp']:>7.0f} {r['lcp']:>7.0f} "
              f"{r['tbt']:>7.0f} {r['cls']:>5.2f} {r['bytes'] / 1024:>5.0f}  {path}")
        if r["failed_accessibility"]:
            print(f"{'':<10} accessibility audits failed: {', '.join(r['failed_accessibility'])}")
        if r["performance"] < MIN_PERFORMANCE or r["accessibility"] < MIN_ACCESSIBILITY:
            failing.append(label)
    if failing:
        floor = f"{MIN_PERFORMANCE} performance / {MIN_ACCESSIBILITY} accessibility"
        raise SystemExit(f"Under {floor}: {', '.join(failing)}")


if __name__ == "__main__":
    main()
