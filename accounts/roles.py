"""Who is who: the one place that says whether a user is an officer of the department, a
cooperative's staff or manager, or a buyer. Every view, template (``{% load roles %}``), form and
API asks here; nothing else reads ``is_staff`` or the officers' permission to decide a role.

- An **officer** (cán bộ Sở) is an active staff user with ``cooperatives.review_application``
  (the "Department officers" group gives it), or a superuser. What an officer may *change* in
  Oscar's dashboard is still Oscar's model permissions (a view-only officer reads, never writes).
- A cooperative's **staff** are Oscar partner users with ``partner.dashboard_access``, never
  ``is_staff`` (Oscar would show them every partner's data); a **manager** is staff the
  cooperative lists in ``managers``.
- A **buyer** is anyone else who is signed in.

Permissions come from Django's per-user cache, so asking costs no query once a page has asked.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied

OFFICER_PERMISSION = "cooperatives.review_application"
COOPERATIVE_STAFF_PERMISSION = "partner.dashboard_access"


def is_officer(user) -> bool:
    if user is None or not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (user.is_staff and user.has_perm(OFFICER_PERMISSION))


def is_cooperative_staff(user) -> bool:
    """Works for a cooperative (managers included), from the permission the staff list gives."""
    if user is None or not (user.is_authenticated and user.is_active) or user.is_staff:
        return False
    return user.has_perm(COOPERATIVE_STAFF_PERMISSION)


def is_cooperative_manager(user, cooperative) -> bool:
    if user is None or not (user.is_authenticated and user.is_active) or user.is_staff:
        return False
    return cooperative.managers.filter(pk=user.pk).exists()


def is_buyer(user) -> bool:
    return bool(user and user.is_authenticated and not is_officer(user) and not is_cooperative_staff(user))


def uses_dashboard(user) -> bool:
    """Officers and cooperatives' staff work in Oscar's dashboard."""
    return is_officer(user) or is_cooperative_staff(user)


def may_become_cooperative_staff(user) -> bool:
    """Oscar limits partner users to their partner only while they are not staff."""
    return not user.is_staff


def officer_required(view):
    """Anonymous visitors go to the sign-in page; anyone signed in but not an officer gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class OfficerRequiredMixin(UserPassesTestMixin):
    """The class-based form of ``officer_required``."""

    def test_func(self):
        return is_officer(self.request.user)


def may_sign_in_by_phone(user) -> bool:
    """Buyers only: officers' and staff accounts keep the password (and two-step code) that guards
    the dashboard; a code by SMS must never stand in for both."""
    return user.is_active and not (user.is_staff or user.is_superuser or uses_dashboard(user))
