"""A cooperative (hợp tác xã, HTX): our seller, one-to-one with Oscar's Partner.

Its staff are the partner's users; Oscar's dashboard already limits partner
users to their partner's products, stock and orders.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CooperativeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.status == self.Status.VERIFIED
