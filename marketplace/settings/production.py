"""Production: refuses to start without its secrets; HTTPS only.

The services come from the environment (README, "Running at scale"): DATABASE_URL (PostgreSQL),
CACHE_URL (Redis: cache, and sessions in front of the database), CELERY_BROKER_URL (Redis: the
workers' queue), AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL (media on S3-compatible storage).
Each one left unset falls back to the single-machine default: SQLite, a per-process cache, tasks run
in the web process, media on disk."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

# No defaults: a missing variable raises ImproperlyConfigured at start-up.
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Set but empty is as bad as missing (Django would only notice at the first request).
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is empty")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is empty")
DEBUG = False
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers probe the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
OSCAR_URL_SCHEMA = "https"

# Mail goes to the outbox table in the sender's transaction; a worker sends it over SMTP (jobs/mail.py).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="jobs.mail.OutboxEmailBackend")
# One-time sign-in codes go through the SMS gateway (SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN), never the log.
SMS_BACKEND = env("SMS_BACKEND", default="accounts.sms.HttpGatewayBackend")
OUTBOX_DELIVERY_BACKEND = env("OUTBOX_DELIVERY_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Database -------------------------------------------------------------------
# Connections kept between requests, checked before reuse (a restarted PostgreSQL is reconnected to);
# connecting gives up after 2 s, so /healthz/ and the 503 page answer quickly while it is away.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)

# --- Cache and sessions ---------------------------------------------------------------
# django-redis rather than Django's own RedisCache: with IGNORE_EXCEPTIONS a Redis outage turns
# every cache read into a miss and every write into a no-op, so the site keeps serving from the
# database (Django's backend raises, and every page would be a 500). Short socket timeouts keep an
# unreachable Redis from holding requests. The catalogue version lives in this cache
# (catalog/cache_version.py), shared by every web process on every machine.
CACHE_URL = env("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cho-htx"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "LOG_IGNORED_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
# Sessions are written to the database and read through the cache: a Redis outage logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery (marketplace/celery.py, each app's tasks.py) -------------------------------------
# Without a broker, tasks run in the web process, as with `make run`.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# No result backend: each task's outcome is a row (the outbox e-mail, the import job, the snapshot).
CELERY_TASK_IGNORE_RESULT = True
# One message at a time per worker process: a long import does not sit on mails queued behind it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task stuck this long is killed; the outbox flush requeues what it held (jobs/services.py).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=25 * 60)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = env("CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule"))

# --- Media on S3-compatible storage (django-storages) -----------------------------------
# Set AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL for MinIO, Ceph, Viettel or FPT object
# storage; AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are read by boto3) and uploads go to the
# bucket, so no web or worker machine keeps files of its own. "private" (under private/, signed
# URLs) is for documents that must not be public.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _S3_OPTIONS = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "file_overwrite": False,
    }
    # Objects are private unless the bucket says otherwise, so media addresses are signed by default
    # (valid 7 days, longer than any cache keeps a page); with a public-read bucket policy or a CDN in
    # front, set AWS_QUERYSTRING_AUTH=false for plain addresses.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_OPTIONS,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "querystring_expire": 7 * 24 * 3600,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3_OPTIONS, "location": "private", "default_acl": "private", "querystring_auth": True},
    }
