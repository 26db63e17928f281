"""How each order is paid: the method, money received and given back, the ledger per cooperative,
and Stripe's webhook events as they arrive.

These are records; the order lifecycle (lifecycle/) writes them. A payment is awaited, then paid
(once what was received covers the parts not cancelled), and never moves backwards, whatever order
Stripe's events arrive in.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    CASH_ON_DELIVERY = "cash-on-delivery", _("Cash on delivery")
    BANK_TRANSFER = "bank-transfer", _("Bank transfer (VietQR)")
    CARD = "card", _("Card (Stripe)")


class PaymentStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting payment")
    FAILED = "failed", _("Payment failed")
    PAID = "paid", _("Paid")


# How far along each status is: an event may only move a payment forward. A failed attempt can
# still be followed by a successful one (the buyer retries on Stripe's page), never the reverse.
STATUS_RANK = {PaymentStatus.AWAITING: 0, PaymentStatus.FAILED: 1, PaymentStatus.PAID: 2}


class OrderPayment(models.Model):
    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="payment", verbose_name=_("order")
    )
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.AWAITING, db_index=True
    )
    # Whole đồng: VND has no minor unit, and Stripe takes VND amounts as đồng.
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    stripe_session_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, default="")
    reference = models.CharField(_("reference"), max_length=255, blank=True, default="")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order payment")
        verbose_name_plural = _("order payments")

    def __str__(self):
        return f"{self.order.number}: {self.get_method_display()} — {self.get_status_display()}"

    @property
    def buyer_status(self):
        """Where the payment stands, in the buyer's words."""
        if self.status == PaymentStatus.PAID:
            return _("paid")
        if self.method == PaymentMethod.BANK_TRANSFER:
            return _("awaiting transfer")
        if self.method == PaymentMethod.CARD:
            if self.status == PaymentStatus.FAILED:
                return _("card payment did not go through")
            return _("awaiting card payment")
        return _("pay in cash on delivery or at pickup")

    def can_move_to(self, status) -> bool:
        return STATUS_RANK[PaymentStatus(status)] > STATUS_RANK[PaymentStatus(self.status)]


class StripeEvent(models.Model):
    """Each webhook event Stripe sent, stored once: a redelivered event finds its row and is skipped.

    A signed event we cannot read (no id, no object, a text date) is kept too, as "malformed", for
    someone to look at: Stripe signed it, so it is not noise."""

    class Outcome(models.TextChoices):
        PROCESSED = "processed", _("processed")
        IGNORED = "ignored", _("ignored")
        CASE = "case", _("left for officers")
        MALFORMED = "malformed", _("malformed")

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField(null=True, blank=True)  # when Stripe says it happened
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PROCESSED)
    problem = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.event_id} ({self.type})"


