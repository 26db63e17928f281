"""A stateful property test of one order's life (issue 13): random sequences of real actions, through
the lifecycle's services, the officers' transfer page and the signed Stripe webhook, with the books
checked after every step.

Actions: place orders over several cooperatives (cash, transfer, card); move parts, cancel lines,
parts and whole orders; record transfers of any amount (stale pages and repeated references too);
deliver Stripe events in any order, with duplicates, wrong amounts and refunds; record cash on
delivery; refund goods and money owed; pay cooperatives out.

After every step: allocated stock = the quantities of open lines, stock on hand = initial − shipped;
what each buyer owes = parts not cancelled − paid, recomputed here from the rows; every cooperative's
balance = collected − commission − refunds − payouts, and ``check_ledger`` finds nothing; no part or
payment went backwards (but the one documented revival); each money movement has its one ledger row.

``LIFECYCLE_STEPS`` sets how many steps run (2,000 by default, in every CI run on SQLite and on
PostgreSQL); ``LIFECYCLE_STEPS=50000`` is a long hunt. The sequences are the same on every run
(derandomized, for CI); ``LIFECYCLE_RANDOM=1`` draws new ones.
"""

import json
import os
from datetime import date
from decimal import ROUND_DOWN, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from oscar.core.loading import get_model

from fulfilment.models import OrderPart
from lifecycle import checks, money, parts, receipts
from payments import ledger
from payments.models import CommissionRate, LedgerEntry, OrderPayment, PaymentCase, PaymentMethod, Receipt, Refund
from tests import factories
from tests.fakes.stripe import sign

pytestmark = [pytest.mark.django_db]

Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")
Status = OrderPart.Status
STEPS = int(os.environ.get("LIFECYCLE_STEPS", "2000"))
# Hypothesis runs up to this many steps per sequence, about 30 on average.
STEPS_PER_EXAMPLE = 50
WEBHOOK_SECRET = "whsec_lifecycle"
RANK = {Status.PENDING: 0, Status.CONFIRMED: 1, Status.SHIPPED: 2, Status.DELIVERED: 3, Status.CANCELLED: 4}
PAYMENT_RANK = {"awaiting": 0, "failed": 1, "paid": 2}
OPEN = (Status.PENDING, Status.CONFIRMED)
GONE = (Status.SHIPPED, Status.DELIVERED)


class World:
    """What every example starts from: three cooperatives with two products each, an officer."""

    def __init__(self):
        CommissionRate.objects.create(percent=Decimal("5"), valid_from=date(2026, 1, 1))
        self.coops = [factories.cooperative(name=f"HTX {name}") for name in ("An", "Bình", "Cường")]
        fees = (Decimal("15000"), Decimal("0"), Decimal("0"))
        for coop, fee in zip(self.coops, fees, strict=True):
            coop.delivery_fee = fee
            coop.free_delivery_threshold = None
            coop.save()
        self.products = [
            factories.product(coop, title=f"Sản phẩm {index}", price=price, stock=60)
            for index, (coop, price) in enumerate(
                (coop, price) for coop in self.coops for price in (Decimal("30000"), Decimal("45500"))
            )
        ]
        self.stock = {product.stockrecords.get().pk: 60 for product in self.products}
        self.officer = factories.user(is_staff=True, is_superuser=True)
        self.staff = {coop.pk: factories.cooperative_staff(coop) for coop in self.coops}
        self.buyer = factories.user()


# Up to three products (of any cooperatives), one to three units each.
ITEMS = st.lists(st.tuples(st.integers(0, 5), st.integers(1, 3)), min_size=1, max_size=3, unique_by=lambda i: i[0])


