"""An invoice (hoá đơn) for one delivered order part of a contract order, and its numbering.

Seller and buyer are copied onto the invoice when it is issued: an invoice says what was true that day,
even after a cooperative moves or an organisation changes its invoice address.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NUMBER_PREFIX = "HĐ"


class InvoiceCounter(models.Model):
    """The last number given to a cooperative's invoices in a year. Issuing locks this row
    (select_for_update), so two parts delivered at once get consecutive numbers, never the same or a gap."""

    cooperative = models.ForeignKey("cooperatives.Cooperative", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cooperative", "year"], name="invoicing_counter_once")]

    def __str__(self):
        return f"{self.cooperative_id}/{self.year}: {self.last}"


class Invoice(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("due")
        OVERDUE = "overdue", _("overdue")
        PAID = "paid", _("paid")

    # One invoice per delivered part, whatever retries happen: the one-to-one row is the guarantee.
    part = models.OneToOneField(
        "fulfilment.OrderPart", on_delete=models.PROTECT, related_name="invoice", verbose_name=_("order part")
    )
    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("seller")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("buyer")
    )
    standing_order = models.ForeignKey(
        "contracts.StandingOrder", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("delivery")
    )
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("invoice number"), max_length=20)
    issued_on = models.DateField(_("invoice date"))
    due_on = models.DateField(_("due date"), db_index=True)
    # Whole đồng: the part's lines and its delivery fee.
    goods_amount = models.PositiveBigIntegerField(_("goods"))
    delivery_fee = models.PositiveBigIntegerField(_("delivery fee"))
    amount = models.PositiveBigIntegerField(_("amount"))
    seller_name = models.CharField(_("seller"), max_length=200)
    seller_tax_code = models.CharField(_("seller's tax code"), max_length=13, blank=True)
    seller_address = models.CharField(_("seller's address"), max_length=400, blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_tax_code = models.CharField(_("buyer's tax code"), max_length=13)
    buyer_address = models.CharField(_("invoice address"), max_length=400)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.PositiveBigIntegerField(_("amount paid"), null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-sequence", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "year", "sequence"], name="invoicing_number_once"),
            models.CheckConstraint(
                condition=models.Q(amount=models.F("goods_amount") + models.F("delivery_fee")),
                name="invoicing_amount_is_goods_and_fee",
            ),
        ]

    def __str__(self):
        return self.number

    def status_on(self, day: datetime.date) -> str:
        if self.paid_on is not None:
            return self.Status.PAID
        return self.Status.OVERDUE if self.due_on < day else self.Status.DUE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("goods"), max_length=255)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.PositiveBigIntegerField(_("unit price"))
    amount = models.PositiveBigIntegerField(_("amount"))

    class Meta:
        ordering = ["invoice", "pk"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self):
        return f"{self.description} × {self.quantity}"
