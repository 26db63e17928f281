"""Sending text messages, through the backend that SMS_BACKEND names (as EMAIL_BACKEND does for
e-mail):

- ``accounts.sms.ConsoleBackend`` prints each message (``make run``);
- ``accounts.sms.LocmemBackend`` keeps them in ``accounts.sms.outbox`` (tests read codes there);
- ``accounts.sms.HttpGatewayBackend`` POSTs JSON ``{"to": "+84…", "message": "…"}`` to
  SMS_GATEWAY_URL with ``Authorization: Bearer SMS_GATEWAY_TOKEN``; any answer but 2xx, or none
  within SMS_GATEWAY_TIMEOUT_SECONDS, raises ``SmsDeliveryError``.
"""

import json
import logging
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sms:
    to: str
    message: str


outbox: list[Sms] = []


class SmsDeliveryError(Exception):
    """The message could not be handed to the gateway."""


class ConsoleBackend:
    def send(self, sms: Sms) -> None:
        sys.stdout.write(f"SMS to {sms.to}: {sms.message}\n")
        sys.stdout.flush()


class LocmemBackend:
    def send(self, sms: Sms) -> None:
        outbox.append(sms)


class HttpGatewayBackend:
    def send(self, sms: Sms) -> None:
        if not settings.SMS_GATEWAY_URL:
            raise SmsDeliveryError("SMS_GATEWAY_URL is not set")
        request = urllib.request.Request(
            settings.SMS_GATEWAY_URL,
            data=json.dumps({"to": sms.to, "message": sms.message}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT_SECONDS) as response:
                response.read()
        except urllib.error.HTTPError as error:
            raise SmsDeliveryError(f"SMS gateway answered HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsDeliveryError(f"SMS gateway unreachable: {error}") from error


def send_sms(*, to: str, message: str) -> None:
    """Send one message; raises SmsDeliveryError (logged) when the gateway refuses or is away."""
    try:
        import_string(settings.SMS_BACKEND)().send(Sms(to=to, message=message))
    except SmsDeliveryError:
        logger.exception("SMS to %s not sent", to[:-3] + "***")
        raise


@checks.register(deploy=True)
def gateway_configured(app_configs, **kwargs):
    """``manage.py check --deploy``: the gateway backend without an address sends nothing, and every
    phone sign-in would fail ("could not send the SMS")."""
    if settings.SMS_BACKEND.endswith("HttpGatewayBackend") and not settings.SMS_GATEWAY_URL:
        return [checks.Warning("SMS_GATEWAY_URL is not set: phone sign-in cannot send codes.", id="accounts.W001")]
    return []
