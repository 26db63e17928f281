"""Writes that touch a cooperative and Oscar's partner together, and the
onboarding workflow: apply, review, approve or return, suspend, reinstate."""

import secrets

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from accounts import roles
from common.content_language import in_vietnamese

from . import notifications, storefronts
from .models import Application, ApplicationDocument, Cooperative, Decision, StaffInvitation

Partner = get_model("partner", "Partner")


@transaction.atomic
def cooperative_register(
    *,
    name: str,
    registration_code: str,
    commune,
    status: str = Cooperative.Status.APPLIED,
    **details,
) -> Cooperative:
    """Create a cooperative together with the Oscar partner that sells for it."""
    partner = Partner.objects.create(name=name)
    cooperative = in_vietnamese(Cooperative)(  # its description is the Vietnamese one, whoever approves
        partner=partner,
        name=name,
        slug=_unique_slug(name),
        registration_code=registration_code,
        commune=commune,
        status=status,
        **details,
    )
    cooperative.full_clean()
    cooperative.save()
    return cooperative


@transaction.atomic
def cooperative_add_staff(*, cooperative: Cooperative, user) -> None:
    """Let a user run the cooperative's shop in Oscar's dashboard.

    Oscar restricts partner users to their partner's data only while they are
    not staff, so a cooperative's staff user must never be ``is_staff``.
    """
    if not roles.may_become_cooperative_staff(user):
        raise ValueError("Staff users see every partner's data; they cannot be cooperative staff.")
    cooperative.partner.users.add(user)
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access", content_type__app_label="partner"))
    storefronts.storefront_add_editor(cooperative=cooperative, user=user)


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("Đ", "D").replace("đ", "d"))[:180] or "htx"
    slug, n = base, 1
    while Cooperative.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- Onboarding ------------------------------------------------------------


def _check_registration_code_free(code: str, *, application: Application | None = None) -> None:
    taken = Cooperative.objects.filter(registration_code__iexact=code).exists()
    # An approved application's code is its cooperative's; a rejected one's is free again.
    pending = Application.objects.filter(registration_code__iexact=code).exclude(
        status__in=[Application.Status.APPROVED, Application.Status.REJECTED]
    )
    if application is not None:
        pending = pending.exclude(pk=application.pk)
    if taken or pending.exists():
        raise ValidationError(
            {"registration_code": _("A cooperative with this registration code is already registered or applying.")}
        )


@transaction.atomic
def application_submit(*, applicant, documents, language: str, **fields) -> Application:
    """File an application with its supporting documents, all or nothing."""
    _check_registration_code_free(fields["registration_code"])
    application = Application(applicant=applicant, language=language, **fields)
    application.full_clean(exclude=["cooperative"])
    application.save()
    for upload in documents:
        ApplicationDocument.objects.create(application=application, file=upload)
    return application


@transaction.atomic
def application_resubmit(*, application: Application, documents, **fields) -> Application:
    """The applicant corrects a returned application and sends it back for review."""
    if not application.is_editable:
        raise ValidationError(_("This application has been decided and can no longer be changed."))
    _check_registration_code_free(fields["registration_code"], application=application)
    for name, value in fields.items():
        setattr(application, name, value)
    application.status = Application.Status.SUBMITTED
    application.full_clean(exclude=["cooperative"])
    application.save()
    for upload in documents:
        ApplicationDocument.objects.create(application=application, file=upload)
    return application


def _lock_for_decision(application: Application) -> Application:
    # Two officers deciding at once: the second sees the first's decision.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.SUBMITTED:
        raise ValidationError(_("This application is not awaiting review."))
    return locked


@transaction.atomic
def application_approve(*, application: Application, officer) -> Cooperative:
    """Approval creates the cooperative and its Oscar partner, gives the
    applicant the shop's dashboard, records the decision and tells the applicant."""
    application = _lock_for_decision(application)
    _check_registration_code_free(application.registration_code, application=application)
    cooperative = cooperative_register(
        name=application.cooperative_name,
        registration_code=application.registration_code,
        commune=application.commune,
        status=Cooperative.Status.VERIFIED,
        member_count=application.member_count,
        contact_name=application.legal_representative,
        phone=application.phone,
        email=application.applicant.email,
        description=application.main_products,
    )
    cooperative_add_staff(cooperative=cooperative, user=application.applicant)
    cooperative.managers.add(application.applicant)
    storefronts.storefront_create(cooperative=cooperative)
    application.status = Application.Status.APPROVED
    application.cooperative = cooperative
    application.save(update_fields=["status", "cooperative", "updated_at"])
    Decision.objects.create(
        application=application, cooperative=cooperative, officer=officer, action=Decision.Action.APPROVED
    )
    transaction.on_commit(lambda: notifications.application_decided(application))
    return cooperative


