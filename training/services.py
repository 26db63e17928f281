"""Registering for a training session and cancelling, and the reminders the day before.

The seats of a session are counted with the session's row locked (``select_for_update``), so two
registrations at the same moment cannot both take its last seat: the second goes on the waiting
list. A cancellation frees the seat and the first on the waiting list takes it."""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import PhoneNumber
from cooperatives.models import Cooperative
from cooperatives.selectors import cooperatives_of_user

from . import notifications
from .models import Official, Registration, Session

User = get_user_model()


def colleagues_of(user):
    """The staff of the user's cooperatives (the user included): whom they may register."""
    return User.objects.filter(partners__cooperative__in=cooperatives_of_user(user), is_active=True).distinct()


def _cooperative_for(*, person, by) -> Cooperative | None:
    """The cooperative the registration is made for, or PermissionDenied if ``by`` may not register
    ``person``: officers register anyone; a cooperative's staff themselves or their colleagues only."""
    if roles.is_officer(by):
        return cooperatives_of_user(person).order_by("name", "pk").first()
    if not roles.is_cooperative_staff(by):
        raise PermissionDenied
    shared = cooperatives_of_user(by).filter(partner__users=person).order_by("name", "pk").first()
    if shared is None:
        raise PermissionDenied
    return shared


@transaction.atomic
def registration_create(*, session: Session, person, by) -> Registration:
    cooperative = _cooperative_for(person=person, by=by)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("This session has already started."))
    live = session.registrations.exclude(status=Registration.Status.CANCELLED)
    if live.filter(person=person).exists():
        raise ValidationError(_("%(person)s is already registered for this session.") % {"person": _name(person)})
    seated = live.filter(status__in=Registration.SEATED).count()
    status = Registration.Status.REGISTERED if seated < session.seats else Registration.Status.WAITING
    registration = Registration(
        session=session, person=person, registered_by=by, cooperative=cooperative, status=status
    )
    registration.full_clean()
    registration.save()
    return registration


def may_cancel(registration: Registration, user) -> bool:
    if roles.is_officer(user) or registration.person_id == user.pk:
        return True
    return (
        registration.cooperative_id is not None
        and roles.is_cooperative_staff(user)
        and cooperatives_of_user(user).filter(pk=registration.cooperative_id).exists()
    )


@transaction.atomic
def registration_cancel(*, registration: Registration, by) -> Registration | None:
    """Cancels the registration; returns the waiting registration promoted to its seat, if any."""
    if not may_cancel(registration, by):
        raise PermissionDenied
    session = Session.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return None
    if registration.status not in (Registration.Status.REGISTERED, Registration.Status.WAITING):
        raise ValidationError(_("Attendance is already recorded: this registration can no longer be cancelled."))
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    promoted = _promote(session)
    return promoted[0] if promoted else None


@transaction.atomic
def session_save(*, session: Session, by) -> Session:
    """An officer creates or edits a session. With its row locked (a registration cannot slip in
    between the count and the save): the seats may not drop below the people already seated; seats
    added go to the waiting list first; and the edit that cancels the session tells everyone seated
    or waiting, once, after the commit (a second save of a cancelled session is no transition)."""
    if not roles.is_officer(by):
        raise PermissionDenied
    was_cancelled = False
    if session.pk:
        was_cancelled = Session.objects.select_for_update().values_list("is_cancelled", flat=True).get(pk=session.pk)
        seated = session.registrations.filter(status__in=Registration.SEATED).count()
        if session.seats is not None and session.seats < seated:
            message = _("Seats cannot be fewer than the people already holding one (%(count)s).")
            raise ValidationError({"seats": message % {"count": seated}})
    session.full_clean()
    session.save()
    if session.is_cancelled and not was_cancelled:
        told = session.registrations.filter(status__in=(*Registration.SEATED, Registration.Status.WAITING))
        for registration in told.select_related("person__phone", "session__course", "session__commune__parent"):
            transaction.on_commit(lambda registration=registration: notifications.session_cancelled(registration))
    else:
        _promote(session)
    return session


def _promote(session: Session) -> list[Registration]:
    """With the session's row locked: the first on the waiting list take the free seats, and are told."""
    if session.is_cancelled:
        return []
    free = session.seats - session.registrations.filter(status__in=Registration.SEATED).count()
    if free <= 0:
        return []
    waiting = session.registrations.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")
    promoted = list(waiting[:free])
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status"])
        transaction.on_commit(lambda registration=registration: notifications.seat_freed(registration))
    return promoted


