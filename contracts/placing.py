"""Standing orders, placed: at its cut-off, a planned delivery becomes an ordinary shop order.

The same Oscar machinery as checkout (basket, strategy, OrderCreator) and the same rows after it (order
lines' weight steps, one order part per cooperative, the payment row), at the contract's prices, to the
delivery site, for the buyer (its first member who places orders). What stock does not cover is placed
short and recorded on the standing order line with the reason; nothing at all in stock skips the day.

Exactly once per contract, day and site: each row is claimed in the transaction that places it, by a
conditional update from "planned" (a second beat process or a retried task finds it taken and moves on;
on PostgreSQL ``skip_locked`` lets it pass a row being placed without waiting).

Payment: a contract is paid by bank transfer on the invoice, ``payment_days`` after delivery, so the
order's payment row is a bank transfer awaiting payment; nothing in the order pipeline waits for it
(cooperatives confirm and ship as for any unpaid transfer), and the transfer, when it comes, settles the
order through the usual receipts and ledger.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.apps.partner.prices import FixedPrice
from oscar.apps.shipping.methods import Free
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from catalog import services as catalog_services
from catalog.availability import purchase_refusal
from fulfilment.services import order_parts_create
from organisations.models import Membership
from partner.strategy import Default
from payments import services as payment_services
from payments.models import PaymentMethod

from .models import ContractVersion, StandingOrder
from .quantities import sale_step, shop_quantity, step_price
from .standing_orders import delivers_on

Basket = get_model("basket", "Basket")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
Status = StandingOrder.Status


class ContractPrices(Default):
    """The shop's strategy (what can be bought, from which stock) at the contract's price per shop unit."""

    def __init__(self, step_prices: dict):
        super().__init__(None)
        self.step_prices = step_prices

    def pricing_policy(self, product, stockrecord):
        price = self.step_prices.get(product.pk)
        if price is None or stockrecord is None:
            return super().pricing_policy(product, stockrecord)
        return FixedPrice(currency=stockrecord.price_currency, excl_tax=price, tax=Decimal(0))


class ContractDelivery(Free):
    """Delivered to the buyer's site as the contract agreed: no shop delivery fee."""

    code = "contract-delivery"
    name = gettext_lazy("Delivered under the contract")


def standing_orders_place_due(*, now=None) -> dict:
    """Place every planned delivery whose cut-off has come; returns how many were placed and skipped."""
    now = now or timezone.now()
    due = StandingOrder.objects.filter(status=Status.PLANNED, cutoff_at__lte=now).order_by("cutoff_at", "pk")
    counts = {"placed": 0, "skipped": 0}
    for pk in list(due.values_list("pk", flat=True)):
        outcome = standing_order_place(pk, now=now)
        if outcome:
            counts[outcome] += 1
    return counts


def _claim(pk, now) -> bool:
    """Take the row for this transaction: False when another process placed it or is placing it."""
    free = StandingOrder.objects.select_for_update(skip_locked=True).filter(pk=pk, status=Status.PLANNED)
    if not free.values_list("pk", flat=True):
        return False
    return bool(StandingOrder.objects.filter(pk=pk, status=Status.PLANNED).update(status=Status.PLACED, placed_at=now))


def standing_order_place(pk, *, now=None) -> str | None:
    """Place one delivery: "placed", "skipped", or None when it was not (or no longer) planned."""
    now = now or timezone.now()
    with transaction.atomic():
        if not _claim(pk, now):
            return None
        row = StandingOrder.objects.select_related("version__organisation", "delivery_site").get(pk=pk)
        orderer = _orderer(row.version.organisation)
        refusal = _refusal(row, orderer)
        if refusal:
            return _skip(row, refusal)
        lines = list(row.lines.select_related("contract_line__product"))
        placed = _what_stock_allows(row.version, lines)
        if not placed:
            return _skip(row, _("Nothing could be placed: not enough stock."), lines=lines)
        order = _place_order(row, orderer, placed)
        by_product = {line.product_id: line for line in order.lines.all()}
        for line in lines:
            line.order_line = by_product.get(line.contract_line.product_id)
            line.save(update_fields=["order_line", "shortfall", "shortfall_reason"])
        row.order = order
        row.note = _("Some products fell short: see each line.") if any(line.shortfall for line in lines) else ""
        row.save(update_fields=["order", "note"])
    return "placed"


