"""Value chains: linkage models, raw-material areas, digital technologies, batches and their trace.

Each row belongs to one cooperative (directly, or through its linkage model, area or batch), which is how
staff are limited to their own (selectors.py). Trace events are append-only: a correction is a new event.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import gs1
from .geojson import validate_location


class QuantityUnit(models.TextChoices):
    KILOGRAM = "kg", _("kg")
    TONNE = "tonne", _("tonnes")
    PIECE = "piece", _("pieces")
    BOX = "box", _("boxes")
    LITRE = "litre", _("litres")


class RawMaterialArea(models.Model):
    """vùng nguyên liệu: the fields that supply a chain."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        related_name="raw_material_areas",
        verbose_name=_("cooperative"),
    )
    name = models.CharField(_("name"), max_length=200)
    commune = models.ForeignKey(
        "regions.AdministrativeUnit",
        on_delete=models.PROTECT,
        related_name="raw_material_areas",
        verbose_name=_("commune"),
    )
    hectares = models.DecimalField(
        _("area (ha)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    crops = models.CharField(_("crops"), max_length=255, blank=True)
    household_count = models.PositiveIntegerField(_("households"), default=0)
    location = models.JSONField(
        _("location (GeoJSON)"),
        null=True,
        blank=True,
        validators=[validate_location],
        help_text=_("A GeoJSON Point or Polygon, longitude first. Optional."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("raw-material area")
        verbose_name_plural = _("raw-material areas")

    def __str__(self):
        return self.name


class AreaCertification(models.Model):
    area = models.ForeignKey(
        RawMaterialArea, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("area")
    )
    certification = models.ForeignKey(
        "catalogue.Certification", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("certification")
    )
    # For a standard not (yet) in the catalogue's list.
    name = models.CharField(_("other certification"), max_length=120, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        ordering = ["valid_until"]
        verbose_name = _("area certification")
        verbose_name_plural = _("area certifications")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.certification.name if self.certification_id else self.name

    def is_valid_on(self, day):
        return self.valid_from <= day <= self.valid_until

    def clean(self):
        super().clean()
        if not self.certification_id and not self.name.strip():
            raise ValidationError({"certification": _("Choose a certification or name it.")})
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("A certificate cannot end before it starts.")})


class LinkageModel(models.Model):
    """mô hình liên kết sản xuất gắn với tiêu thụ: a contract chain led by one cooperative."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    name = models.CharField(_("name"), max_length=200)
    lead_cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        related_name="linkage_models",
        verbose_name=_("lead cooperative"),
    )
    key_product_name = models.CharField(_("key product"), max_length=200, blank=True)
    key_product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("key product in the shop"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    contract_start = models.DateField(_("contract starts"), null=True, blank=True)
    contract_end = models.DateField(_("contract ends"), null=True, blank=True)
    agreed_volume = models.DecimalField(
        _("agreed volume"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    agreed_volume_unit = models.CharField(
        _("unit"), max_length=10, choices=QuantityUnit.choices, default=QuantityUnit.TONNE
    )
    areas = models.ManyToManyField(
        RawMaterialArea, blank=True, related_name="linkage_models", verbose_name=_("raw-material areas")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("linkage model")
        verbose_name_plural = _("linkage models")

    def __str__(self):
        return self.name

    @property
    def key_product_display(self):
        return self.key_product_name or (self.key_product.get_title() if self.key_product_id else "")

    def clean(self):
        super().clean()
        errors = {}
        if not self.key_product_name.strip() and not self.key_product_id:
            errors["key_product_name"] = _("Name the key product or choose it from the shop.")
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            errors["contract_end"] = _("The contract cannot end before it starts.")
        if errors:
            raise ValidationError(errors)


class LinkageParticipant(models.Model):
    class Role(models.TextChoices):
        HOUSEHOLD = "household", _("member household")
        COOPERATIVE = "cooperative", _("other cooperative")
        PROCESSOR = "processor", _("processor")
        DISTRIBUTOR = "distributor", _("distributor or retailer")
        INPUT_SUPPLIER = "input_supplier", _("input supplier")

    linkage_model = models.ForeignKey(
        LinkageModel, on_delete=models.CASCADE, related_name="participants", verbose_name=_("linkage model")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cooperative on the platform"),
    )

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class DigitalTechnologyAdoption(models.Model):
    """A digital technology a linkage model applies: explicit data for the plan's 70% indicator."""

    class Technology(models.TextChoices):
        TRACEABILITY = "traceability", _("traceability codes")
        ECOMMERCE = "ecommerce", _("listing on e-commerce platforms")
        FARM_DIARY = "farm_diary", _("farm diaries / production logs")
        SENSORS = "sensors", _("sensors")
        E_CONTRACTS = "e_contracts", _("e-contracts")
        DIGITAL_PAYMENTS = "digital_payments", _("digital payments")

    linkage_model = models.ForeignKey(
        LinkageModel, on_delete=models.CASCADE, related_name="technologies", verbose_name=_("linkage model")
    )
    technology = models.CharField(_("technology"), max_length=20, choices=Technology.choices)
    started_on = models.DateField(_("started on"))
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)

    class Meta:
        ordering = ["technology"]
        verbose_name = _("digital technology")
        verbose_name_plural = _("digital technologies")
        constraints = [
            models.UniqueConstraint(
                fields=["linkage_model", "technology"], name="valuechains_technology_once_per_model"
            )
        ]

    def __str__(self):
        return self.get_technology_display()

    def clean(self):
        super().clean()
        if not self.evidence.strip() and not self.evidence_url:
            raise ValidationError({"evidence": _("Describe the evidence or link to it.")})


class Batch(models.Model):
    """A batch (lô) of one product harvested from one area; its code is the trace code on the label."""

    code = models.CharField(
        _("batch code"),
        max_length=20,
        unique=True,
        help_text=_("Letters, digits, dot, dash or underscore; up to 20 characters (GS1 batch/lot)."),
    )
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, related_name="batches", verbose_name=_("product")
    )
    area = models.ForeignKey(
        RawMaterialArea, on_delete=models.PROTECT, related_name="batches", verbose_name=_("raw-material area")
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.PROTECT, related_name="batches", verbose_name=_("cooperative")
    )
    harvest_date = models.DateField(_("harvest date"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=10, choices=QuantityUnit.choices, default=QuantityUnit.KILOGRAM)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-harvest_date", "-pk"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        # "LO-01" and "lo-01" would be one code to a person reading a label.
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                name="valuechains_batch_code_unique_any_case",
                violation_error_message=_("This batch code is taken; trace codes must be unique."),
            )
        ]

    def __str__(self):
        return self.code

    def clean(self):
        super().clean()
        if self.code and not gs1.is_valid_batch_code(self.code):
            raise ValidationError(
                {
                    "code": _(
                        "Use up to 20 letters, digits, dots, dashes or underscores, starting with a letter or digit."
                    )
                }
            )


