"""Writes about organisations: applying, the department's decisions, sites, members, invitations."""

import secrets
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles

from . import notifications, selectors
from .models import Decision, DeliverySite, MemberInvitation, Membership, Organisation

ROLE_FIELDS = ("can_order", "can_approve", "can_pay")


def _tax_code_taken_error() -> ValidationError:
    return ValidationError(
        {
            "tax_code": _(
                "An organisation with this tax code is already registered or awaiting review. "
                "Ask its account's managers to invite you."
            )
        }
    )


def _check_tax_code_free(tax_code: str, *, organisation: Organisation | None = None) -> None:
    if selectors.tax_code_taken(tax_code, exclude=organisation):
        raise _tax_code_taken_error()


def _save_application(organisation: Organisation) -> None:
    """Saved in a savepoint: two people sending the same tax code at once meet the unique index, and
    the second is told so like anyone else (not a 500)."""
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise _tax_code_taken_error() from None


@transaction.atomic
def organisation_apply(*, applicant, language: str, organisation: Organisation) -> Organisation:
    """A signed-in person applies for their organisation (the unsaved row from the form)."""
    if roles.is_cooperative_staff(applicant) or roles.is_officer(applicant):
        raise PermissionDenied
    if selectors.open_application_of(applicant):
        raise ValidationError(_("You already have an application awaiting review."))
    _check_tax_code_free(organisation.tax_code)
    organisation.applicant = applicant
    organisation.language = language
    organisation.status = Organisation.Status.APPLIED
    organisation.submitted_at = timezone.now()
    _save_application(organisation)
    return organisation


@transaction.atomic
def organisation_resubmit(*, organisation: Organisation) -> Organisation:
    """The applicant corrects a returned application and sends it again."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.status != Organisation.Status.RETURNED:
        raise ValidationError(_("This application can no longer be changed."))
    _check_tax_code_free(organisation.tax_code, organisation=organisation)
    organisation.status = Organisation.Status.APPLIED
    organisation.submitted_at = timezone.now()
    _save_application(organisation)
    return organisation


def _lock_for_decision(organisation: Organisation, officer, *, status=Organisation.Status.APPLIED) -> Organisation:
    """The organisation, locked, if it is in the status the decision is about."""
    if not roles.is_officer(officer):
        raise PermissionDenied
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.status != status:
        raise ValidationError(_("This application was already decided."))
    return locked


def _decide(
    organisation: Organisation, *, officer, action: str, status: str, reason: str = "", notify: bool = True
) -> Organisation:
    organisation.status = status
    organisation.save(update_fields=["status", "updated_at"])
    Decision.objects.create(organisation=organisation, officer=officer, action=action, reason=reason)
    if notify:
        transaction.on_commit(lambda: notifications.application_decided(organisation))
    return organisation


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so that the applicant knows what to do.")})
    return reason


class Transition(NamedTuple):
    from_status: str
    to_status: str
    needs_reason: bool
    tells_applicant: bool  # by e-mail


# What an officer's decision does. Verifying also makes the applicant a member.
TRANSITIONS = {
    Decision.Action.VERIFIED: Transition(Organisation.Status.APPLIED, Organisation.Status.VERIFIED, False, True),
    # Back to the applicant to correct: the tax code stays theirs.
    Decision.Action.RETURNED: Transition(Organisation.Status.APPLIED, Organisation.Status.RETURNED, True, True),
    # Refused for good: the tax code is free for another application.
    Decision.Action.REJECTED: Transition(Organisation.Status.APPLIED, Organisation.Status.REJECTED, True, True),
    # Its members lose its area (and, later, its contracts' orders) until it is reinstated.
    Decision.Action.SUSPENDED: Transition(Organisation.Status.VERIFIED, Organisation.Status.SUSPENDED, True, False),
    Decision.Action.REINSTATED: Transition(Organisation.Status.SUSPENDED, Organisation.Status.VERIFIED, False, False),
}


def decisions_open(organisation: Organisation) -> list[str]:
    """The decisions an officer may take on the organisation as it stands, in the table's order."""
    return [action for action, transition in TRANSITIONS.items() if transition.from_status == organisation.status]


@transaction.atomic
def organisation_decide(*, organisation: Organisation, officer, action: str, reason: str = "") -> Organisation:
    from_status, to_status, needs_reason, notify = TRANSITIONS[action]
    reason = _reason_required(reason) if needs_reason else (reason or "").strip()
    organisation = _lock_for_decision(organisation, officer, status=from_status)
    if action == Decision.Action.VERIFIED:
        Membership.objects.get_or_create(
            organisation=organisation,
            user=organisation.applicant,
            defaults={"can_order": True, "can_approve": True, "can_pay": True},
        )
    return _decide(organisation, officer=officer, action=action, status=to_status, reason=reason, notify=notify)


