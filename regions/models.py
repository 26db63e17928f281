"""Administrative units as data: the city, its districts and their communes.

Units change (on 1 July 2025 Vietnam dropped the district level and merged
communes), so each unit belongs to a *layout*, and a succession table says
which old unit went into which new one. Nothing here is hard-coded.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Layout(models.TextChoices):
    # The plan's targets were set on these units.
    BEFORE_2025 = "before-2025", _("Before 1 July 2025 (city, district, commune)")
    FROM_2025 = "2025", _("From 1 July 2025 (city, commune)")


class Level(models.TextChoices):
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    TOWNSHIP = "township", _("township")
    WARD = "ward", _("ward")


class AdministrativeUnitQuerySet(models.QuerySet):
    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def districts(self):
        return self.filter(level=Level.DISTRICT)

    def in_layout(self, layout):
        return self.filter(layout=layout)

    def current(self):
        return self.filter(layout=Layout.FROM_2025)

    def programme_communes(self):
        """The communes counted by the new-rural (nông thôn mới) programme."""
        return self.filter(layout=Layout.BEFORE_2025, level=Level.COMMUNE, in_new_rural_programme=True)

    def programme_communes_2025(self):
        """The programme's communes in the 2025 layout: today's communes that took in (wholly or in part) a
        commune of the programme. Wards are not counted: the programme's units are communes (xã)."""
        successors = Succession.objects.filter(old_unit__in=self.model.objects.programme_communes()).values(
            "new_unit_id"
        )
        return self.filter(layout=Layout.FROM_2025, level=Level.COMMUNE, pk__in=successors)


class AdministrativeUnit(models.Model):
    # Official statistics-office codes; the 2025 units reuse some old codes,
    # so a code is unique only within its layout.
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    layout = models.CharField(_("layout"), max_length=12, choices=Layout.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    is_rural = models.BooleanField(_("rural"), default=False)
    # xã nông thôn mới: counted by the new-rural programme (56 of HCMC's 58 rural communes)
    in_new_rural_programme = models.BooleanField(_("in the new-rural programme"), default=False)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        ordering = ["layout", "level", "name"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(fields=["layout", "code"], name="regions_unit_code_unique_in_layout"),
        ]
        indexes = [models.Index(fields=["layout", "level"])]

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """'An Phú, Củ Chi': the commune with its district, where the name alone is ambiguous."""
        if self.parent and self.parent.level == Level.DISTRICT:
            return f"{self.name}, {self.parent.name}"
        return self.name


class Succession(models.Model):
    """Which unit of the old layout went (wholly or in part) into which new unit."""

    class Share(models.TextChoices):
        WHOLE = "whole", _("whole")
        PARTIAL = "partial", _("partial")

    old_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successions", verbose_name=_("old unit")
    )
    new_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessions", verbose_name=_("new unit")
    )
    share = models.CharField(_("share"), max_length=7, choices=Share.choices)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["old_unit", "new_unit"], name="regions_succession_unique"),
        ]

    def __str__(self):
        return f"{self.old_unit} → {self.new_unit} ({self.get_share_display()})"
