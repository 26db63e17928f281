"""Storefront, catalogue and home pages under gunicorn (2 workers) with 8 concurrent clients.

Uses a fresh SQLite database with the demo data. Prints throughput and
latency per page; compare the figures as ratios within one run (this
machine's timings are noisy).

    make bench            # or: .venv/bin/python -m tests.bench.page_speed
"""

import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.bench.sqlite_concurrency import _free_port, _prepare, start_gunicorn, wait_until_serving

CLIENTS = 8
REQUESTS_PER_PAGE = 200


def _measure(base_url, path):
    def fetch(_):
        started = time.perf_counter()
        status = requests.get(base_url + path, timeout=60).status_code
        return status, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(fetch, range(REQUESTS_PER_PAGE)))
    elapsed = time.perf_counter() - started
    latencies = sorted(seconds for _status, seconds in results)
    failed = sum(1 for status, _seconds in results if status != 200)
    return {
        "throughput": len(results) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "failed": failed,
    }


def main():
    workdir = Path(tempfile.mkdtemp(prefix="cho-htx-pages-"))
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    try:
        print("Preparing a fresh SQLite database with the demo data (migrations take about a minute)...")
        db_path = _prepare(workdir)
        server = start_gunicorn(db_path, port, stderr=subprocess.DEVNULL)
        try:
            directory = wait_until_serving(base_url, "/hop-tac-xa/")
            storefront = re.search(r'href="(/hop-tac-xa/[\w-]+/)"', directory.text).group(1)
            for label, path in [
                ("home page", "/"),
                ("catalogue", "/catalogue/"),
                ("directory", "/hop-tac-xa/"),
                ("storefront", storefront),
            ]:
                requests.get(base_url + path, timeout=60)  # warm thumbnails
                result = _measure(base_url, path)
                print(
                    f"{label:<11} {path:<45} {result['throughput']:6.1f} req/s  p50 {result['p50_ms']:5.0f} ms  "
                    f"p95 {result['p95_ms']:5.0f} ms  failed {result['failed']}"
                )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
