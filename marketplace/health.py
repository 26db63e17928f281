"""``/healthz/`` for load balancers and monitoring: can this process reach its database, cache and broker?

200 when all answer, 503 otherwise, as JSON: {"database": "ok", "cache": "ok", "broker": "ok"}, or
"error: …" for the one that failed, or "not configured" for a broker that is not used (tasks run in
the web process). No login, no session, no template; each check gives up within about 2 s (the
database's connect_timeout and Redis's socket timeouts are set in the production settings).
"""

import secrets

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.celery import app as celery_app

OK = "ok"
NOT_CONFIGURED = "not configured"
BROKER_TIMEOUT_SECONDS = 2


@never_cache
@require_GET
def healthz(request):
    report = {"database": _checked(_database), "cache": _checked(_cache), "broker": _checked(_broker)}
    healthy = all(value in (OK, NOT_CONFIGURED) for value in report.values())
    return JsonResponse(report, status=200 if healthy else 503)


def _checked(check) -> str:
    try:
        return check()
    except Exception as error:  # any failure is the answer, never a 500
        return f"error: {type(error).__name__}: {error}"[:300]


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _cache() -> str:
    cache = caches["default"]
    # django-redis hides connection errors (IGNORE_EXCEPTIONS); its own client does not.
    client = getattr(cache, "client", None)
    if hasattr(client, "get_client"):
        client.get_client(write=True).ping()
    key, token = "healthz:probe", secrets.token_hex(8)
    cache.set(key, token, 10)
    if cache.get(key) != token:
        raise RuntimeError("a value written was not read back")
    return OK


def _broker() -> str:
    if celery_app.conf.task_always_eager:
        return NOT_CONFIGURED
    options = {**(celery_app.conf.broker_transport_options or {}), "max_retries": 0}
    with celery_app.connection_for_write(transport_options=options, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    return OK