def organisation_verify(*, organisation: Organisation, officer) -> Organisation:
    """The applicant becomes the organisation's first member, with every role."""
    return organisation_decide(organisation=organisation, officer=officer, action=Decision.Action.VERIFIED)


# --- Delivery sites ----------------------------------------------------------------


def _require_approver(organisation: Organisation, user) -> Membership:
    membership = selectors.membership(user, organisation.pk)
    if membership is None or not membership.can_approve or not organisation.is_verified:
        raise PermissionDenied
    return membership


@transaction.atomic
def delivery_site_save(*, site: DeliverySite, organisation: Organisation, by) -> DeliverySite:
    """Add or change a site (the form's row, its address checked by the form)."""
    _require_approver(organisation, by)
    if site.pk and site.organisation_id != organisation.pk:
        raise PermissionDenied
    site.organisation = organisation
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def delivery_site_set_active(*, site: DeliverySite, organisation: Organisation, by, active: bool) -> DeliverySite:
    _require_approver(organisation, by)
    if site.organisation_id != organisation.pk:
        raise PermissionDenied
    site.is_active = active
    site.save(update_fields=["is_active"])
    return site


# --- Members and invitations ------------------------------------------------------------


def member_invite(
    *, organisation: Organisation, invited_by, email: str = "", phone: str = "", language: str, **roles_given
) -> MemberInvitation:
    """An approver invites a colleague by e-mail or by SMS, with the roles they will have."""
    _require_approver(organisation, invited_by)
    members = organisation.memberships
    if (
        email
        and members.filter(user__email__iexact=email).exists()
        or phone
        and members.filter(user__phone__number=phone).exists()
    ):
        raise ValidationError({"contact": _("This person is already a member of your organisation.")})
    invitation = MemberInvitation.objects.create(
        organisation=organisation,
        email=email.lower(),
        phone=phone,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        language=language,
        **{name: bool(roles_given.get(name)) for name in ROLE_FIELDS},
    )
    transaction.on_commit(lambda: notifications.member_invited(invitation))
    return invitation


@transaction.atomic
def member_invitation_revoke(*, invitation: MemberInvitation, revoked_by) -> MemberInvitation:
    invitation = MemberInvitation.objects.select_for_update().get(pk=invitation.pk)
    _require_approver(invitation.organisation, revoked_by)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation was already accepted, withdrawn or has expired."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def _keep_an_approver(membership: Membership, *, approves_after: bool) -> None:
    if (
        membership.can_approve
        and not approves_after
        and not selectors.approver_count(membership.organisation, excluding=membership)
    ):
        raise ValidationError(
            _("An organisation keeps at least one member who approves: give another member that role first.")
        )


@transaction.atomic
def membership_change_roles(*, membership: Membership, by, **roles_given) -> Membership:
    """An approver changes a member's roles (their own too, while another approver remains)."""
    _require_approver(membership.organisation, by)
    roles_after = {name: bool(roles_given.get(name)) for name in ROLE_FIELDS}
    if not any(roles_after.values()):
        raise ValidationError(_("Give at least one role."))
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    _keep_an_approver(membership, approves_after=roles_after["can_approve"])
    for name, value in roles_after.items():
        setattr(membership, name, value)
    membership.save(update_fields=list(ROLE_FIELDS))
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    _require_approver(membership.organisation, by)
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    _keep_an_approver(membership, approves_after=False)
    membership.delete()


def _invitation_is_for(invitation: MemberInvitation, user) -> bool:
    if invitation.email:
        return user.email.lower() == invitation.email
    phone = getattr(user, "phone", None)
    return phone is not None and phone.verified and phone.number == invitation.phone


@transaction.atomic
def member_invitation_accept(*, token: str, user) -> Organisation:
    invitation = MemberInvitation.objects.select_for_update().filter(token=token).first()
    if (
        invitation is None
        or not invitation.is_pending
        or not invitation.organisation.is_verified
        # An invitation carries its inviter's authority: it dies with their being an approver.
        or not invitation.organisation.memberships.filter(user=invitation.invited_by, can_approve=True).exists()
    ):
        raise ValidationError(_("This invitation is no longer valid. Ask your organisation for a new one."))
    if not _invitation_is_for(invitation, user):
        raise ValidationError(
            _("This invitation was sent to %(address)s. Sign in with that address or number to accept it.")
            % {"address": invitation.email or invitation.phone}
        )
    if roles.is_cooperative_staff(user) or roles.is_officer(user):
        raise ValidationError(_("Department and cooperative staff accounts cannot join a business buyer."))
    Membership.objects.get_or_create(
        organisation=invitation.organisation,
        user=user,
        defaults={name: getattr(invitation, name) for name in ROLE_FIELDS},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return invitation.organisation
