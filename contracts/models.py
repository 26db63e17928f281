"""A linkage contract between one or more cooperatives and a business buyer.

"A contract IS the linkage model": ``valuechains.LinkageModel`` stays the contract's identity (its
areas, participants and technologies, and the indicators that count it). What the parties agreed lives
here, in numbered versions: a change is a new version offered by one side and accepted by the other;
the accepted version stays in force until then, and every version is kept.
"""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from valuechains.models import QuantityUnit


def _signed_paper_path(instance, filename):
    return f"contracts/{instance.linkage_model_id}/{filename}"


def _private_storage():
    # The signed paper is the parties' business: kept where application documents are (not public media).
    from cooperatives.models import _private_storage as private_storage

    return private_storage()


class ContractVersion(models.Model):
    class Period(models.TextChoices):
        WEEK = "week", _("per week")
        MONTH = "month", _("per month")

    class Side(models.TextChoices):
        COOPERATIVE = "cooperative", _("cooperative")
        ORGANISATION = "organisation", _("buyer")

    class State(models.TextChoices):
        OFFERED = "offered", _("offered, awaiting an answer")
        ACCEPTED = "accepted", _("in force")
        DECLINED = "declined", _("declined")
        SUPERSEDED = "superseded", _("replaced by a later version")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Every version is kept: a contract with versions is never deleted.
    linkage_model = models.ForeignKey(
        "valuechains.LinkageModel", on_delete=models.PROTECT, related_name="versions", verbose_name=_("contract")
    )
    number = models.PositiveIntegerField(_("version"))
    # None only for versions migrated from linkage models recorded before buyers had accounts.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract_versions",
        verbose_name=_("buyer"),
    )
    cooperatives = models.ManyToManyField(
        "cooperatives.Cooperative", related_name="contract_versions", verbose_name=_("cooperatives")
    )
    start = models.DateField(_("starts"), null=True, blank=True)
    end = models.DateField(_("ends"), null=True, blank=True)
    period = models.CharField(_("volumes are"), max_length=5, choices=Period.choices, default=Period.WEEK)
    # Monday = 0 … Sunday = 6, as Python's date.weekday().
    delivery_weekdays = models.JSONField(_("delivery days"), default=list, blank=True)
    cutoff_days = models.PositiveSmallIntegerField(_("orders close (days before delivery)"), default=1)
    cutoff_time = models.TimeField(_("orders close at"), default=datetime.time(17, 0))
    payment_days = models.PositiveSmallIntegerField(_("payment due (days after delivery)"), default=30)
    quality_terms = models.TextField(_("quality terms"), blank=True)
    delivery_sites = models.ManyToManyField(
        "organisations.DeliverySite", blank=True, related_name="contract_versions", verbose_name=_("delivery sites")
    )
    areas = models.ManyToManyField(
        "valuechains.RawMaterialArea",
        blank=True,
        related_name="contract_versions",
        verbose_name=_("raw-material areas"),
    )
    signed_paper = models.FileField(
        _("signed paper"), upload_to=_signed_paper_path, storage=_private_storage, blank=True
    )
    offered_by_side = models.CharField(_("offered by"), max_length=12, choices=Side.choices)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OFFERED)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["linkage_model", "-number"]
        verbose_name = _("contract version")
        verbose_name_plural = _("contract versions")
        constraints = [
            models.UniqueConstraint(fields=["linkage_model", "number"], name="contracts_version_number_once"),
            # One version in force at a time, one offer awaiting an answer at a time.
            models.UniqueConstraint(
                fields=["linkage_model"], condition=models.Q(state="accepted"), name="contracts_one_in_force"
            ),
            models.UniqueConstraint(
                fields=["linkage_model"], condition=models.Q(state="offered"), name="contracts_one_pending_offer"
            ),
        ]

    def __str__(self):
        return f"{self.linkage_model} v{self.number}"

    @property
    def is_legacy(self) -> bool:
        return self.organisation_id is None


