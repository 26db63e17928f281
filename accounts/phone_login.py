"""Signing in with a phone number and a one-time code sent by SMS, and adding a phone to an account.

- A code is 6 digits, valid PHONE_CODE_VALID_SECONDS (5 minutes), kept only as an HMAC keyed with
  SECRET_KEY; a new code replaces the number's previous one; PHONE_CODE_MAX_ATTEMPTS wrong tries
  spoil it.
- Asking for codes is throttled in the shared cache, per number and per client address.
- Every request for a code gets the same answer whether or not the number has an account; an
  unknown number gets a new buyer account (no e-mail) once its code is given.
- Only buyers sign in this way (``roles.may_sign_in_by_phone``): an officer's or cooperative
  staff's number is told by SMS to use e-mail and password (and the two-step code).
"""

import secrets
from datetime import timedelta

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import OneTimeCode, PhoneNumber
from accounts.sms import SmsDeliveryError, send_sms
from common.throttle import over_limit

User = get_user_model()
Purpose = OneTimeCode.Purpose

WRONG_CODE = _("This code is wrong or has expired. Check the SMS, or ask for a new code.")
TOO_MANY_ATTEMPTS = _("Too many wrong codes. Ask for a new code.")


def phone_normalise(text: str) -> str:
    """A Vietnamese mobile number in E.164 form (+84912345678), from the ways people type it
    ("0912 345 678", "+84 912.345.678", "84912345678"); ValidationError otherwise."""
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    if digits.startswith("84") and len(digits) == 11:
        digits = "+" + digits
    try:
        parsed = phonenumbers.parse(digits, "VN")
    except phonenumbers.NumberParseException:
        parsed = None
    mobile = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if (
        parsed is None
        or phonenumbers.region_code_for_number(parsed) != "VN"
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) not in mobile
    ):
        raise ValidationError(_("Enter a Vietnamese mobile number, for example 0912 345 678."), code="invalid_phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _code_hash(number: str, purpose: str, code: str) -> str:
    return salted_hmac("accounts.phone_login.code", f"{number}|{purpose}|{code}", algorithm="sha256").hexdigest()


def _verified_owner(number: str):
    phone = PhoneNumber.objects.filter(number=number, verified=True).select_related("user").first()
    return phone.user if phone else None


def _unclaimed_owner(number: str):
    """The one account made for someone with this number and never used (an officer registered an
    official for a class: the number typed, not verified, no password, never signed in): proving the
    number makes it theirs. An account with a password or a past sign-in keeps its own way in."""
    candidates = list(
        PhoneNumber.objects.filter(
            number=number,
            verified=False,
            user__is_active=True,
            user__last_login__isnull=True,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        ).select_related("user")[:2]
    )
    if len(candidates) != 1 or not roles.may_sign_in_by_phone(candidates[0].user):
        return None
    return candidates[0]


def _throttle(*, number: str, client_address: str) -> None:
    window = settings.PHONE_CODE_THROTTLE_WINDOW_SECONDS
    minutes = window // 60
    if over_limit(
        f"phone-code-address:{client_address}", limit=settings.PHONE_CODES_PER_ADDRESS, window_seconds=window
    ):
        raise ValidationError(
            _("Too many codes were asked for from your connection. Try again in %(minutes)s minutes."),
            code="throttled",
            params={"minutes": minutes},
        )
    day = 24 * 60 * 60
    if over_limit(f"phone-code-number-day:{number}", limit=settings.PHONE_CODES_PER_NUMBER_PER_DAY, window_seconds=day):
        raise ValidationError(_("Too many codes were sent to this number today. Try again tomorrow."), code="throttled")
    if over_limit(f"phone-code-number:{number}", limit=settings.PHONE_CODES_PER_NUMBER, window_seconds=window):
        raise ValidationError(
            _("Too many codes were sent to this number. Try again in %(minutes)s minutes."),
            code="throttled",
            params={"minutes": minutes},
        )


def phone_code_send(*, number: str, purpose: str, client_address: str, language: str, user=None) -> None:
    """Text a new code to ``number`` (E.164) for ``purpose``. Raises ValidationError when throttled
    or when the SMS cannot be sent; never says whether the number has an account."""
    _throttle(number=number, client_address=client_address)
    if purpose == Purpose.SIGN_IN:
        owner = _verified_owner(number)
        if owner is not None and not owner.is_active:
            return  # an account switched off gets nothing
        if owner is not None and not roles.may_sign_in_by_phone(owner):
            with translation.override(language):
                message = gettext("Chợ HTX: staff accounts sign in with e-mail and password, not with a code.")
            _send(number, message)
            return
    code = f"{secrets.randbelow(10**6):06d}"
    with translation.override(language):
        message = gettext("Chợ HTX: your code is %(code)s. It is valid for 5 minutes. Never share it.") % {"code": code}
    _send(number, message)  # before the code is stored: a code that never left is never valid
    with transaction.atomic():
        OneTimeCode.objects.filter(number=number, purpose=purpose).delete()
        OneTimeCode.objects.create(
            number=number,
            purpose=purpose,
            user=user,
            code_hash=_code_hash(number, purpose, code),
            expires=timezone.now() + timedelta(seconds=settings.PHONE_CODE_VALID_SECONDS),
        )


def _send(number: str, message: str) -> None:
    try:
        send_sms(to=number, message=message)
    except SmsDeliveryError:
        raise ValidationError(
            _("We could not send the SMS just now. Please try again in a few minutes."), code="sms_failed"
        ) from None


def _code_use(*, number: str, purpose: str, code: str, user=None) -> ValidationError | None:
    """Spend the number's current code if ``code`` is it; otherwise count the failure and return the
    error to show. Called in the caller's transaction, with the code's row locked (two tries at once
    cannot both pass); the error is returned, not raised, so that the count is committed."""
    pending = (
        OneTimeCode.objects.select_for_update()
        .filter(number=number, purpose=purpose, user=user, expires__gt=timezone.now())
        .first()
    )
    if pending is None:
        return ValidationError(WRONG_CODE, code="wrong_code")
    if pending.failed_attempts >= settings.PHONE_CODE_MAX_ATTEMPTS:
        return ValidationError(TOO_MANY_ATTEMPTS, code="too_many_attempts")
    if not constant_time_compare(pending.code_hash, _code_hash(number, purpose, code.strip())):
        OneTimeCode.objects.filter(pk=pending.pk).update(failed_attempts=F("failed_attempts") + 1)
        if pending.failed_attempts + 1 >= settings.PHONE_CODE_MAX_ATTEMPTS:
            return ValidationError(TOO_MANY_ATTEMPTS, code="too_many_attempts")
        return ValidationError(WRONG_CODE, code="wrong_code")
    pending.delete()
    return None


def _free_username(number: str) -> str:
    """The number itself, unless an account that signed up with it has since changed its phone."""
    if not User.objects.filter(username=number).exists():
        return number
    return f"{number}-{secrets.token_hex(4)}"


def phone_sign_in(*, number: str, code: str):
    """The account that ``code`` signs in: the number's owner, or a new buyer account for a number
    never seen. ValidationError for a wrong, spent or expired code."""
    with transaction.atomic():
        error = _code_use(number=number, purpose=Purpose.SIGN_IN, code=code)
        if error is None:
            owner = _verified_owner(number)
            unclaimed = _unclaimed_owner(number) if owner is None else None
            if unclaimed is not None:
                unclaimed.verified = True
                unclaimed.save(update_fields=["verified"])
                owner = unclaimed.user
            if owner is None:
                owner = User.objects.create_user(username=_free_username(number), email="")
                PhoneNumber.objects.create(user=owner, number=number, verified=True)
            elif not roles.may_sign_in_by_phone(owner):
                error = ValidationError(WRONG_CODE, code="wrong_code")
    if error is not None:
        raise error
    return owner


def phone_add(*, user, number: str, code: str) -> PhoneNumber:
    """Give ``user`` the verified ``number`` once its code is given (replacing any other number)."""
    with transaction.atomic():
        error = _code_use(number=number, purpose=Purpose.ADD_PHONE, code=code, user=user)
        owner = _verified_owner(number) if error is None else None
        if error is None and owner is not None and owner != user:
            error = ValidationError(
                _("This number already belongs to another account. Sign in with it, or use another number."),
                code="phone_taken",
            )
        if error is None:
            phone, _created = PhoneNumber.objects.update_or_create(
                user=user, defaults={"number": number, "verified": True}
            )
    if error is not None:
        raise error
    return phone
