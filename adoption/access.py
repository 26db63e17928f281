"""Who may see the department's figures."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def is_department_officer(user) -> bool:
    """Officers of the department (staff with the dashboard permission, as the officers' group gives) and superusers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (user.is_staff and user.has_perm("adoption.view_adoption_dashboard"))


def officers_only(view):
    """Anonymous visitors go to the login page; anyone signed in but not an officer gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_department_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
