"""Optional two-step sign-in (TOTP, django-otp) for officers and cooperative staff.

A user with a confirmed authenticator signs in with their password and then a code. Until the
code is given, TwoStepRequiredMiddleware sends every page to the verify page. Whether the session
needs a code is decided once, at sign-in, and kept in the session: pages cost no extra query.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles

SESSION_KEY = "two_step_required"
DEVICE_NAME = "authenticator"


def may_use_two_step(user) -> bool:
    """Officers and cooperatives' staff, managers included."""
    return roles.uses_dashboard(user)


def has_two_step(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed or abandoned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_for_display(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    # segno writes the SVG from the otpauth:// address; nothing typed by a user is in it.
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


@transaction.atomic
def two_step_enable(*, request, device: TOTPDevice, code: str) -> bool:
    """Confirm the authenticator with a code from it; this session counts as verified."""
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    request.session[SESSION_KEY] = True
    return True


@transaction.atomic
def two_step_disable(*, request, code: str) -> bool:
    """Remove the authenticators, given a current code from one of them."""
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    if not any(device.verify_token(code) for device in devices):
        return False
    TOTPDevice.objects.filter(user=request.user).delete()
    request.session[SESSION_KEY] = False
    return True


def two_step_verify(*, request, code: str) -> bool:
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(code):
            otp_login(request, device)
            return True
    return False


@receiver(user_logged_in, dispatch_uid="security.two_step.remember_if_required")
def _remember_if_required(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = has_two_step(user)


class TwoStepRequiredMiddleware:
    """After django_otp's OTPMiddleware: a session that signed in with a password but still owes
    its code reaches only the verify page, sign-out and files."""

    OPEN_PREFIXES = ("/i18n/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._owes_code(request) and not self._is_open(request.path):
            verify_url = reverse("security:two-factor-verify")
            if request.method == "GET":
                verify_url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(verify_url)
        return self.get_response(request)

    @staticmethod
    def _owes_code(request) -> bool:
        session = getattr(request, "session", None)
        if not session or not session.get(SESSION_KEY):
            return False
        return request.user.is_authenticated and not request.user.is_verified()

    def _is_open(self, path: str) -> bool:
        open_paths = (reverse("security:two-factor-verify"), reverse("customer:logout"))
        file_prefixes = tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix)
        return path in open_paths or path.startswith(self.OPEN_PREFIXES + file_prefixes)
