"""E-mails and texts about an organisation, in the language its applicant or inviter used."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.sms import SmsDeliveryError, send_sms

from .models import MemberInvitation, Organisation

logger = logging.getLogger(__name__)

_DECISION_TEMPLATES = {
    Organisation.Status.VERIFIED: "organisations/emails/verified",
    Organisation.Status.RETURNED: "organisations/emails/returned",
    Organisation.Status.REJECTED: "organisations/emails/rejected",
}


def application_decided(organisation: Organisation) -> None:
    template = _DECISION_TEMPLATES[organisation.status]
    with translation.override(organisation.language):
        context = {
            "organisation": organisation,
            "decision": organisation.decisions.first(),
            "status_url": settings.WAGTAILADMIN_BASE_URL + reverse("organisations:application"),
            "area_url": settings.WAGTAILADMIN_BASE_URL + reverse("organisations:area", args=[organisation.pk]),
        }
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [organisation.applicant.email])


def member_invited(invitation: MemberInvitation) -> None:
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "accept_url": settings.WAGTAILADMIN_BASE_URL
            + reverse("organisations:invitation", kwargs={"token": invitation.token}),
        }
        body = render_to_string("organisations/emails/invited_body.txt", context)
        if invitation.email:
            subject = render_to_string("organisations/emails/invited_subject.txt", context).strip()
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
            return
    try:
        send_sms(to=invitation.phone, message=body.strip())
    except SmsDeliveryError:
        # Logged by send_sms; the page still lists the invitation, to be withdrawn and sent again.
        logger.warning("Invitation %s not texted", invitation.pk)
