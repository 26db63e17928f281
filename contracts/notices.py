"""E-mails between the two sides of a contract: the other side hears of an offer (a new contract or a
change), and the side that offered hears the answer. In the site's language (Vietnamese), whatever page
the answer was given from, each with a link to the contract on the reader's own side; sent once the
transaction that wrote the offer or the answer commits, so a refused offer sends nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import ContractVersion

User = get_user_model()
Side = ContractVersion.Side


def buyer_recipients(version) -> list[tuple[str, str]]:
    """(address, link to the contract in the buyer's area) for the buyer's active members."""
    url = settings.WAGTAILADMIN_BASE_URL + reverse(
        "contracts:organisation-contract", args=[version.organisation_id, version.linkage_model_id]
    )
    members = User.objects.filter(organisation_memberships__organisation=version.organisation_id, is_active=True)
    return [(email, url) for email in _addresses(members)]


def cooperative_recipients(version) -> list[tuple[str, str]]:
    """(address, link to the contract in the workspace) for the staff of the contract's cooperatives."""
    url = settings.WAGTAILADMIN_BASE_URL + reverse("workspace:contract", args=[version.linkage_model_id])
    staff = User.objects.filter(partners__cooperative__in=version.cooperatives.all(), is_active=True)
    return [(email, url) for email in _addresses(staff)]


def _addresses(users) -> list[str]:
    return list(users.exclude(email="").order_by("email").values_list("email", flat=True).distinct())


def _side_recipients(version, side) -> list[tuple[str, str]]:
    return cooperative_recipients(version) if side == Side.COOPERATIVE else buyer_recipients(version)


def _other(side):
    return Side.ORGANISATION if side == Side.COOPERATIVE else Side.COOPERATIVE


def _send(version, template: str, recipients) -> None:
    version = ContractVersion.objects.select_related("linkage_model__lead_cooperative", "organisation").get(
        pk=version.pk
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "version": version,
            "contract": version.linkage_model,
            "lines": version.lines.select_related("product").order_by("pk"),
            "offered_by_cooperative": version.offered_by_side == Side.COOPERATIVE,
        }
        subject = " ".join(render_to_string(f"contracts/emails/{template}_subject.txt", context).split())
        messages = [
            EmailMessage(
                subject,
                render_to_string(f"contracts/emails/{template}_body.txt", {**context, "url": url}),
                settings.DEFAULT_FROM_EMAIL,
                [email],
            )
            for email, url in recipients
        ]
    if messages:
        get_connection().send_messages(messages)


def offered(version) -> None:
    """After commit: the side that did not offer hears of the offer."""
    if version.organisation_id is None:
        return  # a legacy contract recorded without a buyer: nobody to tell
    transaction.on_commit(
        lambda: _send(version, "offer", _side_recipients(version, _other(version.offered_by_side)))
    )


def answered(version) -> None:
    """After commit: the side that offered hears it was accepted or declined."""
    if version.organisation_id is None:
        return
    transaction.on_commit(lambda: _send(version, "answer", _side_recipients(version, version.offered_by_side)))
