"""Who may use the workspace, and for which cooperative.

Every workspace view is wrapped in ``workspace_view``: anonymous visitors go to sign in, anyone who
is not a cooperative's staff gets 403, and the view reads ``request.cooperative`` (the user's own,
never one named in the URL), so cooperative A's staff cannot reach B's data by changing an id.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts import roles
from cooperatives.selectors import cooperatives_of_user


def cooperative_of_staff(user):
    """The cooperative the user works for (the first by name if several), or None."""
    if not roles.is_cooperative_staff(user):
        return None
    return cooperatives_of_user(user).select_related("partner").order_by("name").first()


def workspace_view(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        cooperative = cooperative_of_staff(request.user)
        if cooperative is None:
            raise PermissionDenied
        request.cooperative = cooperative
        return view(request, *args, **kwargs)

    return wrapped
