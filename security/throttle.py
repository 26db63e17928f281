"""Login throttling with django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one e-mail from
one address, that pair is locked out for AXES_COOLOFF_TIME (settings, "Security").

The e-mail counts as typed only after trimming and lower-casing (``normalised_username``): sign-in
ignores case, so "EVIL3@example.com" is the same account as "evil3@example.com" and shares its lock.
``client_ip`` is the one client address for every per-address rule (sign-in, residents' feedback)."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, except that authenticating without a request (a management command, a shell)
    is not throttled: there is no client to lock out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def normalised_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the e-mail (or username) trimmed and lower-cased."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username")
    return (username or "").strip().lower()


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies (a load balancer),
    the address the outermost trusted proxy saw in X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request, original_response=None, credentials=None):
    """Axes' answer to a locked-out sign-in: a page that says why and what to do, not an error."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "message": _(
            "Too many failed sign-in attempts. For your safety, signing in to this account from your "
            "connection is paused for %(minutes)s minutes. Try again later, or reset your password."
        )
        % {"minutes": minutes},
    }
    return render(request, "security/locked_out.html", context, status=429)


def over_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one more event for ``key`` in the shared cache; True once more than ``limit`` happened
    within ``window_seconds`` of the first (a fixed window: cheap, and enough to stop guessing)."""
    cache_key = f"throttle:{key}"
    cache.add(cache_key, 0, window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, window_seconds)
        count = 1
    return count > limit
