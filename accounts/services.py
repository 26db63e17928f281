"""Writes about accounts that are more than Oscar's own."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import PendingActivation


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


@transaction.atomic
def account_register(*, form, language: str):
    """A new address: its account is created inactive, and the address is mailed the link that
    activates it (``account_activate``)."""
    user = form.save()
    PendingActivation.objects.create(user=user)
    activation_link_send(user=user, language=language)
    return user


def activation_link_send(*, user, language: str) -> None:
    """Mail ``user`` the one-time link that activates the account, as Django's password reset does:
    the token is spoilt once the account signs in (its ``last_login`` changes)."""
    with translation.override(language):
        path = reverse(
            "account-activate",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {"user": user, "activation_url": settings.WAGTAILADMIN_BASE_URL + path}
        subject = render_to_string("accounts/emails/activation_subject.txt", context).strip()
        body = render_to_string("accounts/emails/activation_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def account_activate(*, user) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    PendingActivation.objects.filter(user=user).delete()
