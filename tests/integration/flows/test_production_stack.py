"""The production path against the real services: Redis as cache and Celery broker, a real Celery worker.

Redis keys live in DB 14 (broker) and 15 (cache) under a prefix of each test's own, deleted after it,
so test runs side by side do not meet. Skipped only when Redis is not running (CI has it)."""

import datetime
import json
import os
import re
import subprocess
import sys
import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import cache_version
from cooperatives.models import ImportJob
from cooperatives.product_import import queue as import_queue
from cooperatives.product_import import services as import_services
from cooperatives.product_import.reading import read_table
from jobs import services
from jobs.models import ImportDispatch, OutboxEmail
from marketplace.celery import app as celery_app
from tests import factories
from tests.integration.marketplace.test_healthz import DEAD, REDIS, needs_redis, redis_cache

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

BROKER_DB, CACHE_DB = 14, 15


def wait_for(condition, seconds=30, message="the worker did not finish in time"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def _forget_broker_connections():
    # Celery keeps a connection pool for the broker it first met; a test that moves the broker
    # must drop it, as Celery does after a fork.
    celery_app._after_fork()


@pytest.fixture
def redis_caches(settings):
    """The default cache on the real Redis, as production.py configures it, with cached_db sessions."""
    settings.CACHES = redis_cache(f"{REDIS}/{CACHE_DB}")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    yield caches["default"]
    keys = redis.Redis.from_url(f"{REDIS}/{CACHE_DB}")  # this test's prefix only
    for key in keys.scan_iter(f"{prefix}:*"):
        keys.delete(key)


@pytest.fixture
def broker():
    """Celery on the real Redis: tasks go to the broker instead of running in the process."""
    prefix = f"test-{uuid.uuid4().hex}:"
    saved = {
        key: celery_app.conf[key]
        for key in ("broker_url", "task_always_eager", "broker_transport_options", "worker_hijack_root_logger")
    }
    celery_app.conf.worker_hijack_root_logger = False  # the test worker leaves the test run's logging alone

    def point(url):
        celery_app.conf.update(
            broker_url=url,
            task_always_eager=False,
            broker_transport_options={"global_keyprefix": prefix, "socket_connect_timeout": 2},
        )
        _forget_broker_connections()

    point.prefix = prefix
    point(f"{REDIS}/{BROKER_DB}")
    yield point
    celery_app.conf.update(saved)
    _forget_broker_connections()
    keys = redis.Redis.from_url(f"{REDIS}/{BROKER_DB}")
    for key in keys.scan_iter(f"{prefix}*"):
        keys.delete(key)


@pytest.fixture
def worker(broker):
    """A real Celery worker (solo pool, in a thread of this process) consuming from the Redis broker."""
    celery_app.loader.import_default_modules()  # every app's tasks.py, registered before the worker starts

    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield


@pytest.fixture
def outbox_mail(settings):
    settings.EMAIL_BACKEND = "jobs.mail.OutboxEmailBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


pytestmark = [needs_redis]


# --- The settings production.py builds ---------------------------------------------------------


def production_settings(**env):
    """The services part of the production settings, as a subprocess sees them with ``env``."""
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from marketplace.celery import app; print(json.dumps({'caches': s.CACHES, 'session': s.SESSION_ENGINE, "
        "'email': s.EMAIL_BACKEND, 'delivery': s.OUTBOX_DELIVERY_BACKEND, 'storages': s.STORAGES, "
        "'broker': app.conf.broker_url, 'eager': app.conf.task_always_eager, "
        "'beat': {k: v['task'] for k, v in app.conf.beat_schedule.items()}}, default=str))"
    )
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CACHE_", "AWS_"))}
    base |= {
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "cho-htx.example.vn",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


class TestProductionSettings:
    def test_redis_cache_sessions_outbox_and_broker_come_from_the_environment(self):
        seen = production_settings(CACHE_URL=f"{REDIS}/1", CELERY_BROKER_URL=f"{REDIS}/0")

        cache = seen["caches"]["default"]
        assert cache["BACKEND"] == "django_redis.cache.RedisCache" and cache["LOCATION"] == f"{REDIS}/1"
        # The in-process tests below use the same options.
        assert cache["OPTIONS"].items() >= redis_cache("x")["default"]["OPTIONS"].items()
        assert seen["session"] == "django.contrib.sessions.backends.cached_db"
        assert seen["email"] == "jobs.mail.OutboxEmailBackend"
        assert seen["delivery"] == "django.core.mail.backends.smtp.EmailBackend"
        assert (seen["broker"], seen["eager"]) == (f"{REDIS}/0", False)
        assert seen["beat"] == {
            "outbox-flush": "jobs.outbox_flush",
            "card-payments-reconcile": "jobs.card_payments_reconcile",
            "indicator-snapshots": "jobs.indicator_snapshots_take",
            "standing-orders-plan": "contracts.standing_orders_plan",
            "standing-orders-place": "contracts.standing_orders_place",
            "invoices-issue-missing": "invoicing.invoices_issue_missing",
            "progress-alerts": "contracts.progress_alerts_send",
            "training-reminders-send": "training.reminders_send",
        }
        assert seen["storages"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"

    def test_media_go_to_s3_compatible_storage_when_a_bucket_is_set(self):
        seen = production_settings(AWS_STORAGE_BUCKET_NAME="cho-htx-media", AWS_S3_ENDPOINT_URL="https://s3.example.vn")

        public, private = seen["storages"]["default"], seen["storages"]["private"]
        assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
        assert public["OPTIONS"]["bucket_name"] == "cho-htx-media"
        assert public["OPTIONS"]["endpoint_url"] == "https://s3.example.vn"
        assert public["OPTIONS"]["querystring_auth"] is True  # private objects: signed addresses
        assert (private["OPTIONS"]["location"], private["OPTIONS"]["querystring_auth"]) == ("private", True)
        # Without a broker, tasks run in the web process, as with `make run`.
        assert seen["eager"] is True


# --- The cache on Redis -------------------------------------------------------------------------


@pytest.mark.django_db
class TestCacheOnRedis:
    def test_values_are_shared_between_processes(self, redis_caches):
        redis_caches.set("greeting", {"vi": "Xin chào"}, 30)

        other_process = redis.Redis.from_url(f"{REDIS}/{CACHE_DB}")
        assert other_process.exists(redis_caches.make_key("greeting"))
        assert redis_caches.get("greeting") == {"vi": "Xin chào"}

    def test_the_catalogue_version_lives_in_redis_and_a_bump_is_seen_by_every_process(self, redis_caches):
        assert cache_version._version_file() is None  # no file: the shared cache holds it
        before = cache_version.catalogue_version()

        cache_version.catalogue_version_bump()

        stored = int(redis.Redis.from_url(f"{REDIS}/{CACHE_DB}").get(redis_caches.make_key(cache_version.VERSION_KEY)))
        assert cache_version.catalogue_version() == stored > before

    def test_a_products_version_lives_in_redis_and_its_bump_leaves_other_products_alone(self, redis_caches):
        before = {pk: cache_version.product_version(pk) for pk in (1, 2)}
        listings = cache_version.listing_version()

        cache_version.products_changed([1])

        other_process = redis.Redis.from_url(f"{REDIS}/{CACHE_DB}")
        assert other_process.exists(redis_caches.make_key(f"{cache_version.VERSION_KEY}:product-1"))
        assert cache_version.product_version(1) != before[1]
        assert cache_version.product_version(2) == before[2]
        assert cache_version.listing_version() != listings

    def test_the_site_keeps_serving_when_redis_is_down(self, redis_caches, settings, site):
        factories.product(title="Rau muống Củ Chi")
        client = Client()
        assert "Rau muống Củ Chi" in client.get("/en/catalogue/").content.decode()

        settings.CACHES = redis_cache(DEAD)
        started = time.monotonic()
        response = client.get("/en/catalogue/")

        assert response.status_code == 200 and "Rau muống Củ Chi" in response.content.decode()
        assert time.monotonic() - started < 5


@pytest.mark.django_db
class TestSessionsSurviveARedisOutage:
    def test_a_signed_in_buyer_stays_signed_in_and_others_can_sign_in(self, redis_caches, settings, site):
        buyer = factories.user(email="lan@example.com")
        client = Client()
        assert (
            client.post(
                reverse("customer:login"),
                {
                    "login-username": "lan@example.com",
                    "login-password": "demo12345",
                    "login_submit": "1",
                },
            ).status_code
            == 302
        )
        profile = reverse("customer:profile-view")
        assert client.get(profile).status_code == 200

        settings.CACHES = redis_cache(DEAD)  # Redis is gone, and with it every cached session

        assert client.get(profile).status_code == 200
        assert client.get(profile).context["user"] == buyer
        another = Client()
        another.force_login(factories.user(email="minh@example.com"))
        assert another.get(profile).status_code == 200


# --- Celery with a real worker ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
class TestARealWorker:
    def test_an_email_sent_during_a_request_is_delivered_by_the_worker(self, client, site, outbox_mail, worker):
        user = factories.user(email="lan@example.com")

        response = client.post(reverse("password-reset"), {"email": "lan@example.com"})

        assert response.status_code == 302
        wait_for(lambda: OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT).exists())
        [sent] = mail.outbox
        assert sent.to == ["lan@example.com"]
        token = re.search(r"/password-reset/confirm/[\w-]+/([\w-]+)/", sent.body).group(1)
        assert default_token_generator.check_token(user, token)  # the reset link arrived intact
        row = OutboxEmail.objects.get()
        assert row.status == OutboxEmail.Status.SENT and row.dispatched_at is not None and row.attempts == 1

    def test_a_new_product_photo_gets_its_thumbnails_from_the_worker(self, site, worker, settings):
        import io
        from pathlib import Path

        from PIL import Image

        from catalog.thumbnails import PRODUCT_IMAGE_SIZES

        ProductImage = get_model("catalogue", "ProductImage")
        photo = io.BytesIO()
        Image.new("RGB", (800, 600), (40, 140, 60)).save(photo, "JPEG")
        product = factories.product(title="Cải ngọt")

        ProductImage.objects.create(
            product=product, original=SimpleUploadedFile("cai-ngot.jpg", photo.getvalue()), display_order=0
        )

        made = Path(settings.MEDIA_ROOT) / "cache"
        wait_for(lambda: made.exists() and len(list(made.rglob("*.jpg"))) == len(PRODUCT_IMAGE_SIZES))

    def test_a_large_import_uploaded_through_the_page_is_run_by_the_worker(self, client, site, worker):
        factories.category("Rau củ")
        coop = factories.cooperative()
        client.force_login(factories.cooperative_staff(coop))
        count = import_services.BACKGROUND_ROWS + 20
        lines = ["sku,title,category,price,stock"] + [f"SP-{n:04d},Rau {n},Rau củ,20000,5" for n in range(count)]

        response = client.post(
            reverse("cooperatives:product-import"),
            {"file": SimpleUploadedFile("bang-gia.csv", "\n".join(lines).encode())},
        )

        job = ImportJob.objects.get()
        assert response.status_code == 302
        wait_for(lambda: ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DONE).exists(), seconds=120)
        assert StockRecord.objects.filter(partner=coop.partner).count() == count
        dispatch = ImportDispatch.objects.get(job=job)
        assert dispatch.runs == 1 and dispatch.dispatched_at is not None

    def test_a_mail_written_while_the_broker_is_down_is_delivered_once_it_is_back(self, outbox_mail, broker):
        broker(DEAD)
        started = time.monotonic()

        assert mail.send_mail("Đơn hàng đã giao", "…", None, ["lan@example.com"]) == 1

        assert time.monotonic() - started < 1.5  # the sender does not wait for a dead broker
        row = OutboxEmail.objects.get()
        assert row.status == OutboxEmail.Status.PENDING and row.dispatched_at is None
        assert mail.outbox == []

        broker(f"{REDIS}/{BROKER_DB}")  # Redis is back
        celery_app.loader.import_default_modules()  # every app's tasks.py, as a worker loads them

        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
            assert services.outbox_flush()["emails_dispatched"] == 1
            wait_for(lambda: OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT).exists())
            assert services.outbox_flush()["emails_dispatched"] == 0
            time.sleep(0.5)

        assert [message.subject for message in mail.outbox] == ["Đơn hàng đã giao"]
        assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT


# --- A worker process killed in the middle of an import ---------------------------------------------

# A worker in a process of its own on this test's database, whose import stops after writing its
# first products (inside the import's transaction) and waits there to be killed.
KILLABLE_WORKER = """
import pathlib, sys, time
broker, prefix, private_root, marker = sys.argv[1:5]
import marketplace.settings.test as test_settings
test_settings.PRIVATE_MEDIA_ROOT = private_root
import django
django.setup()
from catalog import services as catalog_services
real = catalog_services.products_bulk_create
def write_then_hang(**kwargs):
    real(**kwargs)
    pathlib.Path(marker).touch()
    time.sleep(300)
catalog_services.products_bulk_create = write_then_hang
from marketplace.celery import app
app.conf.update(broker_url=broker, task_always_eager=False,
                broker_transport_options={"global_keyprefix": prefix})
app.worker_main(["worker", "--pool=solo", "--loglevel=WARNING", "--without-heartbeat", "--without-mingle",
                 "--without-gossip"])
"""


@pytest.mark.django_db(transaction=True)
class TestAWorkerKilledMidImport:
    def test_leaves_no_half_imported_file_and_the_job_is_retried(self, site, broker, tmp_path):
        if connection.vendor != "postgresql":
            pytest.skip("a worker process needs a database it can open: runs in CI's PostgreSQL pass")
        factories.category("Rau củ")
        coop = factories.cooperative()
        lines = ["sku,title,category,price,stock"] + [f"SP-{n:04d},Rau {n},Rau củ,20000,5" for n in range(30)]
        upload = SimpleUploadedFile("bang-gia.csv", "\n".join(lines).encode())
        job = import_services.import_job_create(
            cooperative=coop,
            uploaded_by=None,
            upload=upload,
            table=read_table(upload, name="bang-gia.csv"),
            language="en",
        )
        marker = tmp_path / "products-written"
        database = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
            "DATABASE_URL": f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}",
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                KILLABLE_WORKER,
                f"{REDIS}/{BROKER_DB}",
                broker.prefix,
                str(django_settings.PRIVATE_MEDIA_ROOT),
                str(marker),
            ],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            assert import_queue.import_job_enqueue(job.pk)
            wait_for(marker.exists, seconds=60, message="the worker never started the import")
            job.refresh_from_db()
            assert job.status == ImportJob.Status.IMPORTING
        finally:
            process.kill()  # SIGKILL: no handler runs, the worker's connection just drops
            process.wait(timeout=30)

        # PostgreSQL rolled the transaction back with the connection: nothing of the file is there.
        wait_for(lambda: not _other_sessions_on(database["NAME"]), seconds=30, message="the session lingered")
        assert not Product.objects.exists() and not StockRecord.objects.exists()
        job.refresh_from_db()
        assert job.status == ImportJob.Status.IMPORTING and ImportDispatch.objects.get(job=job).runs == 1

        counts = services.outbox_flush(now=timezone.now() + import_queue.IMPORT_STALE + datetime.timedelta(minutes=1))
        assert (counts["imports_requeued"], counts["imports_dispatched"]) == (1, 1)

        celery_app.loader.import_default_modules()  # every app's tasks.py, as a worker loads them

        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
            wait_for(lambda: ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DONE).exists(), seconds=60)

        job.refresh_from_db()
        assert (job.created_products, job.processed_rows) == (30, 30)
        assert StockRecord.objects.filter(partner=coop.partner).count() == 30
        assert ImportDispatch.objects.get(job=job).runs == 2


def _other_sessions_on(database_name) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database_name]
        )
        return cursor.fetchone()[0]
