"""Standing orders, placed: at its cut-off, a planned delivery becomes an ordinary shop order.

The same Oscar machinery as checkout (basket, strategy, OrderCreator) and the same rows after it (order
lines' weight steps, one order part per cooperative, the payment row), at the contract's prices, to the
delivery site, for the buyer (its first member who places orders). What stock does not cover is placed
short and recorded on the standing order line with the reason; nothing at all in stock skips the day.

Exactly once per contract, day and site: each row is claimed in the transaction that places it, by a
conditional update from "planned" (a second beat process or a retried task finds it taken and moves on;
on PostgreSQL ``skip_locked`` lets it pass a row being placed without waiting).

Cost: the beat job places a day's deliveries one transaction each (1,000 contracts bring about 330 a day,
tests/bench/standing_orders.py). What is the same for the whole run is read once per batch of rows (the
versions' sites and cooperatives, each buyer's orderer, the site and country), the basket is written with
its lines in one insert and handed to Oscar's OrderCreator as loaded, the order keeps the lines it was
written with, and the catalogue's cached pages are made stale once at the end of the run
(catalog/change_signals.py) rather than at each order's every row: 49 queries for an order of two products
(its mail and text included) instead of 107; tests/integration/contracts/test_standing_orders.py pins it.

Payment: a contract is paid by bank transfer on the invoice, ``payment_days`` after delivery, so the
order's payment row is a bank transfer awaiting payment; nothing in the order pipeline waits for it
(cooperatives confirm and ship as for any unpaid transfer), and the transfer, when it comes, settles the
order through the usual receipts and ledger.
"""

from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.apps.partner.prices import FixedPrice
from oscar.apps.shipping.methods import Free
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from catalog import services as catalog_services
from catalog.availability import purchase_refusal
from catalog.change_signals import product_changes_collected
from fulfilment.services import order_parts_create
from organisations.models import Membership
from partner.strategy import Default
from payments import services as payment_services
from payments.models import PaymentMethod

from .models import ContractVersion, StandingOrder, StandingOrderLine
from .quantities import sale_step, shop_quantity, step_price
from .standing_orders import delivers_on

Basket = get_model("basket", "Basket")
BasketLine = get_model("basket", "Line")
Country = get_model("address", "Country")
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


# Rows read ahead together: their versions, sites, cooperatives and buyers (a few queries a batch).
BATCH = 200


class ContractOrderCreator(OrderCreator):
    """Oscar's, with the order holding the lines it writes as if they were prefetched: what reads them next
    in the same placing (``order_placed``'s receivers, the parts' cache receiver, the standing order's
    lines) finds them without a query. Nothing changes an order's lines during its placing."""

    def create_line_models(self, order, basket_line, extra_line_fields=None):
        line = super().create_line_models(order, basket_line, extra_line_fields)
        held = order.__dict__.setdefault("_prefetched_objects_cache", {})
        if "lines" in held:
            held["lines"]._result_cache.append(line)
        else:
            held["lines"] = _loaded(order.lines.all(), [line])
        return line


def _loaded(queryset, rows):
    """``queryset`` as if it had been evaluated to ``rows`` (what prefetch_related leaves behind)."""
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


class _Batch:
    """What the placing of a batch of rows reads once rather than once per row. A row's own fields, its
    version's (state, dates, weekdays), its lines and the stock are still read in the row's transaction,
    after its claim; a version's sites and cooperatives are its terms (a change is a new version), and the
    buyer's orderer is read at the start of the batch."""

    def __init__(self, pks):
        self.versions = {
            version.pk: version
            for version in ContractVersion.objects.filter(standing_orders__pk__in=pks)
            .distinct()
            .prefetch_related("delivery_sites", "cooperatives")
        }
        organisation_ids = {v.organisation_id for v in self.versions.values() if v.organisation_id is not None}
        self.orderers = dict.fromkeys(organisation_ids)
        for member in (
            Membership.objects.filter(organisation_id__in=organisation_ids, can_order=True, user__is_active=True)
            .select_related("user")
            .order_by("organisation_id", "joined_at", "pk")
        ):
            self.orderers[member.organisation_id] = self.orderers[member.organisation_id] or member.user
        self.site = Site.objects.get_current()

    @cached_property
    def country(self):
        return Country.objects.get(pk="VN")

    def version_of(self, row):
        """The row's version as just read, with its sites and cooperatives (read ahead, or now if it changed)."""
        version, ahead = row.version, self.versions.get(row.version_id)
        if ahead is None:
            prefetch_related_objects([version], "delivery_sites", "cooperatives")
        else:
            version._prefetched_objects_cache = ahead._prefetched_objects_cache
        return version

    def orderer_of(self, organisation):
        if organisation.pk in self.orderers:
            return self.orderers[organisation.pk]
        return _orderer(organisation)


def standing_orders_place_due(*, now=None) -> dict:
    """Place every planned delivery whose cut-off has come; returns how many were placed and skipped."""
    now = now or timezone.now()
    due = StandingOrder.objects.filter(status=Status.PLANNED, cutoff_at__lte=now).order_by("cutoff_at", "pk")
    counts = {"placed": 0, "skipped": 0}
    pks = list(due.values_list("pk", flat=True))
    # The cached pages of the products ordered are made stale once, when the run ends.
    with product_changes_collected():
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            batch = _Batch(chunk)
            for pk in chunk:
                outcome = standing_order_place(pk, now=now, batch=batch)
                if outcome:
                    counts[outcome] += 1
    return counts


