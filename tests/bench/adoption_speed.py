"""Latency of the adoption dashboard and its API at a city's scale, on SQLite under gunicorn.

A fresh SQLite database in a temp dir is migrated with our settings and filled by
``manage.py load_adoption_bench_data`` (5,000 cooperatives, 1,000 linkage models, 200,000 order
lines; about a minute). An officer signs in through Oscar's login form; the API is called with a
token from ``manage.py create_api_token``. gunicorn serves with 2 sync workers and DEBUG off, as in
``tests/bench/page_cpu.py``. Each page gets 3 warm-up requests, then 20 timed ones, one at a time.

The table (status codes, median and p95 latency per URL) is printed and written to
``/tmp/adoption_speed.md`` and ``.json``. The issue's bar: every median under 300 ms and every answer
200; otherwise it exits non-zero. ``--workdir DIR`` keeps the database for the next run.

    make bench            # or: .venv/bin/python -m tests.bench.adoption_speed [--workdir /tmp/ab] [--repeat 2]
"""

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

from tests.bench.page_cpu import GUNICORN_OPTIONS, ROOT, _our_shop
from tests.bench.sqlite_concurrency import _free_port, wait_until_serving

BUDGET_MS = 300
WARM_UP = 3
OFFICER_EMAIL = "officer-bench@example.com"
OFFICER_PASSWORD = "bench-officer-12345"
API_PATH = "/api/v1/indicators/"
PAGES = ["/en/adoption/", "/en/adoption/?layout=2025", "/en/adoption/districts/783/", API_PATH]


