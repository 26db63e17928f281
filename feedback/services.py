"""Residents' feedback: who may send it, and how often.

Everything is checked here, on the server: the form offers no protection of its own.
"""

import datetime
import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from feedback.models import ResidentFeedback
from feedback.selectors import offered_communes
from regions.models import AdministrativeUnit

FORM_TOKEN_SALT = "feedback.form-rendered-at"
FASTEST_HUMAN = datetime.timedelta(seconds=3)
FORM_TOKEN_MAX_AGE = datetime.timedelta(days=1)
REPEAT_PERIOD = datetime.timedelta(days=30)
DAILY_LIMIT = 5


def voter_key_for(ip: str) -> str:
    """HMAC-SHA256 of the address keyed with SECRET_KEY: the raw address is never stored."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        normalized = ip
    else:
        # An IPv6 subscriber gets a whole /64 and can pick any address in it.
        normalized = str(ipaddress.ip_network(f"{address}/64", strict=False)) if address.version == 6 else str(address)
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def form_token_make(*, rendered_at: datetime.datetime | None = None) -> str:
    """The signed moment the form was shown; the form carries it back in a hidden field."""
    rendered_at = rendered_at or timezone.now()
    return signing.dumps(rendered_at.timestamp(), salt=FORM_TOKEN_SALT)


def form_token_check(token: str, now: datetime.datetime) -> None:
    try:
        rendered_at = datetime.datetime.fromtimestamp(
            float(signing.loads(token, salt=FORM_TOKEN_SALT)), tz=datetime.UTC
        )
    except (signing.BadSignature, TypeError, ValueError):
        raise ValidationError(
            _("This form could not be checked. Please reload the page and send your opinion again."), code="tampered"
        ) from None
    if now - rendered_at < FASTEST_HUMAN:
        raise ValidationError(
            _("That was too fast for a person. Please wait a few seconds, then send your opinion again."),
            code="too_fast",
        )
    if now - rendered_at > FORM_TOKEN_MAX_AGE:
        raise ValidationError(
            _("This form was opened more than a day ago. Please reload the page and send your opinion again."),
            code="expired",
        )


def _check_not_repeated(voter_key: str, commune: AdministrativeUnit, now: datetime.datetime) -> None:
    earlier = (
        ResidentFeedback.objects.filter(voter_key=voter_key, commune=commune, created_at__gt=now - REPEAT_PERIOD)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            _("You already gave your opinion on this commune on %(date)s. You can give it again from %(next_date)s.")
            % {
                "date": date_format(timezone.localtime(earlier), "SHORT_DATE_FORMAT"),
                "next_date": date_format(timezone.localtime(earlier + REPEAT_PERIOD), "SHORT_DATE_FORMAT"),
            },
            code="repeat",
        )
    sent_today = ResidentFeedback.objects.filter(
        voter_key=voter_key, created_at__gt=now - datetime.timedelta(days=1)
    ).count()
    if sent_today >= DAILY_LIMIT:
        raise ValidationError(
            _("You have already sent %(limit)s opinions in the last 24 hours. Please come back tomorrow to give more.")
            % {"limit": DAILY_LIMIT},
            code="daily_limit",
        )


@transaction.atomic
def feedback_submit(
    *,
    commune: AdministrativeUnit,
    rating: int,
    comment: str = "",
    client_ip: str,
    form_token: str,
    honeypot: str = "",
    language: str,
    now: datetime.datetime | None = None,
) -> ResidentFeedback:
    """Record a resident's opinion, or raise ValidationError saying why it is refused.

    `honeypot` is a field hidden from people: only a program fills it in. On SQLite the
    transaction is IMMEDIATE, so two posts from one voter cannot both pass the limits; on
    PostgreSQL a simultaneous double post may (rarely) both count, which the limits tolerate.
    """
    now = now or timezone.now()
    if honeypot.strip():
        raise ValidationError(
            _("Your opinion could not be accepted: a field meant to stay empty was filled in. Please leave it empty."),
            code="honeypot",
        )
    form_token_check(form_token, now)
    if not offered_communes().filter(pk=commune.pk).exists():
        raise ValidationError(_("Choose your commune from the list."), code="not_offered")
    voter_key = voter_key_for(client_ip)
    _check_not_repeated(voter_key, commune, now)
    feedback = ResidentFeedback(
        commune=commune,
        rating=rating,
        comment=comment.strip(),
        created_at=now,
        language=language,
        voter_key=voter_key,
    )
    feedback.full_clean()
    feedback.save()
    return feedback
