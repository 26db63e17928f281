"""Reads about organisations: whose they are, the review queue, an organisation's people and sites."""

from django.db.models import Count

from .models import MemberInvitation, Membership, Organisation


def tax_code_taken(tax_code: str, *, exclude: Organisation | None = None) -> bool:
    """Another organisation, not rejected, holds this tax code."""
    others = Organisation.objects.filter(tax_code=tax_code).exclude(status=Organisation.Status.REJECTED)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def latest_application_of(user) -> Organisation | None:
    return Organisation.objects.filter(applicant=user).order_by("-submitted_at", "-pk").first()


def open_application_of(user) -> Organisation | None:
    return (
        Organisation.objects.filter(
            applicant=user, status__in=[Organisation.Status.APPLIED, Organisation.Status.RETURNED]
        )
        .order_by("-pk")
        .first()
    )


def organisations_for_officers():
    """Every organisation, the queue first, for the officers' list."""
    return (
        Organisation.objects.select_related("applicant")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("status", "name", "pk")
    )


def memberships_of(user):
    """The verified organisations the user works for."""
    return (
        Membership.objects.filter(user=user, organisation__status=Organisation.Status.VERIFIED)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def membership(user, organisation_pk) -> Membership | None:
    return Membership.objects.filter(user=user, organisation_id=organisation_pk).select_related("organisation").first()


def organisation_area(organisation: Organisation) -> dict:
    """Members with their accounts, sites, pending invitations: one query each."""
    # Accepted and withdrawn ones are left out by the database, expired ones by their own rule.
    invitations = [
        i for i in organisation.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True) if i.is_pending
    ]
    return {
        "memberships": organisation.memberships.select_related("user").order_by("joined_at", "pk"),
        "sites": organisation.delivery_sites.all(),
        "invitations": invitations,
    }


def invitation_by_token(token: str) -> MemberInvitation | None:
    return MemberInvitation.objects.select_related("organisation").filter(token=token).first()


def approver_count(organisation: Organisation, *, excluding=None) -> int:
    members = organisation.memberships.filter(can_approve=True)
    if excluding is not None:
        members = members.exclude(pk=excluding.pk)
    return members.count()
