"""The alert that a contract fell behind (contracts/progress.py decides who is): once per contract and
period, e-mailed to the buyer's members and the contract's cooperatives' staff, with the figures.

Once: the unique (contract, period start) ``ProgressAlert`` row is claimed in the transaction that
queues the mails (in production the outbox backend stores them in that same transaction), so a retried
task, a second beat process or the next day's run finds the row and sends nothing again.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from . import notices, progress
from .models import ContractLine, ContractVersion, ProgressAlert

User = get_user_model()


def progress_alerts_send(*, today: datetime.date | None = None) -> int:
    """Alert every contract behind in its last complete period and not yet alerted for it; returns how
    many contracts were alerted."""
    today = today or timezone.localdate()
    versions = list(
        ContractVersion.objects.filter(state=ContractVersion.State.ACCEPTED, organisation__isnull=False)
        .select_related("linkage_model", "organisation")
        .prefetch_related(Prefetch("lines", queryset=ContractLine.objects.select_related("product").order_by("pk")))
    )
    behind = progress.behind_ids(versions, today=today)
    return sum(1 for version in versions if version.linkage_model_id in behind and _alert(version, today))


def _recipients(version) -> list[tuple[str, str]]:
    """(address, link to the contract's page on their side): the buyer's members, then the staff."""
    seen, recipients = set(), []
    for email, url in [*notices.buyer_recipients(version), *notices.cooperative_recipients(version)]:
        if email.lower() not in seen:
            seen.add(email.lower())
            recipients.append((email, url))
    return recipients


@transaction.atomic
def _alert(version, today) -> bool:
    start, end = progress.last_complete_period(version, today)
    alert, created = ProgressAlert.objects.get_or_create(
        linkage_model_id=version.linkage_model_id, period_start=start, defaults={"period_end": end}
    )
    if not created:
        return False
    table = progress.progress_of(version, today=today)
    context = {
        "contract": version.linkage_model,
        "period": table.judged,
        "behind_percent": progress.BEHIND_BELOW_PERCENT,
    }
    subject = " ".join(render_to_string("contracts/emails/progress_behind_subject.txt", context).split())
    recipients = _recipients(version)
    messages = [
        EmailMessage(
            subject,
            render_to_string("contracts/emails/progress_behind_body.txt", {**context, "url": url}),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
        for email, url in recipients
    ]
    if messages:
        get_connection().send_messages(messages)
    alert.recipients = len(messages)
    alert.save(update_fields=["recipients"])
    return True
