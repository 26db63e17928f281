"""E-mails and SMS to the people registered for a session, in the site's language (Vietnamese).

An SMS goes to the account's mobile number (accounts.PhoneNumber) whether or not its owner verified it:
an official's number is typed by the officer who made the account, for exactly these messages. A
gateway that refuses is logged (by send_sms) and skipped: the e-mail still goes, and a reminder is
never sent twice to make up for it."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import PhoneNumber
from accounts.sms import SmsDeliveryError, send_sms

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


def phone_of(person) -> str:
    """The person's mobile number (E.164), or "" when the account has none."""
    try:
        return person.phone.number
    except PhoneNumber.DoesNotExist:
        return ""


def _text(registration: Registration, message: str) -> None:
    number = phone_of(registration.person)
    if not number:
        return
    try:
        send_sms(to=number, message=message)
    except SmsDeliveryError:
        pass  # logged by send_sms; the e-mail (if any) still went


def _sms_context(registration: Registration) -> dict:
    session = registration.session
    return {
        "title": session.course.title,
        "starts": f"{timezone.localtime(session.starts_at):%d/%m/%Y %H:%M}",
        "place": session.online_link or session.venue,
    }


def seat_freed(registration: Registration) -> None:
    """The first on the waiting list got a seat."""
    _send(registration, "training/emails/seat_freed")


def reminder(registration: Registration) -> None:
    """The session is tomorrow: an e-mail and an SMS, each where the person has the address."""
    _send(registration, "training/emails/reminder")
    with translation.override(settings.LANGUAGE_CODE):
        message = _('Chợ HTX: reminder, the class "%(title)s" is tomorrow, %(starts)s, at %(place)s.')
        _text(registration, message % _sms_context(registration))


def session_cancelled(registration: Registration) -> None:
    """The session the person held a seat in (or waited for) is cancelled."""
    _send(registration, "training/emails/session_cancelled")
    with translation.override(settings.LANGUAGE_CODE):
        message = _('Chợ HTX: the class "%(title)s" of %(starts)s is cancelled. We are sorry.')
        _text(registration, message % _sms_context(registration))
