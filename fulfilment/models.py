"""An order's part: the lines of one cooperative, with how they reach the buyer and where they stand.

One basket makes one Oscar order; the order keeps the basket's grouping by cooperative in its parts.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model


class OrderPart(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        CONFIRMED = "confirmed", _("confirmed")
        SHIPPED = "shipped", _("shipped")
        DELIVERED = "delivered", _("delivered")
        CANCELLED = "cancelled", _("cancelled")

    class DeliveryMethod(models.TextChoices):
        DELIVERY = "delivery", _("delivery")
        PICKUP = "pickup", _("pickup at the cooperative")

    # Where each status may lead; the same pipeline as the order lines' (OSCAR_LINE_STATUS_PIPELINE).
    PIPELINE = {
        Status.PENDING: (Status.CONFIRMED, Status.CANCELLED),
        Status.CONFIRMED: (Status.SHIPPED, Status.CANCELLED),
        Status.SHIPPED: (Status.DELIVERED,),
        Status.DELIVERED: (),
        Status.CANCELLED: (),
    }

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="parts", verbose_name=_("order"))
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.PROTECT, related_name="order_parts", verbose_name=_("cooperative")
    )
    delivery_method = models.CharField(_("delivery method"), max_length=10, choices=DeliveryMethod.choices)
    # Whole đồng.
    delivery_fee = models.DecimalField(
        _("delivery fee"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # Why the part was cancelled, as the person (or the market) said it.
    cancellation_reason = models.CharField(_("cancellation reason"), max_length=255, blank=True, default="")
    # Cancelled by the market because the card payment page expired unpaid: a payment arriving late
    # may still revive it (lifecycle.parts.part_revive), the one move out of "cancelled".
    cancelled_unpaid = models.BooleanField(default=False)
    # The buyer's language at checkout: e-mails about this part are written in it.
    language = models.CharField(_("language"), max_length=10, default="vi")
    # When it reached the buyer: contract progress, invoices' due dates and the 90-day "active linkage
    # model" evidence all count from it.
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["order", "cooperative__name"]
        verbose_name = _("order part")
        verbose_name_plural = _("order parts")
        constraints = [
            models.UniqueConstraint(fields=["order", "cooperative"], name="fulfilment_one_part_per_cooperative")
        ]

    def __str__(self):
        return f"{self.order.number} – {self.cooperative}"

    def clean(self):
        if self.delivery_fee is not None and self.delivery_fee != self.delivery_fee.to_integral_value():
            raise ValidationError({"delivery_fee": _("Enter a whole number of đồng.")})

    @property
    def lines(self):
        """The order's lines sold by this part's cooperative."""
        Line = get_model("order", "Line")
        return Line.objects.filter(order_id=self.order_id, partner_id=self.cooperative.partner_id)

    @property
    def is_pickup(self):
        return self.delivery_method == self.DeliveryMethod.PICKUP

    def available_statuses(self):
        return list(self.PIPELINE.get(self.status, ()))


class PartNote(models.Model):
    """Ties an order note to the part it is about.

    A cooperative's staff read only the notes of their own parts; a note without one (an officer's,
    or Oscar's own system notes) is for officers only. Oscar's ``OrderNote`` stays unforked.
    """

    note = models.OneToOneField(
        "order.OrderNote",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="part_note",
        verbose_name=_("note"),
    )
    part = models.ForeignKey(OrderPart, on_delete=models.CASCADE, related_name="part_notes", verbose_name=_("part"))

    class Meta:
        verbose_name = _("part note")
        verbose_name_plural = _("part notes")

    def __str__(self):
        return f"{self.part} – {self.note}"

    def clean(self):
        if self.note.order_id != self.part.order_id:
            raise ValidationError(_("A note can only belong to a part of its own order."))


class BuyerText(models.Model):
    """An SMS to a buyer about their order (fulfilment/texts.py), sent or not: a gateway that fails is
    recorded here and logged, and the status change it reports stands."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent")

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="buyer_texts")
    part = models.ForeignKey(OrderPart, on_delete=models.CASCADE, null=True, blank=True, related_name="buyer_texts")
    to = models.CharField(_("to"), max_length=32)
    message = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error = models.CharField(_("error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("text to a buyer")
        verbose_name_plural = _("texts to buyers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.to}: {self.message[:40]}"
