"""Login throttling with django-axes: after AXES_FAILURE_LIMIT failed sign-ins for one e-mail from
one address, that pair is locked out for AXES_COOLOFF_TIME (settings, "Security").

The e-mail counts as typed only after trimming and lower-casing (``normalised_username``): sign-in
ignores case, so "EVIL3@example.com" is the same account as "evil3@example.com" and shares its lock.
The client's address and the per-client counts live in common/throttle.py, so apps below this one
(accounts) use them without importing it."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
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
