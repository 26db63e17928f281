"""The Content-Security-Policy header (django-csp), with the origins only known at run time.

The policy itself is CONTENT_SECURITY_POLICY in the settings. Added per request:
- form-action: the card payment page a placed order is redirected to (browsers apply form-action
  to the redirect that follows a form's submission);
- the origin of MEDIA_URL and STATIC_URL when they live on another host (S3, a CDN).
PDF responses get no policy: Chromium's PDF viewer would be blocked by it.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings

STRIPE_API_HOST = "api.stripe.com"
STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def card_payment_origins() -> list[str]:
    """Where a buyer is sent to pay by card, if card payment is offered."""
    if not settings.STRIPE_SECRET_KEY:
        return []
    if urlsplit(settings.STRIPE_API_BASE).hostname == STRIPE_API_HOST:
        return [STRIPE_CHECKOUT_ORIGIN]
    # A Stripe stand-in (tests) serves its payment page from its own address.
    origin = _origin(settings.STRIPE_API_BASE)
    return [origin] if origin else []


def run_time_additions() -> dict[str, list[str]]:
    additions: dict[str, list[str]] = {}
    if payment := card_payment_origins():
        additions["form-action"] = payment
    for url, directives in (
        (settings.MEDIA_URL, ("img-src", "media-src")),
        (settings.STATIC_URL, ("img-src", "script-src", "style-src", "font-src")),
    ):
        if origin := _origin(url or ""):
            for directive in directives:
                additions.setdefault(directive, []).append(origin)
    return additions


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            response._csp_exempt = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        additions = run_time_additions()
        if additions and not report_only:
            update = dict(parts.update or {})
            for directive, origins in additions.items():
                update[directive] = [*update.get(directive, []), *origins]
            parts.update = update
        return parts
