"""/healthz/: the database, the cache and the broker, for load balancers and monitoring."""

import time
import uuid

import pytest
import redis

from marketplace.celery import app as celery_app

REDIS = "redis://127.0.0.1:6379"
DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _redis_up() -> bool:
    try:
        return redis.Redis.from_url(f"{REDIS}/15", socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(
    not _redis_up(), reason="needs Redis on 127.0.0.1:6379 (CI has it; see the machine's redis-server command)"
)


def redis_cache(location):
    # As production.py builds it from CACHE_URL (test_production_stack.py checks they agree).
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


@pytest.fixture
def broker_at():
    """Point Celery at a broker for one test, then back to running tasks in the process."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}

    def point(url):
        celery_app.conf.update(broker_url=url, task_always_eager=False)

    yield point
    celery_app.conf.update(saved)


def healthz(client):
    started = time.monotonic()
    response = client.get("/healthz/")
    return response, response.json(), time.monotonic() - started


@pytest.mark.django_db
class TestHealthz:
    def test_default_settings_are_healthy_with_no_broker(self, client):
        response, report, _ = healthz(client)

        assert response.status_code == 200
        assert report == {"database": "ok", "cache": "ok", "broker": "not configured"}
        assert response["Cache-Control"].startswith("max-age=0")

    def test_needs_no_login_and_no_language_prefix(self, client):
        assert client.get("/en/healthz/").status_code == 404
        assert "sessionid" not in client.get("/healthz/").cookies

    @needs_redis
    def test_all_ok_on_redis(self, client, settings, broker_at):
        settings.CACHES = redis_cache(f"{REDIS}/15")
        broker_at(f"{REDIS}/14")

        response, report, _ = healthz(client)

        assert response.status_code == 200
        assert report == {"database": "ok", "cache": "ok", "broker": "ok"}

    def test_a_dead_cache_is_a_503_and_named(self, client, settings):
        settings.CACHES = redis_cache(DEAD)

        response, report, seconds = healthz(client)

        assert response.status_code == 503
        assert report["database"] == "ok" and report["broker"] == "not configured"
        assert report["cache"].startswith("error: ConnectionError") and "127.0.0.1:1" in report["cache"]
        assert seconds < 3

    def test_a_dead_broker_is_a_503_and_named(self, client, broker_at):
        broker_at(DEAD)

        response, report, seconds = healthz(client)

        assert response.status_code == 503
        assert report["database"] == "ok" and report["cache"] == "ok"
        assert report["broker"].startswith("error: OperationalError") and "127.0.0.1:1" in report["broker"]
        assert seconds < 3

    def test_a_database_error_is_a_503_and_named(self, client, monkeypatch):
        from django.db import OperationalError

        from marketplace import health

        def refuse():
            raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

        monkeypatch.setattr(health, "_database", refuse)

        response, report, _ = healthz(client)

        assert response.status_code == 503
        assert report["database"] == "error: OperationalError: connection to server at 127.0.0.1, port 5432 failed"