@transaction.atomic
def application_return(*, application: Application, officer, reason: str) -> Application:
    """Send the application back to the applicant with what to change."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the applicant must change.")})
    application = _lock_for_decision(application)
    application.status = Application.Status.RETURNED
    application.save(update_fields=["status", "updated_at"])
    Decision.objects.create(
        application=application, officer=officer, action=Decision.Action.RETURNED, reason=reason.strip()
    )
    transaction.on_commit(lambda: notifications.application_decided(application))
    return application


@transaction.atomic
def application_reject(*, application: Application, officer, reason: str) -> Application:
    """Refuse an application for good (submitted or returned): the applicant is told why, and its
    registration code is free for another application."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the application is rejected.")})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Application.Status.SUBMITTED, Application.Status.RETURNED):
        raise ValidationError(_("This application has been decided and can no longer be changed."))
    application.status = Application.Status.REJECTED
    application.save(update_fields=["status", "updated_at"])
    Decision.objects.create(
        application=application, officer=officer, action=Decision.Action.REJECTED, reason=reason.strip()
    )
    transaction.on_commit(lambda: notifications.application_decided(application))
    return application


@transaction.atomic
def cooperative_suspend(*, cooperative: Cooperative, officer, reason: str) -> Cooperative:
    """Its storefront and products leave the shop; its data stays."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the cooperative is suspended.")})
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    if cooperative.status != Cooperative.Status.VERIFIED:
        raise ValidationError(_("Only a verified cooperative can be suspended."))
    cooperative.status = Cooperative.Status.SUSPENDED
    cooperative.save(update_fields=["status"])
    Decision.objects.create(
        cooperative=cooperative, officer=officer, action=Decision.Action.SUSPENDED, reason=reason.strip()
    )
    return cooperative


@transaction.atomic
def cooperative_reinstate(*, cooperative: Cooperative, officer, reason: str = "") -> Cooperative:
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    if cooperative.status != Cooperative.Status.SUSPENDED:
        raise ValidationError(_("Only a suspended cooperative can be reinstated."))
    cooperative.status = Cooperative.Status.VERIFIED
    cooperative.save(update_fields=["status"])
    Decision.objects.create(
        cooperative=cooperative, officer=officer, action=Decision.Action.REINSTATED, reason=reason.strip()
    )
    return cooperative


# --- Staff ------------------------------------------------------------------


@transaction.atomic
def staff_invite(*, cooperative: Cooperative, email: str, invited_by, language: str) -> StaffInvitation:
    """A manager invites someone by e-mail; the link in the e-mail lets them join."""
    if not roles.is_cooperative_manager(invited_by, cooperative):
        raise PermissionDenied
    email = email.strip().lower()
    if cooperative.partner.users.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already on your staff.")})
    invitation = StaffInvitation.objects.create(
        cooperative=cooperative,
        email=email,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        language=language,
    )
    transaction.on_commit(lambda: notifications.staff_invited(invitation))
    return invitation


@transaction.atomic
def staff_invitation_accept(*, token: str, user) -> Cooperative:
    invitation = StaffInvitation.objects.select_for_update().filter(token=token).first()
    if (
        invitation is None
        or not invitation.is_pending
        # An invitation carries its inviter's authority: it dies with their being a manager.
        or not roles.is_cooperative_manager(invitation.invited_by, invitation.cooperative)
    ):
        raise ValidationError(_("This invitation is no longer valid. Ask the cooperative's manager for a new one."))
    if user.email.lower() != invitation.email:
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    if not roles.may_become_cooperative_staff(user):
        raise ValidationError(_("Department staff accounts cannot join a cooperative's staff."))
    cooperative_add_staff(cooperative=invitation.cooperative, user=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return invitation.cooperative


@transaction.atomic
def staff_invitation_revoke(*, invitation: StaffInvitation, revoked_by) -> StaffInvitation:
    """A manager withdraws a pending invitation; its link stops working."""
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not roles.is_cooperative_manager(revoked_by, invitation.cooperative):
        raise PermissionDenied
    if not invitation.is_pending:
        raise ValidationError(_("This invitation was already accepted, withdrawn or has expired."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def staff_remove(*, cooperative: Cooperative, user, removed_by) -> None:
    """A manager removes a staff member: they lose the shop's dashboard and its storefront."""
    if not roles.is_cooperative_manager(removed_by, cooperative):
        raise PermissionDenied
    if user == removed_by:
        raise ValidationError(_("You cannot remove yourself. Another manager can."))
    cooperative.partner.users.remove(user)
    cooperative.managers.remove(user)
    storefronts.storefront_remove_editor(cooperative=cooperative, user=user)
    if not user.partners.exists():
        user.user_permissions.remove(
            Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
        )
