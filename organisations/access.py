"""Who may open an organisation's area: its members; officers read every organisation's; a
cooperative's staff none (they sell to organisations, they do not see inside them)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import roles

from . import selectors
from .models import Membership, Organisation


def organisation_for(request, pk) -> tuple[Organisation, Membership | None]:
    """The organisation and the user's membership of it (None for an officer reading it); 403 for a
    cooperative's staff, 404 for anyone else who is not a member, so B's existence is not told to A."""
    user = request.user
    if roles.is_cooperative_staff(user):
        raise PermissionDenied
    if roles.is_officer(user):
        return get_object_or_404(Organisation, pk=pk), None
    membership = selectors.membership(user, pk)
    if membership is None or not membership.organisation.is_verified:
        raise Http404
    return membership.organisation, membership


def manager_of(request, pk) -> Organisation:
    """The organisation, for a member who approves (they keep its account); 403 for other members."""
    organisation, membership = organisation_for(request, pk)
    if membership is None or not membership.can_approve:
        raise PermissionDenied
    return organisation
