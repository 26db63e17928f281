"""The client's address and fixed-window counts in the shared cache: one rule for every per-client limit
(sign-in, phone codes, guest order look-ups, residents' feedback)."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies (a load balancer),
    the address the outermost trusted proxy saw in X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


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
