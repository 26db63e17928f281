"""Writes about accounts that are more than Oscar's own."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def registration_attempt_notify(*, user, language: str) -> None:
    """Someone tried to register with ``user``'s address: tell its owner, with the way back in."""
    with translation.override(language):
        context = {
            "user": user,
            "login_url": settings.WAGTAILADMIN_BASE_URL + reverse("customer:login"),
            "password_reset_url": settings.WAGTAILADMIN_BASE_URL + reverse("password-reset"),
        }
        subject = render_to_string("accounts/emails/registration_attempt_subject.txt", context).strip()
        body = render_to_string("accounts/emails/registration_attempt_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
