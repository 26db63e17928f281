"""Stripe's webhook: signed events, each processed once, never moving a payment backwards."""

import json

import stripe
from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import card_events

SIGNATURE_REFUSED = gettext_lazy("The Stripe signature is missing or wrong. Nothing was changed.")


@csrf_exempt
@require_POST
def stripe_webhook(request):
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return JsonResponse({"error": _("Stripe webhooks are not configured.")}, status=404)
    payload = request.body.decode("utf-8", errors="replace")
    try:
        stripe.Webhook.construct_event(payload, request.headers.get("Stripe-Signature", ""), secret)
    except stripe.SignatureVerificationError:
        return JsonResponse({"error": str(SIGNATURE_REFUSED)}, status=400)
    except ValueError:
        return JsonResponse({"error": _("The event is not valid JSON. Nothing was changed.")}, status=400)
    outcome = card_events.stripe_event_handle(json.loads(payload))
    return JsonResponse({"status": outcome})
