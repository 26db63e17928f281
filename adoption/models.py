"""The plan's indicators as data, their daily snapshots, and the tokens of the city's reporting systems.

Targets and deadlines are rows an administrator edits (Django admin), not constants: the city may
revise them. How each indicator is counted lives in ``adoption.indicators``, keyed by ``code``."""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    numerator_label_vi = models.CharField(_("what is counted (Vietnamese)"), max_length=255, blank=True)
    numerator_label_en = models.CharField(_("what is counted (English)"), max_length=255, blank=True)
    denominator_label_vi = models.CharField(_("out of (Vietnamese)"), max_length=255, blank=True)
    denominator_label_en = models.CharField(_("out of (English)"), max_length=255, blank=True)
    # A share between 0 and 1: 0.8 is 80%.
    target = models.DecimalField(
        _("target"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("A share between 0 and 1: 0.8 means 80%."),
    )
    deadline = models.DateField(_("deadline"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [("view_adoption_dashboard", "Can see the department's adoption dashboard")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if _english() else self.name_vi

    @property
    def numerator_label(self):
        return self.numerator_label_en if _english() else self.numerator_label_vi

    @property
    def denominator_label(self):
        return self.denominator_label_en if _english() else self.denominator_label_vi


DEFAULT_LINKAGE_EVIDENCE_DAYS = 90


class IndicatorSettings(models.Model):
    """How the indicators are counted where the city may revise it, like the targets: one row.

    Kept apart from ``Indicator``: the districts and digital-technology indicators count the same linkage
    models, so they must share one evidence window, not carry one each that could disagree."""

    linkage_evidence_days = models.PositiveSmallIntegerField(
        _("linkage evidence window (days)"),
        default=DEFAULT_LINKAGE_EVIDENCE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "A linkage model counts for the indicators only if its contract had a delivery in this many last days."
        ),
    )

    class Meta:
        verbose_name = _("indicator settings")
        verbose_name_plural = _("indicator settings")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="adoption_settings_one_row")]

    def __str__(self):
        return str(_("Indicator settings"))

    @classmethod
    def current(cls) -> "IndicatorSettings":
        """The row (loaded by a migration), or the defaults if it was never written."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class IndicatorSnapshot(models.Model):
    """An indicator's figures on one day, for the trend charts. One row per indicator and day."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    day = models.DateField(_("day"), db_index=True)
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"))
    # The target in force that day: the chart's target line stays true if the target is revised.
    target = models.DecimalField(_("target"), max_digits=5, decimal_places=4)
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "day"]
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        constraints = [models.UniqueConstraint(fields=["indicator", "day"], name="adoption_snapshot_once_a_day")]

    def __str__(self):
        return f"{self.indicator.code} {self.day}: {self.numerator}/{self.denominator}"

    @property
    def value(self):
        return self.numerator / self.denominator if self.denominator else None


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def matching(self, raw: str):
        return self.active().filter(digest=_token_digest(raw))


class ApiToken(models.Model):
    """A reporting system's key to the API. Only a digest is stored: the key is shown once, at creation."""

    name = models.CharField(_("system"), max_length=120)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, created_by=None) -> tuple["ApiToken", str]:
        """A new token and its raw key, which is not kept anywhere."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(name=name, digest=_token_digest(raw), prefix=raw[:8], created_by=created_by)
        return token, raw


class SalesMonth(models.Model):
    """One cooperative's order parts (not cancelled) and sales in one closed month.

    Summing 200,000 order lines by month takes seconds on SQLite, so closed months are rolled up by
    the nightly ``take_indicator_snapshots`` and the dashboard adds only the open months live."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperative")
    )
    month = models.DateField(_("month"))
    orders = models.PositiveIntegerField(_("orders"), default=0)
    sales = models.DecimalField(_("sales"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("monthly sales")
        verbose_name_plural = _("monthly sales")
        constraints = [models.UniqueConstraint(fields=["cooperative", "month"], name="adoption_sales_month_once")]

    def __str__(self):
        return f"{self.cooperative_id} {self.month:%m/%Y}: {self.orders}, {self.sales}"


class SalesMonthRollup(models.Model):
    """A month whose SalesMonth rows are complete (rolled up after it closed)."""

    month = models.DateField(_("month"), unique=True)
    rolled_up_at = models.DateTimeField(_("rolled up at"), default=timezone.now)

    class Meta:
        ordering = ["month"]
        verbose_name = _("rolled-up month")
        verbose_name_plural = _("rolled-up months")

    def __str__(self):
        return f"{self.month:%m/%Y}"
