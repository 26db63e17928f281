"""E-mails to the people registered for a session, in the site's language (Vietnamese)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Registration


def _send(registration: Registration, template: str) -> None:
    if not registration.person.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "session": registration.session,
            "course": registration.session.course,
            "sessions_url": settings.WAGTAILADMIN_BASE_URL + reverse("training:sessions"),
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.person.email])


def seat_freed(registration: Registration) -> None:
    """The first on the waiting list got a seat."""
    _send(registration, "training/emails/seat_freed")


def reminder(registration: Registration) -> None:
    """The session is tomorrow."""
    _send(registration, "training/emails/reminder")
