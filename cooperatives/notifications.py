"""E-mails about an application, in the language the applicant used."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Application


def application_decided(application: Application) -> None:
    template = {
        Application.Status.APPROVED: "cooperatives/emails/application_approved",
        Application.Status.RETURNED: "cooperatives/emails/application_returned",
        Application.Status.REJECTED: "cooperatives/emails/application_rejected",
    }[application.status]
    with translation.override(application.language):
        context = {
            "application": application,
            "decision": application.decisions.first(),
            "application_url": settings.WAGTAILADMIN_BASE_URL + reverse("cooperatives:application"),
            "workspace_url": settings.WAGTAILADMIN_BASE_URL + reverse("workspace:today"),
            "storefront_edit_url": _storefront_edit_url(application),
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.applicant.email])


def staff_invited(invitation) -> None:
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "accept_url": settings.WAGTAILADMIN_BASE_URL
            + reverse("cooperatives:invitation", kwargs={"token": invitation.token}),
        }
        subject = render_to_string("cooperatives/emails/staff_invited_subject.txt", context).strip()
        body = render_to_string("cooperatives/emails/staff_invited_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def _storefront_edit_url(application: Application) -> str | None:
    storefront = getattr(application.cooperative, "storefront", None) if application.cooperative else None
    if storefront is None:
        return None
    return settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[storefront.pk])
