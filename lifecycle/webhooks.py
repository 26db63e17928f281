"""Stripe's webhook: signed events, each processed once, never moving a payment backwards."""

import json

import stripe
from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import card

SIGNATURE_REFUSED = gettext_lazy("The Stripe signature is missing or wrong. Nothing was changed.")


@csrf_exempt
@require_POST
def stripe_webhook(request):
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return JsonResponse({"error": _("Stripe webhooks are not configured.")}, status=404)
    payload = request.body.decode("utf-8", errors="replace")
    try:
        # The signature only: what the body says is checked by lifecycle.card, shape included.
        stripe.WebhookSignature.verify_header(payload, request.headers.get("Stripe-Signature", ""), secret)
    except stripe.SignatureVerificationError:
        return JsonResponse({"error": str(SIGNATURE_REFUSED)}, status=400)
    try:
        event = json.loads(payload)
    except ValueError:
        return JsonResponse({"error": _("The event is not valid JSON. Nothing was changed.")}, status=400)
    outcome = card.stripe_event_handle(event)
    if outcome == card.MALFORMED:
        # Signed, so kept for inspection; 400 and not 500, which Stripe would retry for days.
        return JsonResponse({"error": _("The event could not be read; it was kept for inspection.")}, status=400)
    return JsonResponse({"status": outcome})
