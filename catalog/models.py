"""Oscar's product, with the facts buyers of Vietnamese produce look for.

Prices and stock stay in Oscar's StockRecord; nothing here duplicates them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct

from . import weights


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


# A product sold in weight steps is priced by weight; its unit must say so.
WEIGHT_SELLING_UNITS = (SellingUnit.KILOGRAM, SellingUnit.GRAM_500)


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
    season_start = models.PositiveSmallIntegerField(_("season starts"), choices=Month.choices, null=True, blank=True)
    season_end = models.PositiveSmallIntegerField(_("season ends"), choices=Month.choices, null=True, blank=True)
    # Sold by weight: the stock record's price is that of one step and its stock is counted in
    # steps, since Oscar's quantities are whole numbers (catalog/weights.py).
    weight_step_grams = models.PositiveIntegerField(
        _("weight step (grams)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(weights.MAX_STEP_GRAMS)],
        help_text=_(
            "The amount sold at a time, in grams (500 for 0.5 kg): the price and the stock are per step. "
            "Empty when not sold by weight."
        ),
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
            models.CheckConstraint(
                condition=models.Q(weight_step_grams__isnull=True)
                | models.Q(weight_step_grams__range=(1, weights.MAX_STEP_GRAMS)),
                name="catalogue_product_weight_step_up_to_50_kg",
            ),
        ]

    def clean(self):
        super().clean()
        if self.is_sold_by_weight and self.selling_unit not in WEIGHT_SELLING_UNITS:
            raise ValidationError(
                {"weight_step_grams": _("Produce sold by weight has kg or 500 g as its selling unit.")}
            )

    def is_review_permitted(self, user):
        """Oscar's hook, answered by our one rule (catalog/review_rules.py): the buyer's order pages ask it."""
        from .review_rules import review_permission  # it reads the order and reviews models

        return review_permission(user=user, product=self).allowed

    @property
    def cooperative(self):
        """The cooperative selling this product (from its stock record).

        Uses the prefetched stock records when a list page fetched them."""
        for stockrecord in self.stockrecords.all():
            return getattr(stockrecord.partner, "cooperative", None)
        return None

    @property
    def is_sold_by_weight(self) -> bool:
        return self.weight_step_grams is not None

    @property
    def step_weight_display(self) -> str:
        """ "0,5 kg" for a product sold in 500 g steps; "" for others."""
        return weights.format_weight(self.weight_step_grams) if self.is_sold_by_weight else ""

    @property
    def is_year_round(self):
        return self.season_start is None or self.season_end is None

    @property
    def season_display(self):
        if self.is_year_round:
            return _("All year")
        return f"{self.get_season_start_display()} – {self.get_season_end_display()}"


class OrderLineWeight(models.Model):
    """The weight step an order line was sold in, as it was when the order was placed.

    The pick list and the buyer's order keep the right weight even if the cooperative changes the
    product's step later. Oscar's order app is not forked and its line attributes would print as
    "(weight = '500')" in every line description, so the step lives here, written by
    catalog.receivers when an order is placed."""

    line = models.OneToOneField(
        "order.Line", on_delete=models.CASCADE, related_name="weight_step", verbose_name=_("order line")
    )
    step_grams = models.PositiveIntegerField(
        _("weight step (grams)"), validators=[MinValueValidator(1), MaxValueValidator(weights.MAX_STEP_GRAMS)]
    )

    class Meta:
        verbose_name = _("order line weight")
        verbose_name_plural = _("order line weights")

    def __str__(self):
        return weights.format_line_weight(self.line.quantity, self.step_grams)


class SuggestionWord(models.Model):
    """One folded word of a product's search text, for the suggestions while typing
    (catalog/suggestion_words.py): the word being typed is looked up by its beginning on the
    ``word`` index, not by scanning every product's text. Rebuilt from the product by
    ``catalog.suggestion_words.refresh``; never edited by hand."""

    # db_index on a CharField: PostgreSQL adds a varchar_pattern_ops index, which LIKE 'abc%' uses.
    word = models.CharField(max_length=64, db_index=True)
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")
    # Copies of the product's own columns, so that the lookup reads this table alone.
    search_text = models.TextField()
    search_title = models.CharField(max_length=255)
    is_flagship = models.BooleanField(default=False)
    date_created = models.DateTimeField()

    class Meta:
        verbose_name = _("suggestion word")
        verbose_name_plural = _("suggestion words")

    def __str__(self):
        return self.word


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403
