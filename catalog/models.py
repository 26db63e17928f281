"""Oscar's product, with the facts buyers of Vietnamese produce look for.

Prices and stock stay in Oscar's StockRecord; nothing here duplicates them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct


class Certification(models.Model):
    """A production standard a product is certified to (VietGAP, GlobalGAP, hữu cơ…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self):
        return self.name


class SellingUnit(models.TextChoices):
    KILOGRAM = "kg", _("kg")
    GRAM_500 = "500g", _("500 g")
    BUNCH = "bunch", _("bunch")
    BOX = "box", _("box")
    BAG = "bag", _("bag")
    BOTTLE = "bottle", _("bottle")
    PIECE = "piece", _("piece")
    LITRE = "litre", _("litre")
    TRAY = "tray", _("tray")


class Month(models.IntegerChoices):
    JANUARY = 1, _("January")
    FEBRUARY = 2, _("February")
    MARCH = 3, _("March")
    APRIL = 4, _("April")
    MAY = 5, _("May")
    JUNE = 6, _("June")
    JULY = 7, _("July")
    AUGUST = 8, _("August")
    SEPTEMBER = 9, _("September")
    OCTOBER = 10, _("October")
    NOVEMBER = 11, _("November")
    DECEMBER = 12, _("December")


class Product(AbstractProduct):
    # sản phẩm chủ lực: the cooperative's flagship product
    is_flagship = models.BooleanField(_("flagship product"), default=False, db_index=True)
    # OCOP: "One Commune One Product", rated 3 to 5 stars
    ocop_stars = models.PositiveSmallIntegerField(
        _("OCOP stars"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text=_("3 to 5 stars; empty when the product has no OCOP rating."),
    )
    certifications = models.ManyToManyField(
        Certification, blank=True, related_name="products", verbose_name=_("certifications")
    )
    selling_unit = models.CharField(
        _("selling unit"), max_length=10, choices=SellingUnit.choices, default=SellingUnit.KILOGRAM
    )
    origin_commune = models.ForeignKey(
        "regions.AdministrativeUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("origin commune"),
    )
    season_start = models.PositiveSmallIntegerField(
        _("season starts"), choices=Month.choices, null=True, blank=True
    )
    season_end = models.PositiveSmallIntegerField(
        _("season ends"), choices=Month.choices, null=True, blank=True
    )
    # What search matches (catalog/search.py), folded: lowercase, without diacritics, đ as d.
    # Kept up to date by catalog.services.product_refresh_search_text.
    search_title = models.CharField(_("folded title"), max_length=255, blank=True, default="", editable=False)
    search_text = models.TextField(_("folded search text"), blank=True, default="", editable=False)

    class Meta(AbstractProduct.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ocop_stars__isnull=True) | models.Q(ocop_stars__range=(3, 5)),
                name="catalogue_product_ocop_stars_3_to_5",
            ),
        ]

    @property
    def cooperative(self):
        """The cooperative selling this product (from its stock record).

        Uses the prefetched stock records when a list page fetched them."""
        for stockrecord in self.stockrecords.all():
            return getattr(stockrecord.partner, "cooperative", None)
        return None

    @property
    def is_year_round(self):
        return self.season_start is None or self.season_end is None

    @property
    def season_display(self):
        if self.is_year_round:
            return _("All year")
        return f"{self.get_season_start_display()} – {self.get_season_end_display()}"


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403