def _prepare(workdir: Path, env: dict, load_options: list[str]) -> dict:
    """Migrate and load the bench data, unless a kept work dir holds them already; how long loading took."""
    ready = workdir / "ready.json"
    if ready.exists():
        return json.loads(ready.read_text())
    manage = [sys.executable, str(ROOT / "manage.py")]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    migrated = time.perf_counter()
    loaded = subprocess.run(
        [*manage, "load_adoption_bench_data", *load_options],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    load_done = time.perf_counter()
    # What the nightly job does on a live site: snapshots, and closed months' sales rolled up.
    subprocess.run([*manage, "take_indicator_snapshots"], env=env, cwd=ROOT, check=True, capture_output=True)
    facts = {
        "migrate_s": round(migrated - started, 1),
        "load_s": round(load_done - migrated, 1),
        "nightly_s": round(time.perf_counter() - load_done, 1),
        "loaded": loaded.stdout.strip().splitlines()[-1],
    }
    ready.write_text(json.dumps(facts))
    return facts


def _setup_officer() -> None:
    """In the shop's own process: an officer who can sign in: staff, may review applications and read
    the adoption dashboard (the permissions the department officers' group gives)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    user, _ = get_user_model().objects.get_or_create(username=OFFICER_EMAIL, defaults={"email": OFFICER_EMAIL})
    user.is_staff = True
    user.set_password(OFFICER_PASSWORD)
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(
            Q(codename="review_application", content_type__app_label="cooperatives")
            | Q(codename="view_adoption_dashboard", content_type__app_label="adoption")
        )
    )


def _api_token(env: dict) -> str | None:
    """A fresh token from the lead's command, or None while the command does not exist."""
    made = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "create_api_token", f"adoption-bench-{int(time.time())}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    lines = made.stdout.strip().splitlines()
    return lines[-1].strip() if made.returncode == 0 and lines else None


def _signed_in(base_url: str) -> requests.Session:
    """An officer's session, through Oscar's login form with its CSRF token."""
    session = requests.Session()
    form = session.get(f"{base_url}/en/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if not token:
        raise SystemExit("no CSRF token on the login page")
    answer = session.post(
        f"{base_url}/en/accounts/login/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "login-username": OFFICER_EMAIL,
            "login-password": OFFICER_PASSWORD,
            "login_submit": "Log in",
        },
        headers={"Referer": f"{base_url}/en/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"the officer could not sign in (answer {answer.status_code})")
    return session


def _measure(fetch, count: int) -> dict:
    for _ in range(WARM_UP):
        fetch()
    statuses, latencies = Counter(), []
    for _ in range(count):
        sent = time.perf_counter()
        statuses[fetch()] += 1
        latencies.append((time.perf_counter() - sent) * 1000)
    return {"statuses": dict(statuses), "latencies_ms": latencies}


def _round(base_url: str, token: str | None, count: int) -> dict:
    officer = _signed_in(base_url)
    results = {}
    for path in PAGES:
        if path == API_PATH and token is None:
            results[path] = None
            continue
        # The city's systems send the token only, no session; officers their session.
        client = requests if path == API_PATH else officer
        headers = {"Authorization": f"Bearer {token}"} if path == API_PATH else {}

        def fetch(client=client, path=path, headers=headers):
            return client.get(base_url + path, headers=headers, allow_redirects=False, timeout=120).status_code

        results[path] = _measure(fetch, count)
        print(f"  {path:<32} median {statistics.median(results[path]['latencies_ms']):6.0f} ms", flush=True)
    return results


def _summary(rounds: list[dict]) -> dict:
    summary = {}
    for path in PAGES:
        runs = [r[path] for r in rounds if r[path] is not None]
        if not runs:
            summary[path] = {"available": False, "ok": False}
            continue
        latencies = sorted(ms for run in runs for ms in run["latencies_ms"])
        statuses = sum((Counter(run["statuses"]) for run in runs), Counter())
        median = statistics.median(latencies)
        summary[path] = {
            "available": True,
            "requests": len(latencies),
            "statuses": {str(code): n for code, n in sorted(statuses.items())},
            "median_ms": round(median, 1),
            "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)], 1),
            "round_medians_ms": [round(statistics.median(run["latencies_ms"]), 1) for run in runs],
            "ok": median < BUDGET_MS and set(statuses) == {200},
        }
    return summary


def _markdown(summary: dict, facts: dict, rounds: int, requests_per_page: int) -> str:
    lines = [
        f"Adoption dashboard and API latency: gunicorn 2 sync workers, DEBUG off, SQLite; one client; "
        f"{WARM_UP} warm-up then {requests_per_page} requests per URL, {rounds} round(s). "
        f"Budget: median < {BUDGET_MS} ms.",
        "",
        "| URL | status codes | median ms | p95 ms | ok |",
        "|---|---|---|---|---|",
    ]
    for path, row in summary.items():
        if not row["available"]:
            lines.append(f"| `{path}` | not available (no `create_api_token` command) | – | – | no |")
            continue
        codes = ", ".join(f"{code}×{n}" for code, n in row["statuses"].items())
        ok = "yes" if row["ok"] else "NO"
        lines.append(f"| `{path}` | {codes} | {row['median_ms']:.0f} | {row['p95_ms']:.0f} | {ok} |")
    lines += ["", f"Data: {facts['loaded']}", f"Migrations {facts['migrate_s']} s, loading {facts['load_s']} s."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup-officer", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per URL and round (20)")
    parser.add_argument("--repeat", type=int, default=1, help="measurement rounds (1)")
    parser.add_argument("--workdir", help="keep the database here and reuse it on the next run")
    parser.add_argument("--out", default="/tmp/adoption_speed", help="writes OUT.md and OUT.json")
    parser.add_argument("--cooperatives", default="5000")
    parser.add_argument("--linkages", default="1000")
    parser.add_argument("--order-lines", default="200000")
    args = parser.parse_args()
    if args.setup_officer:
        return _setup_officer()

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="cho-htx-adoption-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = _our_shop(workdir, 0, 0).env  # page_cpu's settings: our dev settings, DEBUG off, the work dir's SQLite
    try:
        print("Preparing the database (migrations, then the adoption bench data: about 2 minutes)...", flush=True)
        facts = _prepare(
            workdir,
            env,
            ["--cooperatives", args.cooperatives, "--linkages", args.linkages, "--order-lines", args.order_lines],
        )
        print(f"  {facts['loaded']} (migrations {facts['migrate_s']} s, loading {facts['load_s']} s)")
        subprocess.run(
            [sys.executable, "-m", "tests.bench.adoption_speed", "--setup-officer"], env=env, cwd=ROOT, check=True
        )
        token = _api_token(env)
        if token is None:
            print(f"  no API token: `manage.py create_api_token` is missing or failed; {API_PATH} not available")
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "marketplace.wsgi", *GUNICORN_OPTIONS, "--bind", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_until_serving(base_url, "/en/accounts/login/")
            rounds = []
            for n in range(args.repeat):
                print(f"Round {n + 1} of {args.repeat}:")
                rounds.append(_round(base_url, token, args.requests))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        summary = _summary(rounds)
        report = _markdown(summary, facts, args.repeat, args.requests)
        print()
        print(report)
        Path(f"{args.out}.md").write_text(report + "\n")
        Path(f"{args.out}.json").write_text(json.dumps({"data": facts, "summary": summary, "rounds": rounds}, indent=2))
        print(f"\nWritten to {args.out}.md and {args.out}.json")
        failed = [path for path, row in summary.items() if not row["ok"]]
        if failed:
            raise SystemExit(
                f"FAIL: {', '.join(failed)}: a median of {BUDGET_MS} ms or more, an answer other than 200, "
                "or not available"
            )
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
