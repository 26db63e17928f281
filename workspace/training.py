"""The workspace's training page: the Department's upcoming classes for cooperative staff, a form on
each to register oneself or a colleague, and the cooperative's own registrations with a cancel button.
Who may register whom is decided by training.services, never here."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training import selectors, services
from training.models import Course

from .access import workspace_view

User = get_user_model()


def _sessions():
    sessions = selectors.upcoming_sessions().filter(course__audience=Course.Audience.COOPERATIVE_STAFF)
    return sessions.prefetch_related(None)  # the materials are on the public list


@workspace_view
def index(request):
    context = {
        "sessions": list(_sessions()[:100]),
        "colleagues": list(services.colleagues_of(request.user).order_by("first_name", "last_name", "email")),
        "registrations": selectors.registrations_of_cooperative(request.cooperative),
        "active": "more",
    }
    return render(request, "workspace/training/index.html", context)


@require_POST
@workspace_view
def register(request, session_pk):
    session = get_object_or_404(_sessions(), pk=session_pk)
    person_pk = request.POST.get("person", "")
    person = get_object_or_404(User, pk=person_pk) if person_pk.isdigit() else request.user
    try:
        registration = services.registration_create(session=session, person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = person.get_full_name() or person.email
        if registration.status == registration.Status.WAITING:
            messages.warning(request, _("The class is full: %(name)s is on the waiting list.") % {"name": name})
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": name})
    return redirect("workspace:training")


@require_POST
@workspace_view
def cancel(request, pk):
    registration = get_object_or_404(selectors.registrations_of_cooperative(request.cooperative), pk=pk)
    try:
        services.registration_cancel(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("workspace:training")


urlpatterns = [
    path("training/", index, name="training"),
    path("training/sessions/<int:session_pk>/register/", register, name="training-register"),
    path("training/registrations/<int:pk>/cancel/", cancel, name="training-cancel"),
]
