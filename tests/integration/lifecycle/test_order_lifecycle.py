"""One order's life across buyer, cooperatives, bank, card and ledger (issue 13): each finding of the
issue as a regression test, through the pages and webhooks people and Stripe use."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from fulfilment.models import OrderPart
from lifecycle import money, parts, receipts
from payments.models import (
    CommissionRate,
    LedgerEntry,
    OrderPayment,
    PaymentCase,
    PaymentMethod,
    PaymentStatus,
    StripeEvent,
)
from payments.services import bank_transfer_for
from tests import factories
from tests.fakes.stripe import sign
from tests.integration.payments.test_stripe import WEBHOOK_SECRET, deliver, fake_stripe, new_session  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site", "english")]
Kind = LedgerEntry.Kind
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")
TRANSFERS = "/en/payments/transfers/"


@pytest.fixture
def coops():
    coop1, coop2 = factories.cooperative(name="HTX Phước An"), factories.cooperative(name="HTX Tân Nhựt")
    for coop in (coop1, coop2):
        coop.delivery_fee = 0  # free delivery keeps the figures plain
        coop.save(update_fields=["delivery_fee"])
    return coop1, coop2


def two_part_order(coops, method=PaymentMethod.BANK_TRANSFER, buyer=None):
    """Coop 1: 2 × 30.000 ₫ of khổ qua; coop 2: 1 × 50.000 ₫ of gạo; delivered free."""
    coop1, coop2 = coops
    kho_qua = factories.product(coop1, title="Khổ qua", price=Decimal("30000"), stock=10)
    gao = factories.product(coop2, title="Gạo ST25", price=Decimal("50000"), stock=10)
    order = factories.order_with_parts(
        (kho_qua, 2), (gao, 1), choices={coop1: "delivery", coop2: "delivery"}, buyer=buyer or factories.user()
    )
    OrderPayment.objects.create(order=order, method=method, amount=Decimal("110000"))
    return order


def part_of(order, coop):
    return order.parts.get(cooperative=coop)


def allocated(product):
    return StockRecord.objects.get(product=product).num_allocated


def staff_client(coop):
    client = Client()
    client.force_login(factories.cooperative_staff(coop))
    return client


def officer_client():
    client = Client()
    client.force_login(factories.officer())
    return client


class TestCancelledPartsAreNeitherChargedNorCredited:
    def test_the_buyer_is_asked_only_for_the_parts_not_cancelled(self, coops):
        order = two_part_order(coops)
        part = part_of(order, coops[0])
        response = staff_client(coops[0]).post(
            f"/en/fulfilment/parts/{part.pk}/status/", {"status": "cancelled", "reason": "Mưa đá, hỏng hết"}
        )
        assert response.status_code == 302
        assert money.order_dues(order).due == Decimal("50000")
        buyer = Client()
        buyer.force_login(order.user)
        page = buyer.get(f"/en/accounts/orders/{order.number}/").content.decode()
        assert "data-amount>50.000" in page
        assert "110.000" not in page.split('id="bank-transfer"')[1].split("</section>")[0]
        assert 'data-order-total-now="50000"' in page
        transfer = bank_transfer_for(order, money.order_dues(order).due)
        assert "540550000" in transfer.payload  # the QR's amount field: 54, length 05, 50000

    def test_the_cancelled_cooperative_is_not_credited_when_the_transfer_arrives(self, coops):
        coop1, coop2 = coops
        order = two_part_order(coops)
        parts.part_move(part=part_of(order, coop1), status="cancelled", user=None, reason="Hết hàng")
        officer_client().post(TRANSFERS, {"payment": order.payment.pk, "amount": "50000", "reference": "FT1"})
        assert not coop1.ledger_entries.exists()
        assert coop2.ledger_entries.get(kind=Kind.COLLECTED).amount == Decimal("50000")
        call_command("check_ledger")

    def test_a_cancellation_after_payment_takes_the_credit_back_and_owes_the_buyer(self, coops):
        coop1, coop2 = coops
        CommissionRate.objects.create(percent=Decimal("5"), valid_from=date(2026, 1, 1))
        order = two_part_order(coops)
        factories.pay(order)
        assert coop1.ledger_entries.get(kind=Kind.COLLECTED).amount == Decimal("60000")
        parts.part_move(part=part_of(order, coop1), status="cancelled", user=None, reason="Hết hàng")
        kinds = dict(coop1.ledger_entries.values_list("kind", "amount"))
        assert kinds[Kind.CANCELLATION] == Decimal("-60000") and kinds[Kind.COMMISSION_RETURNED] == Decimal("3000")
        assert sum(coop1.ledger_entries.values_list("amount", flat=True)) == 0
        assert money.order_dues(order).refund_owed == Decimal("60000")
        officer = officer_client()
        owed_page = officer.get("/en/payments/cases/").content.decode()
        assert str(order.number) in owed_page and "60.000" in owed_page
        admin = Client()
        admin.force_login(factories.user(is_staff=True, is_superuser=True))
        order_page = admin.get(f"/en/dashboard/orders/{order.number}/").content.decode()
        assert "Owed to the buyer: <strong>60.000" in order_page and f"/en/payments/owed/{order.pk}/" in order_page
        call_command("check_ledger")


class TestCancellingAWholeOrder:
    def test_releases_every_part_line_and_stock_and_nothing_can_move_it_again(self, coops):
        order = two_part_order(coops)
        kho_qua = order.lines.get(partner=coops[0].partner).product
        assert allocated(kho_qua) == 2
        officer = Client()
        officer.force_login(factories.user(is_staff=True, is_superuser=True))
        officer.post(
            f"/en/dashboard/orders/{order.number}/", {"order_action": "change_order_status", "new_status": "cancelled"}
        )
        order.refresh_from_db()
        assert order.status == "cancelled"
        assert set(order.parts.values_list("status", flat=True)) == {"cancelled"}
        assert set(order.lines.values_list("num_allocated", flat=True)) == {0}
        assert allocated(kho_qua) == 0
        staff_client(coops[0]).post(
            f"/en/fulfilment/parts/{part_of(order, coops[0]).pk}/status/", {"status": "confirmed"}
        )
        assert part_of(order, coops[0]).status == "cancelled"

    def test_a_shipped_part_stops_the_whole_cancellation(self, coops):
        order = two_part_order(coops)
        part = part_of(order, coops[0])
        for status in ("confirmed", "shipped"):
            part = parts.part_move(part=part, status=status, user=None)
        with pytest.raises(Exception, match="already shipped"):
            parts.order_cancel(order=order, user=None)
        assert part_of(order, coops[1]).status == "pending"


def card_order(coops, fake):
    order = two_part_order(coops, method=PaymentMethod.CARD)
    session = new_session(order_number=order.number, amount=Decimal("110000"))
    OrderPayment.objects.filter(order=order).update(stripe_session_id=session.id)
    return order, fake.objects[session.id]


class TestTheCardWebhook:
    @pytest.mark.parametrize(("field", "value"), [("amount_total", 1000), ("currency", "usd")])
    def test_a_payment_of_another_amount_or_currency_is_a_case_not_paid(self, client, coops, fake_stripe, field, value):  # noqa: F811
        order, session = card_order(coops, fake_stripe)
        paid = {**fake_stripe.complete(session["id"]), field: value}
        assert deliver(client, fake_stripe.event("checkout.session.completed", paid)).json() == {"status": "case"}
        order.payment.refresh_from_db()
        assert order.payment.status == PaymentStatus.AWAITING
        assert not LedgerEntry.objects.exists()
        case = PaymentCase.objects.get()
        assert case.order == order and case.stripe_event.payload["data"]["object"][field] == value
        assert "đơn hàng yêu cầu 110.000" in case.detail  # for officers, in the site's language
        assert str(order.number) in officer_client().get("/en/payments/cases/").content.decode()

    def test_an_officer_closes_a_case_saying_what_was_done(self, client, coops, fake_stripe):  # noqa: F811
        order, session = card_order(coops, fake_stripe)
        deliver(
            client,
            fake_stripe.event("checkout.session.completed", {**fake_stripe.complete(session["id"]), "amount_total": 1}),
        )
        case = PaymentCase.objects.get()
        officer = officer_client()
        refused = officer.post(f"/en/payments/cases/{case.pk}/resolve/", {"resolution": " "}, follow=True)
        assert "Say what was done" in refused.content.decode()
        page = officer.post(
            f"/en/payments/cases/{case.pk}/resolve/", {"resolution": "Hoàn tiền trên Stripe"}, follow=True
        ).content.decode()
        assert f"The case of order {order.number} is closed." in page and 'id="payment-cases"' in page
        assert "Nothing to look at." in page
        case.refresh_from_db()
        assert case.resolution == "Hoàn tiền trên Stripe" and case.resolved_by is not None
        again = officer.post(f"/en/payments/cases/{case.pk}/resolve/", {"resolution": "x"}, follow=True)
        assert "already closed by" in again.content.decode()

    def test_a_refund_made_at_stripe_reaches_the_ledger_once(self, client, coops, fake_stripe):  # noqa: F811
        coop1, coop2 = coops
        order, session = card_order(coops, fake_stripe)
        paid = fake_stripe.complete(session["id"])
        deliver(client, fake_stripe.event("checkout.session.completed", paid))
        charge = {
            "id": "ch_1",
            "object": "charge",
            "payment_intent": paid["payment_intent"],
            "amount_refunded": 30000,
            "refunds": {"data": [{"id": "re_dash_1", "amount": 30000, "status": "succeeded"}]},
        }
        event = fake_stripe.event("charge.refunded", charge)
        assert deliver(client, event).json() == {"status": "processed"}
        assert deliver(client, event).json() == {"status": "duplicate"}
        again = fake_stripe.event("charge.refunded", charge)  # a new event about the same refund
        assert deliver(client, again).json() == {"status": "processed"}
        assert order.refunds.get().amount == Decimal("30000")
        assert coop1.ledger_entries.get(kind=Kind.REFUND).amount == Decimal("-30000")
        assert money.order_dues(order).due == 0
        call_command("check_ledger")

    def test_a_partial_refund_then_the_rest_each_counts_once(self, client, coops, fake_stripe):  # noqa: F811
        order, session = card_order(coops, fake_stripe)
        paid = fake_stripe.complete(session["id"])
        deliver(client, fake_stripe.event("checkout.session.completed", paid))
        first = {"id": "re_a", "amount": 10000, "status": "succeeded"}
        second = {"id": "re_b", "amount": 100000, "status": "succeeded"}
        for listed in ([first], [first, second]):
            charge = {"id": "ch_2", "payment_intent": paid["payment_intent"], "refunds": {"data": listed}}
            deliver(client, fake_stripe.event("charge.refunded", charge))
        assert sum(order.refunds.values_list("amount", flat=True)) == Decimal("110000")
        assert sum(LedgerEntry.objects.filter(kind=Kind.REFUND).values_list("amount", flat=True)) == Decimal("-110000")
        call_command("check_ledger")

    def test_paid_after_expiry_is_flagged_and_revives_the_parts_while_stock_lasts(self, client, coops, fake_stripe):  # noqa: F811
        order, session = card_order(coops, fake_stripe)
        deliver(client, fake_stripe.event("checkout.session.expired", {**session, "status": "expired"}))
        assert set(order.parts.values_list("status", flat=True)) == {"cancelled"}
        gao = order.lines.get(partner=coops[1].partner).product
        StockRecord.objects.filter(product=gao).update(num_in_stock=0)  # sold to someone else meanwhile
        paid = fake_stripe.complete(session["id"])
        assert deliver(client, fake_stripe.event("checkout.session.completed", paid)).json() == {"status": "processed"}
        assert PaymentCase.objects.get(order=order).kind == PaymentCase.Kind.PAID_AFTER_EXPIRY
        assert part_of(order, coops[0]).status == "pending"  # its stock was still there
        assert part_of(order, coops[1]).status == "cancelled"
        assert allocated(order.lines.get(partner=coops[0].partner).product) == 2
        dues = money.order_dues(order)
        assert (dues.due, dues.refund_owed) == (0, Decimal("50000"))
        call_command("check_ledger")

    @pytest.mark.parametrize(
        "body",
        [
            "{}",
            "[]",
            '{"data": null}',
            '{"id": "evt_1", "type": "checkout.session.completed", "created": "hôm qua", "data": {"object": {}}}',
            '"text"',
            "null",
        ],
    )
    def test_a_signed_but_malformed_event_gets_400_and_is_kept(self, client, fake_stripe, body):  # noqa: F811
        response = deliver(client, body)
        assert response.status_code == 400
        with translation.override("vi"):  # Stripe calls without a language: the site's own
            assert response.json()["error"] == gettext("The event could not be read; it was kept for inspection.")
        stored = StripeEvent.objects.get()
        sent = json.loads(body)
        assert stored.outcome == StripeEvent.Outcome.MALFORMED
        assert stored.payload == (sent if isinstance(sent, dict) else {"body": sent})
        assert deliver(client, body).status_code == 400
        assert StripeEvent.objects.count() == 1

    def test_a_signature_is_still_required_for_malformed_bodies(self, client, fake_stripe):  # noqa: F811
        response = deliver(client, "{}", signature=sign("{}", "whsec_other"))
        assert response.status_code == 400 and not StripeEvent.objects.exists()


class TestBankTransfersOfAnyAmount:
    def test_a_short_payment_leaves_the_rest_due_with_a_new_code(self, coops):
        order = two_part_order(coops)
        officer = officer_client()
        officer.post(TRANSFERS, {"payment": order.payment.pk, "amount": "100000", "reference": "FT1"})
        dues = money.order_dues(order)
        assert (dues.received, dues.due) == (Decimal("100000"), Decimal("10000"))
        assert not LedgerEntry.objects.exists()  # nobody is credited for half-paid goods
        buyer = Client()
        buyer.force_login(order.user)
        page = buyer.get(f"/en/accounts/orders/{order.number}/").content.decode()
        assert "data-amount>10.000" in page and "We have received 100.000" in page
        row = officer.get(TRANSFERS).content.decode()
        assert 'value="10000"' in row  # the rest, pre-filled
        officer.post(TRANSFERS, {"payment": order.payment.pk, "amount": "10000", "reference": "FT2"})
        order.payment.refresh_from_db()
        assert order.payment.status == PaymentStatus.PAID
        assert sum(LedgerEntry.objects.filter(kind=Kind.COLLECTED).values_list("amount", flat=True)) == 110000

    def test_an_over_payment_is_owed_back(self, coops):
        order = two_part_order(coops)
        officer_client().post(TRANSFERS, {"payment": order.payment.pk, "amount": "150000", "reference": "FT1"})
        assert money.order_dues(order).refund_owed == Decimal("40000")
        buyer = Client()
        buyer.force_login(order.user)
        assert "40.000" in buyer.get(f"/en/accounts/orders/{order.number}/").content.decode()
        officer = officer_client()
        response = officer.post(
            f"/en/payments/owed/{order.pk}/", {"amount": "40000", "reference": "FT-BACK"}, follow=True
        )
        assert "40.000" in response.content.decode()
        assert money.order_dues(order).refund_owed == 0
        assert order.refunds.get().kind == "owed"
        call_command("check_ledger")

    def test_a_stale_second_submit_says_who_recorded_it(self, coops):
        order = two_part_order(coops)
        first, second = officer_client(), officer_client()
        form = {"payment": order.payment.pk, "amount": "110000", "reference": "FT1", "seen_received": "0"}
        first.post(TRANSFERS, form)
        who = order.receipts.get().recorded_by.email
        same = second.post(TRANSFERS, form, follow=True).content.decode()
        assert "already recorded by" in same and who in same
        other = second.post(TRANSFERS, {**form, "reference": "FT9"}, follow=True).content.decode()
        assert "Since you opened this page" in other and who in other
        assert order.receipts.count() == 1

    def test_an_amount_that_is_not_whole_dong_is_refused(self, coops):
        order = two_part_order(coops)
        response = officer_client().post(
            TRANSFERS, {"payment": order.payment.pk, "amount": "10.5", "reference": "FT1"}, follow=True
        )
        assert "whole number" in response.content.decode() or "decimal" in response.content.decode()
        assert not order.receipts.exists()


class TestCashOnDelivery:
    def deliver(self, order, coop):
        part = part_of(order, coop)
        for status in ("confirmed", "shipped", "delivered"):
            part = parts.part_move(part=part, status=status, user=None)
        return part

    def test_cash_collected_reaches_the_statement_with_the_commission_owed(self, coops):
        coop1, _coop2 = coops
        CommissionRate.objects.create(percent=Decimal("5"), valid_from=date(2026, 1, 1))
        order = two_part_order(coops, method=PaymentMethod.CASH_ON_DELIVERY)
        part = self.deliver(order, coop1)
        staff = staff_client(coop1)
        page = staff.get(f"/en/dashboard/orders/{order.number}/").content.decode()
        assert f"/fulfilment/parts/{part.pk}/cash/" in page
        staff.post(f"/en/fulfilment/parts/{part.pk}/cash/", {"amount": "60000"})
        assert order.receipts.get().amount == Decimal("60000")
        statement = staff.get("/en/payments/statement/").content.decode()
        assert "Cash on delivery collected" in statement and "60.000" in statement
        assert "-3.000" in statement or "−3.000" in statement
        balances = officer_client().get("/en/payments/statement/").content.decode()
        assert "owes the market 3.000" in balances
        call_command("check_ledger")

    def test_not_collected_needs_a_reason_and_is_recorded_once(self, coops):
        coop1, _coop2 = coops
        order = two_part_order(coops, method=PaymentMethod.CASH_ON_DELIVERY)
        part = self.deliver(order, coop1)
        staff = staff_client(coop1)
        refused = staff.post(f"/en/fulfilment/parts/{part.pk}/cash/", {"amount": "0"}, follow=True).content.decode()
        assert "say why" in refused and not order.receipts.exists()
        staff.post(f"/en/fulfilment/parts/{part.pk}/cash/", {"amount": "0", "note": "Khách không nhận hàng"})
        again = staff.post(f"/en/fulfilment/parts/{part.pk}/cash/", {"amount": "60000"}, follow=True).content.decode()
        assert "already recorded" in again
        assert order.receipts.get().note == "Khách không nhận hàng"

    def test_cash_cannot_be_recorded_before_delivery_nor_by_another_cooperative(self, coops):
        coop1, coop2 = coops
        order = two_part_order(coops, method=PaymentMethod.CASH_ON_DELIVERY)
        part = part_of(order, coop1)
        staff_client(coop1).post(f"/en/fulfilment/parts/{part.pk}/cash/", {"amount": "60000"})
        part = self.deliver(order, coop1)
        staff_client(coop2).post(f"/en/fulfilment/parts/{part.pk}/cash/", {"amount": "60000"})
        assert not order.receipts.exists()


def test_check_ledger_names_the_rows_that_disagree(coops, capsys):
    order = two_part_order(coops)
    factories.pay(order)
    call_command("check_ledger")
    entry = coops[0].ledger_entries.get(kind=Kind.COLLECTED)
    LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("99999"))  # someone edited the table
    with pytest.raises(CommandError, match="1 ledger row"):
        call_command("check_ledger")
    assert f"order {order.number}" in capsys.readouterr().err


def test_a_line_cancelled_after_payment_reverses_its_share(coops):
    coop1, _coop2 = coops
    kho_qua = factories.product(coop1, title="Khổ qua", price=Decimal("30000"), stock=10)
    bau = factories.product(coop1, title="Bầu sao", price=Decimal("20000"), stock=10)
    order = factories.order_with_parts((kho_qua, 1), (bau, 1), choices={coop1: "delivery"})
    OrderPayment.objects.create(order=order, method=PaymentMethod.BANK_TRANSFER, amount=Decimal("50000"))
    factories.pay(order)
    parts.line_cancel(line=order.lines.get(product=bau), user=None, reason="Hết bầu")
    assert sum(coop1.ledger_entries.values_list("amount", flat=True)) == Decimal("30000")
    assert money.order_dues(order).refund_owed == Decimal("20000")
    assert part_of(order, coop1).status == "pending"
    call_command("check_ledger")


def test_a_goods_refund_on_a_part_keeps_what_is_due_unchanged(coops):
    order = two_part_order(coops)
    factories.pay(order)
    receipts.refund_goods(part=part_of(order, coops[0]), amount=Decimal("10000"), user=None, reason="Dập")
    dues = money.order_dues(order)
    assert (dues.charge, dues.due, dues.refund_owed) == (Decimal("100000"), 0, 0)
    call_command("check_ledger")


def test_the_order_status_follows_its_parts(coops):
    order = two_part_order(coops)
    first = parts.part_move(part=part_of(order, coops[0]), status="confirmed", user=None)
    order.refresh_from_db()
    assert order.status == "processing"
    parts.part_move(part=part_of(order, coops[1]), status="cancelled", user=None)
    for status in ("shipped", "delivered"):
        first = parts.part_move(part=first, status=status, user=None)
    order.refresh_from_db()
    assert order.status == "complete"
    assert list(order.status_changes.order_by("pk").values_list("new_status", flat=True)) == ["processing", "complete"]


def test_dashboard_line_status_moves_the_part_and_no_line_moves_alone(coops):
    order = two_part_order(coops)
    line = order.lines.get(partner=coops[0].partner)
    staff_client(coops[0]).post(
        f"/en/dashboard/orders/{order.number}/",
        {
            "line_action": "change_line_statuses",
            "selected_line": [line.pk],
            "new_status": "confirmed",
            f"selected_line_qty_{line.pk}": line.quantity,
        },
    )
    assert part_of(order, coops[0]).status == "confirmed"
    assert Line.objects.get(pk=line.pk).status == "confirmed"
    assert OrderPart.objects.get(order=order, cooperative=coops[1]).status == "pending"


@pytest.mark.parametrize("orders", [2, 10])
def test_the_officers_cases_page_reads_its_rows_in_a_fixed_number_of_queries(
    coops, django_assert_max_num_queries, orders
):
    for _ in range(orders):
        order = two_part_order(coops)
        factories.pay(order, amount=Decimal("120000"))  # 10.000 ₫ too much: owed back
    client = officer_client()
    with django_assert_max_num_queries(12):
        page = client.get("/en/payments/cases/").content.decode()
    assert page.count("data-owed>10.000") == orders


@pytest.mark.parametrize("orders", [1, 6])
def test_the_buyers_order_page_does_not_grow_with_the_number_of_orders(coops, django_assert_max_num_queries, orders):
    buyer = factories.user()
    for _ in range(orders):
        order = two_part_order(coops, buyer=buyer)
    client = Client()
    client.force_login(buyer)
    with django_assert_max_num_queries(45):
        page = client.get(f"/en/accounts/orders/{order.number}/").content.decode()
    assert "data-amount>110.000" in page


def test_a_part_remembers_when_it_was_delivered(coops):
    """Contract progress, invoice due dates and the 90-day linkage evidence count from the delivery time."""
    order = two_part_order(coops)
    part = part_of(order, coops[0])
    for status in ("confirmed", "shipped"):
        part = parts.part_move(part=part, status=status, user=None)
    assert part.delivered_at is None
    before = timezone.now()
    parts.part_move(part=part, status="delivered", user=None)
    part.refresh_from_db()
    assert before <= part.delivered_at <= timezone.now()
    assert part_of(order, coops[1]).delivered_at is None