def _refusal(row, orderer) -> str:
    version = row.version
    if version.state != ContractVersion.State.ACCEPTED or version.organisation_id is None:
        return _("The contract is no longer in force with these terms: nothing was ordered.")
    if not delivers_on(version, row.delivery_site_id, row.delivery_date):
        return _("The contract does not deliver on this day: nothing was ordered.")
    if orderer is None:
        return _("Nobody at the buyer places orders: nothing was ordered.")
    return ""


def _skip(row, note: str, *, lines=()) -> str:
    for line in lines:
        line.save(update_fields=["shortfall", "shortfall_reason"])
    row.status, row.placed_at, row.note = Status.SKIPPED, None, note[:255]
    row.save(update_fields=["status", "placed_at", "note"])
    return "skipped"


def _orderer(organisation):
    member = (
        Membership.objects.filter(organisation=organisation, can_order=True, user__is_active=True)
        .select_related("user")
        .order_by("joined_at", "pk")
        .first()
    )
    return member.user if member else None


def _what_stock_allows(version, lines) -> list[tuple]:
    """(product, shop quantity, price per shop unit) for what can be placed; each line's shortfall set.

    The stock records are locked (in id order, as checkout does) until the order is placed."""
    partner_ids = list(version.cooperatives.values_list("partner_id", flat=True))
    records = {}
    for record in (
        StockRecord.objects.select_for_update(of=("self",))
        .select_related("product__product_class", "product__parent", "partner__cooperative")
        .filter(product_id__in=[line.contract_line.product_id for line in lines], partner_id__in=partner_ids)
        .order_by("pk")
    ):
        records.setdefault(record.product_id, record)
    placed = []
    for line in lines:
        product = line.contract_line.product
        step = sale_step(product, line.contract_line.volume_unit)
        wanted = shop_quantity(line.quantity, step)
        record = records.get(product.pk)
        reason = purchase_refusal(product, record) if record else _("Not sold by the contract's cooperatives")
        available = 0 if reason else wanted
        if not reason and product.get_product_class().track_stock:
            available = min(wanted, max((record.num_in_stock or 0) - (record.num_allocated or 0), 0))
            reason = _("Not enough stock") if available < wanted else ""
        line.shortfall = min(line.quantity, (wanted - available) * step)
        line.shortfall_reason = reason[:255] if line.shortfall else ""
        if available:
            placed.append((product, available, step_price(line.contract_line.unit_price, step)))
    return placed


def _address(row):
    site, organisation = row.delivery_site, row.version.organisation
    return ShippingAddress.objects.create(
        first_name=f"{organisation.name} – {site.name}"[:255],
        line1=site.street,
        line3=site.commune_name,
        line4=site.province_name,
        country_id="VN",
        phone_number=site.phone,
        notes=site.notes,
    )


def _place_order(row, user, placed):
    basket = Basket.objects.create(owner=user)
    basket.strategy = ContractPrices({product.pk: price for product, _quantity, price in placed})
    for product, quantity, _price in placed:
        basket.add_product(product, quantity)
    method = ContractDelivery()
    shipping_charge = method.calculate(basket)
    total = prices.Price(
        currency=basket.currency, excl_tax=basket.total_excl_tax, incl_tax=basket.total_incl_tax, tax=Decimal(0)
    )
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=shipping_charge,
        user=user,
        shipping_address=_address(row),
        order_number=OrderNumberGenerator().order_number(basket),
    )
    catalog_services.order_line_weights_record(order=order)
    order_parts_create(order=order, choices={}, language=settings.LANGUAGE_CODE, agreed_delivery=True)
    source = payment_services.payment_source_for(PaymentMethod.BANK_TRANSFER, total=total)
    source.order = order
    source.save()
    payment_services.order_payment_create(order=order, method=PaymentMethod.BANK_TRANSFER)
    basket.submit()
    return order