def _claim(pk, now):
    """Take the row for this transaction, read with its version, buyer and site: None when another process
    placed it or is placing it."""
    free = (
        StandingOrder.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("version__organisation", "delivery_site")
        .filter(pk=pk, status=Status.PLANNED)
        .order_by()
    )
    row = next(iter(free), None)
    if row is None or not StandingOrder.objects.filter(pk=pk, status=Status.PLANNED).update(
        status=Status.PLACED, placed_at=now
    ):
        return None
    row.status, row.placed_at = Status.PLACED, now
    return row


def standing_order_place(pk, *, now=None, batch=None) -> str | None:
    """Place one delivery: "placed", "skipped", or None when it was not (or no longer) planned."""
    now = now or timezone.now()
    batch = batch or _Batch([pk])
    with transaction.atomic():
        row = _claim(pk, now)
        if row is None:
            return None
        version = batch.version_of(row)
        orderer = batch.orderer_of(version.organisation) if version.organisation_id else None
        refusal = _refusal(row, orderer)
        if refusal:
            return _skip(row, refusal)
        lines = list(row.lines.select_related("contract_line__product"))
        placed = _what_stock_allows(version, lines)
        if not placed:
            return _skip(row, _("Nothing could be placed: not enough stock."), lines=lines)
        order = _place_order(row, orderer, placed, batch)
        by_product = {line.product_id: line for line in order.lines.all()}
        for line in lines:
            line.order_line = by_product.get(line.contract_line.product_id)
        StandingOrderLine.objects.bulk_update(lines, ["order_line", "shortfall", "shortfall_reason"])
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
    if lines:
        StandingOrderLine.objects.bulk_update(lines, ["shortfall", "shortfall_reason"])
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
    """(stock record, shop quantity, price per shop unit) for what can be placed; each line's shortfall set.

    The stock records are locked (in id order, as checkout does) until the order is placed; the order's
    lines take them, with their products as read here."""
    partner_ids = [cooperative.partner_id for cooperative in version.cooperatives.all()]
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
        record = records.get(line.contract_line.product_id)
        product = record.product if record else line.contract_line.product
        step = sale_step(product, line.contract_line.volume_unit)
        wanted = shop_quantity(line.quantity, step)
        reason = purchase_refusal(product, record) if record else _("Not sold by the contract's cooperatives")
        available = 0 if reason else wanted
        if not reason and product.get_product_class().track_stock:
            available = min(wanted, max((record.num_in_stock or 0) - (record.num_allocated or 0), 0))
            reason = _("Not enough stock") if available < wanted else ""
        line.shortfall = min(line.quantity, (wanted - available) * step)
        line.shortfall_reason = reason[:255] if line.shortfall else ""
        if available:
            placed.append((record, available, step_price(line.contract_line.unit_price, step)))
    return placed


def _address(row, country):
    site, organisation = row.delivery_site, row.version.organisation
    return ShippingAddress.objects.create(
        first_name=f"{organisation.name} – {site.name}"[:255],
        line1=site.street,
        line3=site.commune_name,
        line4=site.province_name,
        country=country,
        phone_number=site.phone,
        notes=site.notes,
    )


def _basket(user, placed):
    """The order's basket, written with its lines in one insert, as add_product would have written them (at
    the strategy's price for the locked stock record), and handed over loaded: its lines, with no options
    and no vouchers (a basket just made has neither)."""
    strategy = ContractPrices({record.product_id: price for record, _quantity, price in placed})
    basket = Basket.objects.create(owner=user)
    basket.strategy = strategy
    lines = []
    for record, quantity, _price in placed:
        info = strategy.fetch_for_product(record.product, record)
        if not info.price.exists:
            raise ValueError(f"Strategy hasn't found a price for product {record.product}")
        line = BasketLine(
            basket=basket,
            line_reference=basket._create_line_reference(record.product, record, []),
            product=record.product,
            stockrecord=record,
            quantity=quantity,
            price_excl_tax=info.price.excl_tax,
            price_incl_tax=info.price.incl_tax if info.price.is_tax_known else None,
            price_currency=info.price.currency,
            tax_code=info.price.tax_code,
        )
        line._info = info  # Line.purchase_info: the strategy's answer for this line
        lines.append(line)
    BasketLine.objects.bulk_create(lines)
    for line in lines:
        line._prefetched_objects_cache = {"attributes": line.attributes.none()}
    basket._lines = _loaded(basket.lines.all(), lines)
    basket._prefetched_objects_cache = {"vouchers": basket.vouchers.none()}
    return basket


def _place_order(row, user, placed, batch):
    basket = _basket(user, placed)
    method = ContractDelivery()
    shipping_charge = method.calculate(basket)
    total = prices.Price(
        currency=basket.currency, excl_tax=basket.total_excl_tax, incl_tax=basket.total_incl_tax, tax=Decimal(0)
    )
    order = ContractOrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=shipping_charge,
        user=user,
        shipping_address=_address(row, batch.country),
        order_number=OrderNumberGenerator().order_number(basket),
        site=batch.site,
    )
    if any(record.product.weight_step_grams is not None for record, _quantity, _price in placed):
        catalog_services.order_line_weights_record(order=order)  # (it records only those lines)
    order_parts_create(order=order, choices={}, language=settings.LANGUAGE_CODE, agreed_delivery=True)
    source = payment_services.payment_source_for(PaymentMethod.BANK_TRANSFER, total=total)
    source.order = order
    source.save()
    payment_services.order_payment_create(order=order, method=PaymentMethod.BANK_TRANSFER)
    basket.submit()
    return order
