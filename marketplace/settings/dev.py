"""Development: `make run`. SQLite, console e-mail, debug pages off by default
so that what a developer sees is what a user sees; set DJANGO_DEBUG=true."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-secret-key-not-for-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=True)

# Static files come from the app folders (WhiteNoise finders); collectstatic is for production.
STATIC_ROOT = None
