"""Anonymous page cache: the shop's hot pages, rendered once per catalogue version.

Most visitors browse without signing in and without a basket. For them the catalogue, category,
product, search and place pages are the same HTML but for the CSRF token, so the first visitor's
page is kept in the cache (``ANONYMOUS_PAGE_CACHE_SECONDS``, 0 turns it off) under a version
(catalog/cache_version.py: a product page under its product's, the other pages under the
listings'), the language, the host and the full path with its query; each change declared in
caching/registry.py bumps the versions concerned, so a price change shows at once, and a sale of
one product leaves the other products' pages cached. A sale leaves the listings' version alone: a
listing page keeps the versions of the products whose cards it shows, and is rendered again when
one of them changed (one cache read for all of them on a hit).

Who never gets a cached page: a visitor with a session cookie (signed in, or with messages or
anything else kept in the session), a basket cookie, a messages cookie, or, on a product page,
a recently-viewed cookie (the page lists those products). Their requests go through as always.

In MIDDLEWARE it sits after SessionMiddleware, LocaleMiddleware (the language of the URL is
active, and Locale's redirects and headers apply to cached pages too), CsrfViewMiddleware (on a
hit the token is asked for, so Csrf's response step sets the visitor's CSRF cookie),
AuthenticationMiddleware and MessageMiddleware; and before Oscar's BasketMiddleware, which a
visitor without a basket cookie does not need on a hit.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils.translation import get_language

from catalog.cache_version import listing_version, product_version, products_shown_collected, products_versions
from catalog.views import ProductDetailView

CACHEABLE_VIEWS = frozenset(
    {
        "catalogue:index",
        "catalogue:category",
        "catalogue:detail",
        "search-vi",
        "places:index",
        "places:district",
        "places:commune",
        "places:unit-2025",
    }
)
# Product pages: Oscar counts the view and remembers it in the visitor's recently-viewed cookie.
PRODUCT_VIEW = "catalogue:detail"
DEFAULT_SECONDS = 300
CSRF_PLACEHOLDER = "__PAGE_CACHE_CSRF_TOKEN__"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_CSRF_TOKEN_LIKE = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}(?![A-Za-z0-9])")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")


def cache_seconds() -> int:
    return getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


def _personal_cookies(view_name: str) -> tuple[str, ...]:
    cookies = (settings.SESSION_COOKIE_NAME, settings.OSCAR_BASKET_COOKIE_OPEN, "messages")
    if view_name == PRODUCT_VIEW:
        cookies += (settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,)
    return cookies


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with products_shown_collected() as shown:
            response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self._storable(request, response):
            entry = self._entry(request, response)
            if entry is not None:
                entry["shown"] = shown
                cache.set(key, entry, cache_seconds())
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Serve the page from the cache, or mark the request so that its page is stored."""
        seconds = cache_seconds()
        match = request.resolver_match
        if not seconds or request.method not in ("GET", "HEAD") or match.view_name not in CACHEABLE_VIEWS:
            return None
        if any(name in request.COOKIES for name in _personal_cookies(match.view_name)):
            return None
        key = self._key(request)
        entry = cache.get(key)
        if entry is None or _shows_changed_products(entry):
            request._page_cache_key = key
            return None
        return self._response(request, entry, match)

    @staticmethod
    def _key(request) -> str:
        match = request.resolver_match
        version = product_version(match.kwargs["pk"]) if match.view_name == PRODUCT_VIEW else listing_version()
        where = f"{get_language()}|{request.scheme}|{request.get_host()}|{request.get_full_path()}"
        return f"page:{version}:{hashlib.sha256(where.encode()).hexdigest()}"

    @staticmethod
    def _storable(request, response) -> bool:
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        # The product page's recently-viewed cookie is set again on every hit (viewed_from_cache).
        cookies = set(response.cookies) - {settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME}
        return (
            response.status_code == 200
            and not response.streaming
            and not cookies  # a basket, a language or anything else set for this visitor
            and not (session is not None and session.modified)
            and not (messages is not None and getattr(messages, "_queued_messages", None))
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _entry(request, response) -> dict | None:
        html = _CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset))
        if _leaks_csrf_secret(request, html):
            return None
        return {
            "content": html,
            "charset": response.charset,
            "headers": {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)},
        }

    @staticmethod
    def _response(request, entry, match):
        content = entry["content"]
        if CSRF_PLACEHOLDER in content:
            # This visitor's own token; asking for it makes CsrfViewMiddleware set the cookie.
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content, charset=entry["charset"])
        for name, value in entry["headers"].items():
            response[name] = value
        if match.view_name == PRODUCT_VIEW:
            ProductDetailView.viewed_from_cache(request, response, match.kwargs["pk"])
        return response


def _shows_changed_products(entry) -> bool:
    """Whether a product the page shows (a card) changed since it was rendered: a sale leaves the
    listings' version alone (catalog/cache_version.py) and makes stale only the pages showing it."""
    shown = entry.get("shown")
    return bool(shown) and products_versions(shown) != shown


def _leaks_csrf_secret(request, html: str) -> bool:
    """Whether a token of this visitor's CSRF secret is left in ``html`` outside the form inputs
    (a template printing ``{{ csrf_token }}`` elsewhere): everyone served the page could forge
    this visitor's requests, so such a page is not cached."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return False
    return any(_unmask_cipher_token(token) == secret for token in _CSRF_TOKEN_LIKE.findall(html))
