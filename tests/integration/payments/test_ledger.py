"""Settling with cooperatives: what the platform collected for each, commission, refunds, payouts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from oscar.test.factories import create_basket, create_order

from fulfilment.models import OrderPart
from lifecycle import money, receipts
from payments import ledger
from payments.models import CommissionRate, LedgerEntry, OrderPayment, PaymentMethod, Payout
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
Kind = LedgerEntry.Kind


def paid_order(method=PaymentMethod.CARD, fees=(Decimal("20000"), Decimal("0")), coops=None):
    """An order with 2 × 45.000 ₫ from cooperative A and 1 × 99.999 ₫ from B, and its payment."""
    coop_a, coop_b = coops or (factories.cooperative(name="HTX A"), factories.cooperative(name="HTX B"))
    basket = create_basket(empty=True)
    basket.add_product(factories.product(coop_a, price=Decimal("45000")), quantity=2)
    basket.add_product(factories.product(coop_b, price=Decimal("99999")), quantity=1)
    order = create_order(basket=basket, user=factories.user())
    for coop, fee in zip((coop_a, coop_b), fees, strict=True):
        method_ = OrderPart.DeliveryMethod.DELIVERY if fee else OrderPart.DeliveryMethod.PICKUP
        OrderPart.objects.create(order=order, cooperative=coop, delivery_method=method_, delivery_fee=fee)
    payment = OrderPayment.objects.create(order=order, method=method, amount=Decimal("209999"))
    return order, payment, coop_a, coop_b


def amounts(coop):
    return [(entry.kind, entry.amount) for entry in coop.ledger_entries.order_by("id")]


def test_a_paid_card_order_credits_each_cooperative_its_lines_and_fee_less_commission():
    CommissionRate.objects.create(percent=Decimal("5"), valid_from=date(2026, 1, 1))
    order, payment, coop_a, coop_b = paid_order()
    factories.pay(order)
    assert amounts(coop_a) == [(Kind.COLLECTED, Decimal("110000")), (Kind.COMMISSION, Decimal("-5500"))]
    # 5% of 99.999 ₫ is 4.999,95 ₫: the cooperative pays 4.999 ₫, never a fraction of a đồng.
    assert amounts(coop_b) == [(Kind.COLLECTED, Decimal("99999")), (Kind.COMMISSION, Decimal("-4999"))]
    assert ledger.balance(coop_a) == Decimal("104500")
    assert ledger.balance(coop_b) == Decimal("95000")


def test_paid_twice_is_collected_once_and_the_second_payment_is_owed_back():
    order, payment, coop_a, _coop_b = paid_order()
    factories.pay(order)
    factories.pay(order, amount=Decimal("209999"))
    assert coop_a.ledger_entries.filter(kind=Kind.COLLECTED).count() == 1
    assert money.order_dues(order).refund_owed == Decimal("209999")


def test_cash_on_delivery_is_never_credited_by_the_market():
    _order, payment, coop_a, coop_b = paid_order(method=PaymentMethod.CASH_ON_DELIVERY)
    assert not LedgerEntry.objects.exists()


def test_no_commission_rate_means_no_commission():
    _order, payment, coop_a, _coop_b = paid_order()
    factories.pay(payment.order)
    assert ledger.balance(coop_a) == Decimal("110000")
    assert coop_a.ledger_entries.get(kind=Kind.COMMISSION).amount == 0


def test_a_refund_returns_the_commission_charged_at_the_time_of_sale():
    CommissionRate.objects.create(percent=Decimal("5"), valid_from=date(2026, 1, 1))
    order, payment, coop_a, _coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
    factories.pay(payment.order)
    CommissionRate.objects.create(percent=Decimal("10"), valid_from=date(2026, 2, 1))  # later rate: not used
    part = order.parts.get(cooperative=coop_a)
    receipts.refund_goods(part=part, amount=Decimal("45000"), user=factories.officer(), reason="Dập", reference="re_1")
    assert amounts(coop_a)[2:] == [(Kind.REFUND, Decimal("-45000")), (Kind.COMMISSION_RETURNED, Decimal("2250"))]
    assert ledger.balance(coop_a) == Decimal("110000") - 5500 - 45000 + 2250


@pytest.mark.parametrize("amount", [Decimal("110001"), Decimal("0"), Decimal("-5"), Decimal("10.5")])
def test_a_refund_beyond_what_was_collected_or_not_whole_is_refused_and_writes_nothing(amount):
    order, payment, coop_a, _coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
    factories.pay(payment.order)
    before = LedgerEntry.objects.count()
    with pytest.raises(ValidationError):
        receipts.refund_goods(
            part=order.parts.get(cooperative=coop_a), amount=amount, user=factories.officer(), reason="x"
        )
    assert LedgerEntry.objects.count() == before


def test_refunds_add_up_to_at_most_what_was_collected():
    order, payment, coop_a, _coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
    factories.pay(payment.order)
    part = order.parts.get(cooperative=coop_a)
    officer = factories.officer()
    receipts.refund_goods(part=part, amount=Decimal("100000"), user=officer, reason="x")
    with pytest.raises(ValidationError, match="At most 10.000"):
        receipts.refund_goods(part=part, amount=Decimal("10001"), user=officer, reason="x")
    receipts.refund_goods(part=part, amount=Decimal("10000"), user=officer, reason="x")
    assert receipts.goods_refundable(part) == 0


def test_payouts_reduce_what_is_owed_and_cannot_exceed_it():
    officer = factories.officer()
    _order, payment, coop_a, _coop_b = paid_order()
    factories.pay(payment.order)
    with pytest.raises(ValidationError, match="owes this cooperative 110.000"):
        ledger.payout_record(
            cooperative=coop_a, amount=Decimal("110001"), bank_reference="FT1", paid_on=date.today(), user=officer
        )
    ledger.payout_record(
        cooperative=coop_a, amount=Decimal("100000"), bank_reference="FT2", paid_on=date.today(), user=officer
    )
    with pytest.raises(ValidationError):  # the same bank transfer recorded twice
        ledger.payout_record(
            cooperative=coop_a, amount=Decimal("1000"), bank_reference="FT2", paid_on=date.today(), user=officer
        )
    assert ledger.balance(coop_a) == Decimal("10000")
    assert Payout.objects.count() == 1


def test_the_statement_balances_to_the_dong():
    CommissionRate.objects.create(percent=Decimal("3.5"), valid_from=date(2026, 1, 1))
    order, payment, coop_a, _coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
    factories.pay(payment.order)
    receipts.refund_goods(
        part=order.parts.get(cooperative=coop_a), amount=Decimal("33333"), user=factories.officer(), reason="x"
    )
    ledger.payout_record(
        cooperative=coop_a,
        amount=Decimal("50000"),
        bank_reference="FT9",
        paid_on=date.today(),
        user=factories.officer(),
    )
    statement = ledger.statement(coop_a)
    assert statement.opening == 0
    assert statement.closing == ledger.balance(coop_a) == sum(statement.totals.values())
    assert statement.totals[Kind.COLLECTED] == Decimal("110000")
    assert statement.totals[Kind.COMMISSION] == Decimal("-3850")
    assert statement.totals[Kind.COMMISSION_RETURNED] == Decimal("1166")  # 3,5% of 33.333 ₫, rounded down
    assert all(entry.amount == entry.amount.to_integral_value() for entry in statement.entries)
    later = ledger.statement(coop_a, start=date(2099, 1, 1))
    assert later.entries == [] and later.opening == later.closing == statement.closing
