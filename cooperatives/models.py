"""A cooperative (hợp tác xã, HTX): our seller, one-to-one with Oscar's Partner.

Its staff are the partner's users; Oscar's dashboard already limits partner
users to their partner's products, stock and orders.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CooperativeQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Cooperative.Status.VERIFIED)


class Cooperative(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        VERIFIED = "verified", _("verified")
        SUSPENDED = "suspended", _("suspended")

    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.PROTECT, related_name="cooperative", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    # mã số HTX: the registration code on the cooperative's business certificate
    registration_code = models.CharField(_("registration code"), max_length=30, unique=True)
    # mã số thuế: printed on the cooperative's invoices; optional, as not every cooperative has one yet.
    tax_code = models.CharField(_("tax code"), max_length=13, blank=True)
    commune = models.ForeignKey(
        "regions.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="cooperatives",
        verbose_name=_("commune"),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"), null=True, blank=True, validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    member_count = models.PositiveIntegerField(_("member count"), default=0)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True)
    # Managers invite and remove the cooperative's staff; all staff run the shop.
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_cooperatives", verbose_name=_("managers")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # How buyers get the cooperative's part of an order: delivered for a fee, or picked up. At least one.
    offers_delivery = models.BooleanField(_("offers delivery"), default=True)
    delivery_fee = models.DecimalField(
        _("delivery fee (đồng)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("30000"),
        validators=[MinValueValidator(0)],
    )
    free_delivery_threshold = models.DecimalField(
        _("free delivery from (đồng)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Orders of this cooperative's produce worth at least this much are delivered free. Optional."),
    )
    offers_pickup = models.BooleanField(_("offers pickup at the cooperative"), default=False)
    pickup_address = models.CharField(_("pickup address"), max_length=255, blank=True)
    pickup_hours = models.CharField(
        _("pickup hours"), max_length=120, blank=True, help_text=_("For example: Mon–Sat, 7:00–17:00")
    )

    objects = CooperativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offers_delivery=True) | models.Q(offers_pickup=True),
                name="cooperatives_cooperative_offers_delivery_or_pickup",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if not self.offers_delivery and not self.offers_pickup:
            errors["offers_delivery"] = _("Offer delivery, pickup at the cooperative, or both.")
        if self.offers_pickup and not self.pickup_address.strip():
            errors["pickup_address"] = _("Give the address where buyers pick up their orders.")
        for field in ("delivery_fee", "free_delivery_threshold"):
            amount = getattr(self, field)
            if amount is not None and amount != amount.to_integral_value():
                errors[field] = _("Enter a whole number of đồng.")
        if errors:
            raise ValidationError(errors)

    def delivery_fee_for(self, subtotal) -> Decimal:
        """The fee to deliver produce worth ``subtotal`` of this cooperative's (free above the threshold)."""
        if self.free_delivery_threshold is not None and subtotal >= self.free_delivery_threshold:
            return Decimal("0")
        return self.delivery_fee

    @property
    def is_verified(self):
        return self.status == self.Status.VERIFIED


class Application(models.Model):
    """A cooperative's request to sell on the platform, reviewed by the department.

    Approval creates the Cooperative (and its Oscar partner); until then the
    application is all there is."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted, awaiting review")
        RETURNED = "returned", _("returned for changes")
        APPROVED = "approved", _("approved")
        # Refused for good: the registration code is free for another application.
        REJECTED = "rejected", _("rejected")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cooperative_applications"
    )
    cooperative_name = models.CharField(_("cooperative name"), max_length=200)
    registration_code = models.CharField(
        _("registration code"),
        max_length=30,
        help_text=_("The code on the cooperative's registration certificate (mã số HTX)."),
    )
    commune = models.ForeignKey(
        "regions.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    legal_representative = models.CharField(_("legal representative"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20)
    member_count = models.PositiveIntegerField(_("member count"))
    main_products = models.TextField(_("main products"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    # The language the applicant used, for the e-mails about the decision.
    language = models.CharField(max_length=10, default="vi")
    cooperative = models.OneToOneField(
        Cooperative, on_delete=models.PROTECT, null=True, blank=True, related_name="application"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("cooperative application")
        verbose_name_plural = _("cooperative applications")
        permissions = [("review_application", _("Can review cooperative applications"))]

    def __str__(self):
        return self.cooperative_name

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED

    @property
    def is_editable(self):
        return self.status in (self.Status.SUBMITTED, self.Status.RETURNED)


def _document_path(instance, filename):
    return f"applications/{instance.application_id}/{filename}"


def _private_storage():
    from django.core.files.storage import FileSystemStorage, storages

    # Production with a bucket declares a "private" storage (signed URLs only); otherwise a folder
    # outside MEDIA_ROOT, which must then be a volume every web and worker machine shares.
    if "private" in settings.STORAGES:
        return storages["private"]
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class ApplicationDocument(models.Model):
    """A supporting document (registration certificate, charter…): a PDF or an image."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=_document_path, storage=_private_storage)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1]


class Decision(models.Model):
    """Who decided what about an application or a cooperative, when and why."""

    class Action(models.TextChoices):
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for changes")
        REJECTED = "rejected", _("rejected")
        SUSPENDED = "suspended", _("suspended")
        REINSTATED = "reinstated", _("reinstated")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("decision"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False) | models.Q(cooperative__isnull=False),
                name="cooperatives_decision_has_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.decided_at:%Y-%m-%d})"


def _import_path(instance, filename):
    return f"imports/{instance.cooperative_id}/{filename}"


class ImportJob(models.Model):
    """One uploaded product file and how far its import has got.

    The work is done by ``cooperatives.product_import.services.import_job_run``."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        VALIDATING = "validating", _("checking the rows")
        IMPORTING = "importing", _("saving the products")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("cooperative")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # The cooperative's price list is not public: kept outside MEDIA_ROOT.
    file = models.FileField(_("file"), upload_to=_import_path, storage=_private_storage)
    file_name = models.CharField(_("file name"), max_length=255)
    # An optional ZIP of the products' photos, matched to the rows by code or by the photo column.
    photos = models.FileField(_("photos"), upload_to=_import_path, storage=_private_storage, blank=True)
    photos_name = models.CharField(_("photos file name"), max_length=255, blank=True)
    # The uploader's language, for the messages written by a background run.
    language = models.CharField(max_length=10, default="vi")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_products = models.PositiveIntegerField(_("products created"), default=0)
    updated_products = models.PositiveIntegerField(_("products updated"), default=0)
    photos_added = models.PositiveIntegerField(_("photos added"), default=0)
    # [{"line": 7, "messages": ["…", "…"]}, …]; line is None for a problem with the whole file.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("product import")
        verbose_name_plural = _("product imports")

    def __str__(self):
        return self.file_name

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class StaffInvitation(models.Model):
    """An e-mailed invitation to join a cooperative's staff, accepted by signing in with that e-mail."""

    VALID_DAYS = 7

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=10, default="vi")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # A manager withdrew it before it was accepted.
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self):
        return self.email

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self):
        return self.created_at < timezone.now() - timedelta(days=self.VALID_DAYS)


# The storefront and directory pages live in their own module; Django loads models from this one.
from .pages import CooperativeDirectoryPage, StorefrontPage  # noqa: E402,F401
