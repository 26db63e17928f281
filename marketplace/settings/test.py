"""Tests: fast hashing, in-memory e-mail, media in a temporary folder (see tests/conftest.py)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-secret-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "accounts.sms.LocmemBackend"
ALLOWED_HOSTS = ["*"]
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
WAGTAILADMIN_BASE_URL = "http://testserver"

STATIC_ROOT = None

import tempfile  # noqa: E402

# Uploaded private documents go to a throw-away folder.
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="cho-htx-private-")

# The demo receiving account (as in dev): bank transfer is offered in tests.
VIETQR_BANK_BIN = "970436"
VIETQR_BANK_NAME = "Vietcombank"
VIETQR_ACCOUNT_NUMBER = "0011001234567"
VIETQR_ACCOUNT_NAME = "CHO HTX DEMO"

# The catalogue version's file (catalog/cache_version.py) of this test run alone: test runs side
# by side would otherwise make each other's cached pages stale mid-test.
CATALOGUE_VERSION_FILE = tempfile.mkdtemp(prefix="cho-htx-version-") + "/catalogue-version"

# WhiteNoise scans every static file each time a test client loads the middleware (~0.18 s per
# test); the live server of the browser tests serves static files through Django's own handler.
WHITENOISE_USE_FINDERS = False