class TraceEventQuerySet(models.QuerySet):
    # Append-only: bulk changes are refused like single ones.
    def update(self, **kwargs):
        raise TraceEventImmutable(_("Trace events cannot be changed; record a correction instead."))

    def delete(self):
        raise TraceEventImmutable(_("Trace events cannot be deleted; record a correction instead."))


class TraceEventImmutable(Exception):
    pass


class TraceEvent(models.Model):
    class Kind(models.TextChoices):
        HARVESTED = "harvested", _("harvested")
        SORTED = "sorted", _("sorted")
        PACKED = "packed", _("packed")
        SHIPPED = "shipped", _("shipped")
        RECEIVED = "received", _("received")
        OTHER = "other", _("other")

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="events", verbose_name=_("batch"))
    kind = models.CharField(_("step"), max_length=10, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200)
    actor = models.CharField(_("who"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = TraceEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("trace event")
        verbose_name_plural = _("trace events")

    def __str__(self):
        return f"{self.batch_id}: {self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TraceEventImmutable(_("Trace events cannot be changed; record a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TraceEventImmutable(_("Trace events cannot be deleted; record a correction instead."))

    def clean(self):
        super().clean()
        if self.corrects_id and self.batch_id and self.corrects.batch_id != self.batch_id:
            raise ValidationError(
                {"corrects": _("A correction must belong to the same batch as the event it corrects.")}
            )