class OrderLife(RuleBasedStateMachine):
    world: World = None

    orders = Bundle("orders")
    # The same orders again, by how they are paid, so that each money action finds its kind.
    cash_orders = Bundle("cash_orders")
    transfer_orders = Bundle("transfer_orders")
    card_orders = Bundle("card_orders")

    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint, rolled back at its end: the next one starts from the world.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.events = []  # Stripe events sent, to send again
        self.stripe_refunds = {}  # order pk → refunds Stripe knows of (it lists them all on each event)
        self.part_status = {}
        self.payment_status = {}
        self.seen_received = {}
        self.numbers = iter(range(10**6))
        self.officer_client = Client()
        self.officer_client.force_login(self.world.officer)
        self.webhook = Client()

    def teardown(self):
        # What the sequences reached, printed at the end: a hunt that never pays or cancels finds nothing.
        for kind, count in (
            ("receipts", Receipt.objects.count()),
            ("credits", LedgerEntry.objects.filter(kind=LedgerEntry.Kind.COLLECTED).count()),
            ("credits taken back", LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CANCELLATION).count()),
            ("refunds", Refund.objects.count()),
            ("payment cases", PaymentCase.objects.count()),
            ("parts delivered", OrderPart.objects.filter(status=Status.DELIVERED).count()),
            ("parts cancelled", OrderPart.objects.filter(status=Status.CANCELLED).count()),
        ):
            OrderLife.reached[kind] = OrderLife.reached.get(kind, 0) + count
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    steps = 0
    reached = {}

    # --- actions --------------------------------------------------------------------------------

    def _place(self, items, method):
        OrderLife.steps += 1
        chosen = [(self.world.products[index], quantity) for index, quantity in items]
        for product, quantity in chosen:
            record = StockRecord.objects.get(product=product)
            if record.num_in_stock - (record.num_allocated or 0) < quantity:
                return multiple()  # checkout would refuse it (tests/integration/catalog/test_can_be_bought.py)
        order = factories.order_with_parts(*chosen, buyer=self.world.buyer)
        amount = money.order_dues(order).charge
        session_id = f"cs_{order.number}" if method == PaymentMethod.CARD else None
        OrderPayment.objects.create(order=order, method=method, amount=amount, stripe_session_id=session_id)
        return order

    @rule(targets=(orders, cash_orders), items=ITEMS)
    def place_cash_order(self, items):
        return self._place(items, PaymentMethod.CASH_ON_DELIVERY)

    @rule(targets=(orders, transfer_orders), items=ITEMS)
    def place_transfer_order(self, items):
        return self._place(items, PaymentMethod.BANK_TRANSFER)

    @rule(targets=(orders, card_orders), items=ITEMS)
    def place_card_order(self, items):
        return self._place(items, PaymentMethod.CARD)

    def _part(self, order, index):
        order_parts = list(order.parts.order_by("pk"))
        return order_parts[index % len(order_parts)]

    def _actor(self, part, as_officer):
        return self.world.officer if as_officer else self.world.staff[part.cooperative_id]

    @rule(order=orders, index=st.integers(0, 2), status=st.sampled_from(list(Status)), as_officer=st.booleans())
    def move(self, order, index, status, as_officer):
        OrderLife.steps += 1
        part = self._part(order, index)
        try:
            parts.part_move(part=part, status=status, user=self._actor(part, as_officer), reason="Lý do")
        except ValidationError:
            assert status not in part.available_statuses()

    @rule(order=orders, index=st.integers(0, 2), pick=st.integers(0, 1), as_officer=st.booleans())
    def advance(self, order, index, pick, as_officer):
        """A part takes one of the steps open to it (the common case, where ``move`` mostly probes)."""
        OrderLife.steps += 1
        part = self._part(order, index)
        steps = [status for status in part.available_statuses() if status != Status.CANCELLED] or [None]
        status = steps[pick % len(steps)]
        if status:
            parts.part_move(part=part, status=status, user=self._actor(part, as_officer))

    @rule(order=orders, index=st.integers(0, 2))
    def deliver(self, order, index):
        """A part goes all the way to the buyer, its cooperative's staff moving it step by step."""
        OrderLife.steps += 1
        part = self._part(order, index)
        for status in (Status.CONFIRMED, Status.SHIPPED, Status.DELIVERED):
            if status in part.available_statuses():
                part = parts.part_move(part=part, status=status, user=self._actor(part, False))

    @rule(order=orders, index=st.integers(0, 8))
    def cancel_line(self, order, index):
        OrderLife.steps += 1
        lines = list(order.lines.order_by("pk"))
        line = lines[index % len(lines)]
        try:
            parts.line_cancel(line=line, user=self.world.officer, reason="Hết hàng")
        except ValidationError:
            assert line.status not in OPEN or order.parts.get(cooperative__partner=line.partner_id).status not in OPEN

    @rule(order=orders)
    def cancel_order(self, order):
        OrderLife.steps += 1
        try:
            parts.order_cancel(order=order, user=self.world.officer, reason="Khách hủy")
        except ValidationError:
            assert order.parts.filter(status__in=GONE).exists()

    @rule(
        order=st.one_of(transfer_orders, cash_orders),
        how=st.sampled_from(["due", "due", "due", "short", "over", "small", "again", "stale"]),
    )
    def transfer(self, order, how):
        OrderLife.steps += 1
        dues = money.order_dues(order)
        amount = {
            "due": dues.due,
            "short": dues.due - 1000,
            "over": dues.due + 7000,
            "small": Decimal(1000),
        }.get(how, dues.due or 1000)
        if amount <= 0:
            amount = Decimal(1000)
        last = order.receipts.filter(method=PaymentMethod.BANK_TRANSFER).order_by("-pk").first()
        reference = last.reference if how == "again" and last else f"FT{next(self.numbers)}"
        seen = dues.received - 1000 if how == "stale" else dues.received
        before = Receipt.objects.count()
        self.officer_client.post(
            "/en/payments/transfers/",
            {"payment": order.payment.pk, "amount": str(amount), "reference": reference, "seen_received": str(seen)},
        )
        recorded = Receipt.objects.count() - before
        # Each transfer once: a repeated reference or a stale page records nothing.
        fresh = how not in ("again", "stale") or (how == "again" and last is None)
        assert recorded == (1 if order.payment.method == PaymentMethod.BANK_TRANSFER and fresh else 0)

    @rule(order=transfer_orders)
    def pay_in_full(self, order):
        """The buyer transfers what is due (the common case, where ``transfer`` mostly probes)."""
        self.transfer(order, "due")

    @rule(order=card_orders)
    def pay_by_card(self, order):
        self.card_event(order, "checkout.session.completed", "asked")

    @rule(
        order=card_orders,
        kind=st.sampled_from(
            [
                "checkout.session.completed",
                "checkout.session.expired",
                "checkout.session.async_payment_failed",
                "checkout.session.async_payment_succeeded",
            ]
        ),
        amount=st.sampled_from(["asked", "asked", "asked", "less", "usd"]),
    )
    def card_event(self, order, kind, amount):
        OrderLife.steps += 1
        payment = order.payment
        session = {
            "id": payment.stripe_session_id,
            "object": "checkout.session",
            "amount_total": int(payment.amount) - (1000 if amount == "less" else 0),
            "currency": "usd" if amount == "usd" else "vnd",
            "payment_intent": f"pi_{order.number}",
            "payment_status": "paid" if "completed" in kind or "succeeded" in kind else "unpaid",
            "status": "expired" if "expired" in kind else "complete",
            "metadata": {"order_number": order.number},
        }
        self._send(kind, session)

    @rule(order=orders, amount=st.integers(1, 80).map(lambda thousands: thousands * 1000))
    def stripe_refund(self, order, amount):
        OrderLife.steps += 1
        payment = OrderPayment.objects.get(order=order)
        if payment.method != PaymentMethod.CARD or not payment.stripe_payment_intent_id:
            return
        card = sum(order.receipts.values_list("amount", flat=True), Decimal(0))
        made = self.stripe_refunds.setdefault(order.pk, [])
        if sum(refund["amount"] for refund in made) + amount > card:
            return  # Stripe refunds at most what was charged
        made.append({"id": f"re_{order.number}_{len(made)}", "amount": amount, "status": "succeeded"})
        charge = {
            "id": f"ch_{order.number}",
            "object": "charge",
            "payment_intent": payment.stripe_payment_intent_id,
            "amount_refunded": sum(refund["amount"] for refund in made),
            "refunds": {"data": list(made)},
        }
        self._send("charge.refunded", charge)

    @rule(index=st.integers(0, 50))
    @precondition(lambda self: self.events)
    def replay(self, index):
        """Stripe delivers an event again."""
        OrderLife.steps += 1
        payload = self.events[index % len(self.events)]
        self.webhook.post(
            "/payments/stripe/webhook/",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(payload, WEBHOOK_SECRET),
        )

    def _send(self, kind, obj):
        payload = json.dumps(
            {"id": f"evt_{next(self.numbers)}_{kind}", "type": kind, "created": 1765000000, "data": {"object": obj}}
        )
        self.events.append(payload)
        response = self.webhook.post(
            "/payments/stripe/webhook/",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(payload, WEBHOOK_SECRET),
        )
        assert response.status_code == 200, response.content

    @rule(
        order=st.one_of(cash_orders, card_orders), index=st.integers(0, 2), how=st.sampled_from(["all", "less", "none"])
    )
    def cash(self, order, index, how):
        OrderLife.steps += 1
        part = self._part(order, index)
        charge = money.part_charge(part)
        amount = {"all": charge, "less": max(charge - 5000, 0), "none": 0}[how]
        try:
            receipts.cash_record(part=part, amount=amount, user=self.world.staff[part.cooperative_id], note="Thiếu")
        except ValidationError:
            pass

    @rule(
        order=st.one_of(transfer_orders, cash_orders),
        index=st.integers(0, 2),
        amount=st.integers(1, 60).map(lambda k: k * 1000),
    )
    def refund_goods(self, order, index, amount):
        OrderLife.steps += 1
        part = self._part(order, index)
        try:
            receipts.refund_goods(part=part, amount=amount, user=self.world.officer, reason="Dập")
        except ValidationError:
            pass

    @rule(order=st.one_of(transfer_orders, cash_orders))
    def refund_owed(self, order):
        OrderLife.steps += 1
        owed = money.order_dues(order).refund_owed
        if not owed:
            return
        receipts.refund_owed(order=order, amount=owed, user=self.world.officer, reference="HOAN")

    @rule(index=st.integers(0, 2), share=st.sampled_from([Decimal("0.5"), Decimal("1")]))
    def payout(self, index, share):
        OrderLife.steps += 1
        coop = self.world.coops[index]
        amount = (ledger.balance(coop) * share).quantize(Decimal("1"), rounding=ROUND_DOWN)
        if amount <= 0:
            return
        ledger.payout_record(
            cooperative=coop,
            amount=amount,
            bank_reference=f"PO{next(self.numbers)}",
            paid_on=date.today(),
            user=self.world.officer,
        )

    # --- what must hold after every step -----------------------------------------------------

    @invariant()
    def stock_matches_open_quantities(self):
        allocated, gone = {}, {}
        for record_id, quantity, status, num_allocated in Line.objects.values_list(
            "stockrecord_id", "quantity", "status", "num_allocated"
        ):
            if status in OPEN:
                allocated[record_id] = allocated.get(record_id, 0) + quantity
                assert num_allocated == quantity
            else:
                assert num_allocated == 0
            if status in GONE:
                gone[record_id] = gone.get(record_id, 0) + quantity
        for record in StockRecord.objects.filter(pk__in=self.world.stock):
            assert (record.num_allocated or 0) == allocated.get(record.pk, 0), record
            assert record.num_in_stock == self.world.stock[record.pk] - gone.get(record.pk, 0), record

    @invariant()
    def buyers_owe_the_parts_not_cancelled_less_what_they_paid(self):
        lines = {}
        for order_id, partner_id, status, price in Line.objects.values_list(
            "order_id", "partner_id", "status", "line_price_incl_tax"
        ):
            if status != Status.CANCELLED:
                lines[(order_id, partner_id)] = lines.get((order_id, partner_id), Decimal(0)) + price
        goods = {}
        for part_id, amount in Refund.objects.filter(kind=Refund.Kind.GOODS).values_list("order_part_id", "amount"):
            goods[part_id] = goods.get(part_id, Decimal(0)) + amount
        received, refunded = {}, {}
        for order_id, amount in Receipt.objects.values_list("order_id", "amount"):
            received[order_id] = received.get(order_id, Decimal(0)) + amount
        for order_id, amount in Refund.objects.values_list("order_id", "amount"):
            refunded[order_id] = refunded.get(order_id, Decimal(0)) + amount
        charges = {}
        for part in OrderPart.objects.select_related("cooperative"):
            charge = Decimal(0)
            if part.status != Status.CANCELLED:
                value = lines.get((part.order_id, part.cooperative.partner_id), 0) + part.delivery_fee
                charge = value.quantize(Decimal("1"), rounding=ROUND_DOWN) - goods.get(part.pk, 0)
            charges[part.order_id] = charges.get(part.order_id, Decimal(0)) + charge
        all_dues = money.dues_for_orders(charges)
        for order_id, charge in charges.items():
            paid = received.get(order_id, 0) - refunded.get(order_id, 0)
            dues = all_dues[order_id]
            assert (dues.charge, dues.received, dues.refunded) == (
                charge,
                received.get(order_id, 0),
                refunded.get(order_id, 0),
            )
            assert dues.due == max(charge - paid, 0)
            assert dues.refund_owed == max(paid - charge, 0)

    @invariant()
    def the_ledger_agrees(self):
        assert checks.ledger_problems() == []
        for coop in self.world.coops:
            terms = checks.balance_terms(coop)
            assert terms["balance"] == ledger.balance(coop)
            assert terms["balance"] == terms["collected"] - terms["commission"] - terms["refunds"] - terms["payouts"]
        for part_id in LedgerEntry.objects.filter(kind=LedgerEntry.Kind.COLLECTED).values_list(
            "order_part_id", flat=True
        ):
            assert LedgerEntry.objects.filter(order_part_id=part_id, kind=LedgerEntry.Kind.COLLECTED).count() == 1

    @invariant()
    def nothing_goes_backwards(self):
        late = set(
            PaymentCase.objects.filter(kind=PaymentCase.Kind.PAID_AFTER_EXPIRY).values_list("order_id", flat=True)
        )
        for pk, order_id, status in OrderPart.objects.values_list("pk", "order_id", "status"):
            before = self.part_status.get(pk)
            if before is not None and status != before:
                revived = before == Status.CANCELLED and status == Status.PENDING and order_id in late
                assert revived or (before != Status.CANCELLED and RANK[status] > RANK[before]), (before, status)
            self.part_status[pk] = status
        for pk, status in OrderPayment.objects.values_list("pk", "status"):
            assert PAYMENT_RANK[status] >= PAYMENT_RANK.get(self.payment_status.get(pk, "awaiting"), 0)
            self.payment_status[pk] = status


def test_an_orders_life_keeps_the_books_right(site, settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = ""  # nothing here calls Stripe: its events come to the webhook
    OrderLife.world = World()
    OrderLife.steps = 0
    OrderLife.reached = {}
    examples = max(-(-STEPS // 35), 1)
    run_state_machine_as_test(OrderLife, settings=settings_for(examples))
    print(f"\nlifecycle: {OrderLife.steps} steps in {examples} sequences; reached {OrderLife.reached}")
    assert OrderLife.steps >= STEPS


def settings_for(examples):
    return hypothesis_settings(
        max_examples=examples,
        stateful_step_count=STEPS_PER_EXAMPLE,
        deadline=None,
        derandomize=not os.environ.get("LIFECYCLE_RANDOM"),
        suppress_health_check=list(HealthCheck),
        database=None,
    )