class CommissionRate(models.Model):
    """The platform's commission on what it collects for cooperatives, set by the department.

    A new rate applies from its date; sales already collected keep the rate they were charged."""

    percent = models.DecimalField(
        _("commission (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    valid_from = models.DateField(_("valid from"), unique=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("commission rate")
        verbose_name_plural = _("commission rates")

    def __str__(self):
        return f"{self.percent}% ({self.valid_from})"


class Payout(models.Model):
    """A bank transfer from the platform to a cooperative, recorded by department staff."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.PROTECT, related_name="payouts", verbose_name=_("cooperative")
    )
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    bank_reference = models.CharField(_("bank reference"), max_length=100)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_payout_amount_positive"),
            models.UniqueConstraint(fields=["cooperative", "bank_reference"], name="payments_payout_reference_once"),
        ]

    def __str__(self):
        return f"{self.cooperative}: {self.amount} ({self.bank_reference})"


class LedgerEntry(models.Model):
    """One movement in what the platform owes a cooperative. Positive: owed more; negative: owed less.

    Entries are only ever added (a correction is a new entry), so a statement is their sum and
    always balances to the đồng."""

    class Kind(models.TextChoices):
        COLLECTED = "collected", _("collected for the cooperative")
        COMMISSION = "commission", _("platform commission")
        REFUND = "refund", _("refund to the buyer")
        CANCELLATION = "cancellation", _("goods cancelled after payment")
        COMMISSION_RETURNED = "commission-returned", _("commission returned on a refund")
        PAYOUT = "payout", _("payout to the cooperative")

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("cooperative"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    order_part = models.ForeignKey(
        "fulfilment.OrderPart", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    payout = models.OneToOneField(Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="entry")
    # The refund to the buyer this entry records (kind "refund"): each refund is one entry.
    refund = models.OneToOneField(
        "payments.Refund", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entry"
    )
    # The commission rate charged, kept so a refund returns commission at the same rate.
    commission_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            # A part's money is collected (and commission charged) once, however often "paid" arrives.
            models.UniqueConstraint(
                fields=["order_part", "kind"],
                condition=models.Q(kind__in=["collected", "commission"]),
                name="payments_ledger_collect_once",
            ),
        ]

    def __str__(self):
        return f"{self.cooperative}: {self.get_kind_display()} {self.amount}"


class Refund(models.Model):
    """Money given back to a buyer.

    "goods": for (part of) goods a cooperative sold (damaged, short): the cooperative's credit falls
    with it. "owed": money the buyer paid for nothing — a part cancelled after payment, or more than
    was due — whose credit was never given or was taken back when the part was cancelled.
    Card payments are refunded through Stripe; cash and transfers by hand, recorded here."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("refund for goods")
        OWED = "owed", _("refund of money owed to the buyer")

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="refunds", verbose_name=_("order"))
    order_part = models.ForeignKey(
        "fulfilment.OrderPart",
        on_delete=models.PROTECT,
        related_name="refunds",
        null=True,
        blank=True,
        verbose_name=_("order part"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GOODS)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    reason = models.CharField(_("reason"), max_length=255)
    stripe_refund_id = models.CharField(max_length=255, blank=True, default="")
    reference = models.CharField(_("reference"), max_length=100, blank=True, default="")
    # None: made at Stripe (its dashboard), learnt from the charge.refunded event.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payments_refund_amount_positive"),
            models.UniqueConstraint(
                fields=["stripe_refund_id"],
                condition=~models.Q(stripe_refund_id=""),
                name="payments_refund_stripe_once",
            ),
        ]

    def __str__(self):
        return f"{self.order_part}: {self.amount}"


class Receipt(models.Model):
    """Money that reached the market for an order: a bank transfer, a card payment, or the cash a
    cooperative's shipper collected for its part. Each arrives once (its reference is unique per
    order and method); amounts are whole đồng and may be short of, equal to or over what is due."""

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="receipts", verbose_name=_("order"))
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    reference = models.CharField(_("reference"), max_length=255)
    # Why less (or nothing) was collected: cash on delivery refused at the door, say.
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    # Cash on delivery is collected per part, by the part's cooperative.
    order_part = models.OneToOneField(
        "fulfilment.OrderPart", on_delete=models.PROTECT, null=True, blank=True, related_name="cash_receipt"
    )
    stripe_event = models.ForeignKey(StripeEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("money received")
        verbose_name_plural = _("money received")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="payments_receipt_amount_not_negative"),
            models.UniqueConstraint(fields=["order", "method", "reference"], name="payments_receipt_once"),
        ]

    def __str__(self):
        return f"{self.order.number}: {self.amount} ({self.reference})"


class PaymentCase(models.Model):
    """Something about an order's money that a person must look at: a card payment for another
    amount or currency than asked, a payment that arrived after the order was given up."""

    class Kind(models.TextChoices):
        AMOUNT_MISMATCH = "amount", _("paid amount differs from what was asked")
        CURRENCY_MISMATCH = "currency", _("paid in another currency")
        PAID_AFTER_EXPIRY = "late", _("paid after the payment page expired")

    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, related_name="payment_cases", verbose_name=_("order")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=500)
    stripe_event = models.ForeignKey(StripeEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    # An officer looked into it and says what was done (refunded at Stripe, asked the buyer, …).
    resolution = models.CharField(_("what was done"), max_length=500, blank=True, default="")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment case")
        verbose_name_plural = _("payment cases")

    def __str__(self):
        return f"{self.order.number}: {self.get_kind_display()}"
