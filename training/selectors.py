"""Reads of the training classes, each in a fixed number of queries however many sessions there are."""

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Prefetch, Q
from django.utils import timezone

from .models import Course, Official, Registration, Session


def _with_seats(sessions):
    seated = Count("registrations", filter=Q(registrations__status__in=Registration.SEATED))
    return sessions.annotate(
        seats_taken=seated,
        seats_left=ExpressionWrapper(F("seats") - seated, output_field=IntegerField()),
        waiting_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
    )


def upcoming_sessions(*, now=None):
    """Published courses' sessions not yet started nor cancelled, soonest first, with seats left."""
    now = now or timezone.now()
    sessions = Session.objects.filter(course__is_published=True, is_cancelled=False, starts_at__gt=now)
    return (
        _with_seats(sessions.select_related("course", "commune__parent"))
        .prefetch_related(Prefetch("course__materials", queryset=_live_materials()))
        .order_by("starts_at", "pk")
    )


def _live_materials():
    # The library's pages (marketplace.TrainingResourcePage) reached through the relation: the project
    # layer sits above this app, so it is never imported here.
    return Course._meta.get_field("materials").related_model.objects.live().order_by("title")


def courses_with_sessions():
    """Every course, newest first, with its sessions (and their seats) for the officers' page."""
    sessions = _with_seats(Session.objects.select_related("commune__parent")).order_by("starts_at", "pk")
    return Course.objects.prefetch_related(Prefetch("sessions", queryset=sessions)).order_by("-created_at", "-pk")


def registrations_of_cooperative(cooperative, *, now=None):
    """The cooperative's registrations to sessions not yet over, cancelled ones left out."""
    now = now or timezone.now()
    return (
        Registration.objects.filter(cooperative=cooperative, session__ends_at__gt=now)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("person", "session__course", "session__commune__parent")
        .order_by("session__starts_at", "session_id", "person__first_name", "person__email", "pk")
    )


def registrations_of_session(session):
    """Who is registered or waiting for the session, in the order they registered."""
    return (
        session.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("person", "cooperative")
        .order_by("created_at", "pk")
    )


def attendance_list(session):
    """The people holding a seat in the session (to be marked present or absent), by name."""
    return (
        session.registrations.filter(status__in=Registration.SEATED)
        .select_related("person", "cooperative")
        .order_by("person__first_name", "person__last_name", "person__email", "pk")
    )


def registration_by_code(code):
    """The registration a QR code names, with what the check-in page shows, or None."""
    return (
        Registration.objects.select_related("person", "cooperative", "session__course", "session__commune__parent")
        .filter(code=code)
        .first()
    )


def certificate_by_code(code):
    """The registration behind a certificate: the person attended the session (completed the course)."""
    registration = registration_by_code(code)
    if registration is None or registration.status != Registration.Status.ATTENDED:
        return None
    return registration


def registrations_of_person(user):
    """The person's own registrations, cancelled ones left out, latest session first."""
    return (
        Registration.objects.filter(person=user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("session__course", "session__commune__parent")
        .order_by("-session__starts_at", "-pk")
    )


def officials():
    """The officials officers recorded, by name, with their phone and workplace (its district too)."""
    return Official.objects.select_related("user__phone", "unit__parent").order_by(
        "user__first_name", "user__last_name", "pk"
    )