class ContractLine(models.Model):
    version = models.ForeignKey(ContractVersion, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, related_name="contract_lines", verbose_name=_("product")
    )
    # VND has no minor unit.
    unit_price = models.PositiveBigIntegerField(_("agreed price (VND)"), validators=[MinValueValidator(1)])
    volume = models.DecimalField(
        _("agreed volume per period"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    volume_unit = models.CharField(
        _("unit"), max_length=10, choices=QuantityUnit.choices, default=QuantityUnit.KILOGRAM
    )

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("contract line")
        verbose_name_plural = _("contract lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(unit_price__gt=0), name="contracts_line_price_positive"),
            models.UniqueConstraint(fields=["version", "product"], name="contracts_line_product_once"),
        ]

    def __str__(self):
        return f"{self.product} @ {self.unit_price}"


class StandingOrder(models.Model):
    """One delivery of a contract: the order the market places for the buyer at the contract's cut-off.

    Planned ahead (the buyer may change quantities until ``cutoff_at``), then placed once as an ordinary
    shop order at the contract's prices. The unique (contract, delivery date, site) row is what makes
    "once per contract and day" hold whatever retries or beat processes run: placing claims the row.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned, open for changes")
        PLACED = "placed", _("order placed")
        SKIPPED = "skipped", _("nothing to deliver")

    linkage_model = models.ForeignKey(
        "valuechains.LinkageModel",
        on_delete=models.PROTECT,
        related_name="standing_orders",
        verbose_name=_("contract"),
    )
    # The version in force when the delivery was planned; its prices are the prices of the order.
    version = models.ForeignKey(
        ContractVersion, on_delete=models.PROTECT, related_name="standing_orders", verbose_name=_("contract version")
    )
    delivery_date = models.DateField(_("delivery day"))
    delivery_site = models.ForeignKey(
        "organisations.DeliverySite",
        on_delete=models.PROTECT,
        related_name="standing_orders",
        verbose_name=_("delivery site"),
    )
    # Computed from the version's cut-off (days before delivery, at a time of day, Vietnam time).
    cutoff_at = models.DateTimeField(_("changes close"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    order = models.OneToOneField(
        "order.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standing_order",
        verbose_name=_("order"),
    )
    placed_at = models.DateTimeField(_("placed"), null=True, blank=True)
    # Why nothing, or less than agreed, was placed (e.g. out of stock), as the buyer and officers read it.
    note = models.CharField(_("note"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["delivery_date", "linkage_model", "pk"]
        verbose_name = _("standing order")
        verbose_name_plural = _("standing orders")
        constraints = [
            models.UniqueConstraint(
                fields=["linkage_model", "delivery_date", "delivery_site"], name="contracts_standing_order_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "cutoff_at"], name="contracts_so_due")]

    def __str__(self):
        return f"{self.linkage_model} – {self.delivery_date:%d/%m/%Y}"


class StandingOrderLine(models.Model):
    """How much of one contract line a delivery brings, and what fell short of it (with the reason)."""

    standing_order = models.ForeignKey(StandingOrder, on_delete=models.CASCADE, related_name="lines")
    contract_line = models.ForeignKey(
        ContractLine, on_delete=models.PROTECT, related_name="standing_order_lines", verbose_name=_("product")
    )
    # In the contract line's unit (kg, crate, …).
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    order_line = models.OneToOneField(
        "order.Line",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="standing_order_line",
        verbose_name=_("order line"),
    )
    shortfall = models.DecimalField(
        _("short by"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    shortfall_reason = models.CharField(_("reason for the shortfall"), max_length=255, blank=True)

    class Meta:
        ordering = ["standing_order", "pk"]
        verbose_name = _("standing order line")
        verbose_name_plural = _("standing order lines")
        constraints = [
            models.UniqueConstraint(fields=["standing_order", "contract_line"], name="contracts_standing_line_once"),
            models.CheckConstraint(
                condition=models.Q(shortfall__lte=models.F("quantity")), name="contracts_shortfall_within_quantity"
            ),
        ]

    def __str__(self):
        return f"{self.contract_line.product} × {self.quantity}"

    @property
    def delivered_quantity(self):
        return self.quantity - self.shortfall


class ProgressAlert(models.Model):
    """The e-mail that a contract fell behind in one period, sent once: the unique (contract, period) row is
    claimed in the transaction that queues the mail, so a retried or doubled beat task never sends twice."""

    linkage_model = models.ForeignKey(
        "valuechains.LinkageModel",
        on_delete=models.PROTECT,
        related_name="progress_alerts",
        verbose_name=_("contract"),
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-period_start", "linkage_model"]
        verbose_name = _("progress alert")
        verbose_name_plural = _("progress alerts")
        constraints = [
            models.UniqueConstraint(fields=["linkage_model", "period_start"], name="contracts_progress_alert_once"),
        ]

    def __str__(self):
        return f"{self.linkage_model} – {self.period_start:%d/%m/%Y}"
