"""Development: `make run`. SQLite, console e-mail, debug pages off by default
so that what a developer sees is what a user sees; set DJANGO_DEBUG=true."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-secret-key-not-for-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=True)

# Static files come from the app folders (WhiteNoise finders); collectstatic is for production.
STATIC_ROOT = None

# A demo receiving account so that `make run` shows VietQR transfers (not a real account).
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", default="970436")
VIETQR_BANK_NAME = env("VIETQR_BANK_NAME", default="Vietcombank")
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", default="0011001234567")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", default="CHO HTX DEMO")
