"""A business buyer (doanh nghiệp, trường học, bệnh viện…): an organisation that buys for its kitchens
and shops under linkage contracts with cooperatives.

It applies and is verified by the department like a cooperative, but the organisation row is the
application: there is no Oscar partner to create on approval, so one row with a status and a trail of
decisions is enough. Its people are Memberships with roles; where the goods go are DeliverySites
(later contracts and standing orders point at both).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tax_codes import tax_code_display


class Address(models.Model):
    """A Vietnamese address in the two-level layout (since 1 July 2025), as checkout writes it: house
    number and street, the ward or commune, the province; codes from regions/divisions.py, names as
    printed on an invoice."""

    street = models.CharField(_("house number and street"), max_length=255)
    commune_code = models.PositiveIntegerField(_("ward or commune code"))
    commune_name = models.CharField(_("ward or commune"), max_length=120)
    province_code = models.PositiveIntegerField(_("province code"))
    province_name = models.CharField(_("province or city"), max_length=120)

    class Meta:
        abstract = True

    @property
    def address_text(self) -> str:
        return ", ".join(part for part in (self.street, self.commune_name, self.province_name) if part)


class Organisation(Address):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        HOSPITAL = "hospital", _("hospital")
        SUPERMARKET = "supermarket", _("supermarket or shop chain")
        RESTAURANT = "restaurant", _("restaurant group")
        PROCESSOR = "processor", _("processor")
        OTHER = "other", _("other business")

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied, awaiting review")
        RETURNED = "returned", _("returned for changes")
        VERIFIED = "verified", _("verified")
        SUSPENDED = "suspended", _("suspended")
        # Refused for good: the tax code is free for another application.
        REJECTED = "rejected", _("rejected")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of organisation"), max_length=12, choices=Kind.choices)
    # mã số thuế, digits only (13 for a branch); unique among organisations not rejected.
    tax_code = models.CharField(_("tax code"), max_length=13)
    contact_name = models.CharField(_("contact person"), max_length=120)
    phone = models.CharField(_("contact phone"), max_length=16)
    email = models.EmailField(_("e-mail for invoices"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organisation_applications"
    )
    # The language the applicant used, for the e-mails about the decision.
    language = models.CharField(max_length=10, default="vi")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~models.Q(status="rejected"),
                name="organisations_tax_code_unique",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def tax_code_display(self) -> str:
        return tax_code_display(self.tax_code)

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.APPLIED, self.Status.RETURNED)


class Decision(models.Model):
    """Who decided what about an organisation, when and why."""

    class Action(models.TextChoices):
        VERIFIED = "verified", _("verified")
        RETURNED = "returned", _("returned for changes")
        REJECTED = "rejected", _("rejected")
        SUSPENDED = "suspended", _("suspended")
        REINSTATED = "reinstated", _("reinstated")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="decisions")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("decision"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.get_action_display()} ({self.decided_at:%Y-%m-%d})"


class Membership(models.Model):
    """A person working for an organisation, with one or more roles. Approvers run the organisation's
    account (invite colleagues, keep the delivery sites); every organisation keeps at least one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    can_order = models.BooleanField(_("places orders"), default=True)
    can_approve = models.BooleanField(_("approves"), default=False)
    can_pay = models.BooleanField(_("pays"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="organisations_member_once")]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class DeliverySite(Address):
    """Where an organisation takes deliveries: a school's kitchen, a supermarket's store."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="delivery_sites")
    name = models.CharField(_("name of the site"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=120)
    phone = models.CharField(_("contact phone"), max_length=16)
    notes = models.TextField(_("notes for deliveries"), blank=True)
    # Deactivated, never deleted: contracts and orders will keep pointing at it.
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-is_active", "name", "pk"]
        verbose_name = _("delivery site")
        verbose_name_plural = _("delivery sites")

    def __str__(self):
        return self.name


class MemberInvitation(models.Model):
    """An invitation to join an organisation, sent by e-mail or by SMS; accepted by signing in with that
    e-mail address or that (verified) mobile number."""

    VALID_DAYS = 7

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=16, blank=True)
    can_order = models.BooleanField(_("places orders"), default=True)
    can_approve = models.BooleanField(_("approves"), default=False)
    can_pay = models.BooleanField(_("pays"), default=False)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=10, default="vi")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("member invitation")
        verbose_name_plural = _("member invitations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""), name="organisations_invitation_has_address"
            )
        ]

    def __str__(self):
        return self.email or self.phone

    @property
    def is_expired(self) -> bool:
        return self.created_at < timezone.now() - timedelta(days=self.VALID_DAYS)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
