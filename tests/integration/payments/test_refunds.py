"""Refunds the way each order was paid, and reconciling card payments whose webhook never came."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from lifecycle import parts, receipts
from payments.models import LedgerEntry, PaymentMethod, PaymentStatus, Refund
from tests import factories
from tests.integration.payments.test_ledger import paid_order
from tests.integration.payments.test_stripe import fake_stripe, new_session  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def card_order(fake):
    order, payment, coop_a, coop_b = paid_order(method=PaymentMethod.CARD)
    session = new_session(order_number=order.number, amount=payment.amount)
    payment.stripe_session_id = session.id
    payment.save()
    return order, payment, coop_a, coop_b, session


def test_a_card_refund_goes_through_stripe_in_dong(fake_stripe):  # noqa: F811
    order, payment, coop_a, _coop_b, session = card_order(fake_stripe)
    fake_stripe.complete(session.id)
    call_command("reconcile_payments")
    payment.refresh_from_db()
    part = order.parts.get(cooperative=coop_a)
    refund = receipts.refund_goods(part=part, amount=Decimal("45000"), user=factories.officer(), reason="Bruised")
    method, path, form, headers = fake_stripe.requests[-1]
    assert (method, path) == ("POST", "/v1/refunds")
    assert form == {"payment_intent": payment.stripe_payment_intent_id, "amount": "45000"}
    assert headers["Idempotency-Key"] == f"refund-part-{part.pk}-1"
    assert refund.stripe_refund_id.startswith("re_test_")
    assert part.ledger_entries.filter(kind=LedgerEntry.Kind.REFUND).get().amount == Decimal("-45000")


def test_stripe_refusing_a_refund_writes_nothing(fake_stripe):  # noqa: F811
    order, payment, coop_a, _coop_b, session = card_order(fake_stripe)
    factories.pay(payment.order)
    fake_stripe.fail_next = 5
    with pytest.raises(ValidationError, match="nothing was refunded"):
        receipts.refund_goods(
            part=order.parts.get(cooperative=coop_a), amount=Decimal("1000"), user=factories.officer(), reason="x"
        )
    assert not Refund.objects.exists()
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND).exists()


def test_an_unpaid_card_order_has_nothing_to_refund(fake_stripe):  # noqa: F811
    order, _payment, coop_a, _coop_b, _session = card_order(fake_stripe)
    with pytest.raises(ValidationError, match="not been paid"):
        receipts.refund_goods(
            part=order.parts.get(cooperative=coop_a), amount=Decimal("1000"), user=factories.officer(), reason="x"
        )
    assert fake_stripe.requests[-1][1] == "/v1/checkout/sessions"  # no refund was asked of Stripe


def test_cash_on_delivery_refunds_are_recorded_after_delivery_only():
    order, _payment, coop_a, _coop_b = paid_order(method=PaymentMethod.CASH_ON_DELIVERY)
    part = order.parts.get(cooperative=coop_a)
    staff = factories.cooperative_staff(coop_a)
    with pytest.raises(ValidationError, match="collected at delivery"):
        receipts.refund_goods(part=part, amount=Decimal("1000"), user=staff, reason="x")
    for status in ("confirmed", "shipped", "delivered"):
        part = parts.part_move(part=part, status=status, user=staff)
    receipts.cash_record(part=part, amount=Decimal("110000"), user=staff)
    receipts.refund_goods(part=part, amount=Decimal("110000"), user=staff, reason="Spoiled", reference="cash")
    assert Refund.objects.get().method == PaymentMethod.CASH_ON_DELIVERY
    # The cash never passed through the platform: nothing collected nor refunded by it.
    assert not LedgerEntry.objects.filter(kind__in=[LedgerEntry.Kind.COLLECTED, LedgerEntry.Kind.REFUND]).exists()
    with pytest.raises(ValidationError, match="refunded in full"):
        receipts.refund_goods(part=part, amount=Decimal("1"), user=staff, reason="again")


def test_a_refund_needs_a_reason_and_a_whole_amount():
    order, payment, coop_a, _coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
    factories.pay(payment.order)
    part = order.parts.get(cooperative=coop_a)
    with pytest.raises(ValidationError):
        receipts.refund_goods(part=part, amount=Decimal("1000"), user=factories.officer(), reason=" ")
    with pytest.raises(ValidationError):
        receipts.refund_goods(part=part, amount=Decimal("10.5"), user=factories.officer(), reason="x")
    assert not Refund.objects.exists()


def test_reconcile_settles_a_payment_whose_webhook_never_came(fake_stripe, capsys):  # noqa: F811
    _order, payment, *_rest, session = card_order(fake_stripe)
    _order2, still_open, *_rest2 = card_order(fake_stripe)
    fake_stripe.complete(session.id)
    call_command("reconcile_payments")
    payment.refresh_from_db()
    still_open.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert still_open.status == PaymentStatus.AWAITING
    assert "paid: 1, failed: 0, still open: 1" in capsys.readouterr().out
    call_command("reconcile_payments")  # run again: nothing is collected twice
    assert payment.order.parts.first().ledger_entries.filter(kind=LedgerEntry.Kind.COLLECTED).count() == 1


def test_reconcile_reports_stripe_being_unreachable(fake_stripe):  # noqa: F811
    card_order(fake_stripe)
    fake_stripe.fail_next = 5
    with pytest.raises(CommandError, match="could not be reached"):
        call_command("reconcile_payments")


class TestRefundPage:
    def test_staff_refund_their_own_part(self, client):
        order, payment, coop_a, _coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
        factories.pay(payment.order)
        part = order.parts.get(cooperative=coop_a)
        client.force_login(factories.cooperative_staff(coop_a))
        url = f"/en/payments/refunds/{part.pk}/"
        assert "Can still be refunded: 110.000" in client.get(url).content.decode()
        response = client.post(url, {"amount": "10000", "reason": "One melon bruised", "reference": "FT77"})
        assert response.status_code == 302
        assert Refund.objects.get().amount == Decimal("10000")

    def test_staff_of_a_cannot_refund_bs_part(self, client):
        order, payment, _coop_a, coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
        factories.pay(payment.order)
        part_b = order.parts.get(cooperative=coop_b)
        client.force_login(factories.cooperative_staff(factories.cooperative(name="HTX C")))
        url = f"/en/payments/refunds/{part_b.pk}/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"amount": "1000", "reason": "x"}).status_code == 404
        assert not Refund.objects.exists()

    def test_too_much_is_explained_on_the_page(self, client):
        order, payment, coop_a, _coop_b = paid_order(method=PaymentMethod.BANK_TRANSFER)
        factories.pay(payment.order)
        part = order.parts.get(cooperative=coop_a)
        client.force_login(factories.officer())
        page = client.post(f"/en/payments/refunds/{part.pk}/", {"amount": "999999", "reason": "x"}).content.decode()
        assert "At most 110.000\xa0₫ can still be refunded" in page
        assert not Refund.objects.exists()