def reminders_send(*, now=None) -> int:
    """Reminds everyone registered for a session starting tomorrow (local time), by e-mail and by SMS
    where the account has the address, once each: the ``reminded_at`` stamp is claimed with a
    conditional update before anything goes, so two runs at once, or a retried run, never send twice.
    Returns how many people were reminded by at least one channel."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(tomorrow, datetime.time.min, tzinfo=zone)
    end = start + datetime.timedelta(days=1)
    due = Registration.objects.filter(
        status=Registration.Status.REGISTERED,
        reminded_at__isnull=True,
        session__is_cancelled=False,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).select_related("person__phone", "session__course", "session__commune__parent")
    sent = 0
    for registration in due:
        claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(reminded_at=now)
        if claimed and (registration.person.email or notifications.phone_of(registration.person)):
            notifications.reminder(registration)
            sent += 1
    return sent


def _name(user) -> str:
    return user.get_full_name() or user.email


# Attendance: only the rows holding a seat are marked (registered, or marked before and corrected).
MARKABLE = Registration.SEATED


@transaction.atomic
def attendance_mark(*, registration: Registration, present: bool, by) -> Registration:
    """An officer (the trainer is one here) marks a person present or absent, at the door or afterwards;
    pressing the other button corrects a mistake. Not before the session's day, nor for a cancelled
    session, nor for anyone waiting or cancelled."""
    if not roles.is_officer(by):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
    session = registration.session
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."))
    if registration.status not in MARKABLE:
        raise ValidationError(_("Only people holding a seat can be marked present or absent."))
    if timezone.localdate(session.starts_at) > timezone.localdate():
        raise ValidationError(_("Attendance is taken from the day of the session."))
    registration.status = Registration.Status.ATTENDED if present else Registration.Status.ABSENT
    registration.attended_marked_at = timezone.now()
    registration.marked_by = by
    registration.save(update_fields=["status", "attended_marked_at", "marked_by"])
    return registration


# --- Officials' accounts ----------------------------------------------------------------------------


def _account_of(*, phone: str, email: str):
    """The account this phone number or e-mail address already belongs to, or None; ValidationError
    when they name two different accounts (the officer must say which one is the official's)."""
    by_phone = User.objects.filter(phone__number=phone).order_by("-phone__verified", "pk").first()
    by_email = User.objects.filter(email__iexact=email).order_by("-is_active", "pk").first() if email else None
    if by_phone and by_email and by_phone != by_email:
        raise ValidationError(
            _(
                "This phone number and this e-mail address belong to two different accounts. "
                "Give only the one the official uses."
            )
        )
    return by_phone or by_email


def _username_for(phone: str) -> str:
    """Phone sign-up's username (the number), unless an account already holds it."""
    if not User.objects.filter(username=phone).exists():
        return phone
    return f"{phone}-{secrets.token_hex(4)}"


@transaction.atomic
def official_save(*, full_name: str, phone: str, email: str, level: str, unit, by) -> Official:
    """An officer records an official: the account found by its phone (E.164) or e-mail, or a new one,
    and the official's level and workplace (replaced when they moved). A new account has no password
    and no rights: the official signs in by phone (the code proves the number: accounts.phone_login)
    or by e-mail reset, and sees only the training pages. Officers' and cooperatives' accounts are
    refused: an official counts apart from them in the figures."""
    if not roles.is_officer(by):
        raise PermissionDenied
    user = _account_of(phone=phone, email=email)
    if user is None:
        # The whole name in first_name: Vietnamese names (family name first) do not split into
        # Django's first and last names; get_full_name() gives it back as typed.
        user = User.objects.create_user(username=_username_for(phone), email=email, first_name=full_name)
        PhoneNumber.objects.create(user=user, number=phone)  # typed by the officer: not verified
    elif not user.is_active or user.is_staff or user.is_superuser or roles.uses_dashboard(user):
        raise ValidationError(
            _(
                "This account belongs to an officer or a cooperative's staff, or is switched off: it cannot "
                "be recorded as an official."
            )
        )
    else:
        if not PhoneNumber.objects.filter(user=user).exists():
            PhoneNumber.objects.create(user=user, number=phone)
        # Fill what the account lacks; never overwrite what its owner gave.
        if not user.get_full_name():
            user.first_name = full_name
        if not user.email:
            user.email = email
        user.save(update_fields=["first_name", "email"])
    official = Official.objects.filter(user=user).first() or Official(user=user, created_by=by)
    official.level, official.unit = level, unit
    official.full_clean()
    official.save()
    return official


@transaction.atomic
def official_save_and_register(
    *, full_name: str, phone: str, email: str, level: str, unit, session: Session | None, by
) -> tuple[Official, Registration | None]:
    """Both in one transaction: a registration refused (a cancelled or started session, someone
    already registered) leaves no account behind."""
    official = official_save(full_name=full_name, phone=phone, email=email, level=level, unit=unit, by=by)
    if session is None:
        return official, None
    return official, registration_create(session=session, person=official.user, by=by)
