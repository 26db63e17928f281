"""Order updates by SMS to the mobile the buyer gave: placed, shipped, delivered, cancelled (what the
buyer hears of by e-mail), short Vietnamese texts with the order number and a link; a guest with no
e-mail gets them too; a gateway that fails never undoes the status change, and is recorded and logged."""

import logging

import pytest
from django.core import mail

from accounts import sms
from fulfilment.models import BuyerText
from fulfilment.services import order_parts_create
from lifecycle import parts as lifecycle
from tests import factories
from tests.integration.fulfilment.test_order_emails import move, place_order

PHONE = "+84901234567"
LOOKUP = "http://testserver/accounts/order-lookup/?number="


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def coop(site):
    return factories.cooperative(name="HTX Rau Phước An")


@pytest.fixture
def staff(coop):
    return factories.cooperative_staff(coop, email="rau@example.com")


def placed(coop, capture, *, user=None, guest_email="", language="vi"):
    order = place_order((factories.product(coop, title="Rau muống"), 2), user=user, guest_email=guest_email)
    with capture(execute=True):
        (part,) = order_parts_create(order=order, choices={coop.pk: "delivery"}, language=language)
    return order, part


def texts_to(number=PHONE):
    return [text.message for text in sms.outbox if text.to == number]


class TestGuestWithoutEmail:
    def test_hears_of_the_order_and_each_step_by_sms(self, coop, staff, django_capture_on_commit_callbacks):
        order, part = placed(coop, django_capture_on_commit_callbacks, user=None)

        (placed_text,) = texts_to()
        assert str(order.number) in placed_text and f"{LOOKUP}{order.number}" in placed_text
        assert placed_text.startswith("Chợ HTX:")

        move(part, "confirmed", user=staff, capture=django_capture_on_commit_callbacks)
        assert len(texts_to()) == 1  # the cooperative's own bookkeeping: no text

        move(part, "shipped", user=staff, capture=django_capture_on_commit_callbacks)
        shipped = texts_to()[-1]
        assert str(order.number) in shipped and "HTX Rau Phước An" in shipped and "đang được giao" in shipped
        assert f"{LOOKUP}{order.number}" in shipped

        move(part, "delivered", user=staff, capture=django_capture_on_commit_callbacks)
        assert "đã giao" in texts_to()[-1]
        assert not mail.outbox or all(message.to != [""] for message in mail.outbox)
        assert list(BuyerText.objects.values_list("status", flat=True)) == ["sent"] * 3

    def test_hears_of_a_cancellation(self, coop, staff, django_capture_on_commit_callbacks):
        order, part = placed(coop, django_capture_on_commit_callbacks, user=None)

        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.part_move(part=part, status="cancelled", user=staff, reason="Hết hàng")

        assert "đã bị hủy" in texts_to()[-1]


class TestBuyerWithAnAccount:
    def test_gets_the_e_mail_and_the_sms_with_a_link_to_the_accounts_order_page(
        self, coop, staff, django_capture_on_commit_callbacks
    ):
        buyer = factories.user(email="buyer@example.com")
        order, part = placed(coop, django_capture_on_commit_callbacks, user=buyer, language="en")
        mail.outbox.clear()

        move(part, "confirmed", "shipped", user=staff, capture=django_capture_on_commit_callbacks)

        assert [message.to for message in mail.outbox] == [["buyer@example.com"]]
        shipped = texts_to()[-1]
        assert f"http://testserver/en/accounts/orders/{order.number}/" in shipped
        assert "is on its way" in shipped  # in the language of the checkout


class TestGatewayFailure:
    def test_the_status_change_stands_and_the_failure_is_recorded_and_logged(
        self, coop, staff, settings, caplog, django_capture_on_commit_callbacks
    ):
        order, part = placed(coop, django_capture_on_commit_callbacks, user=None)
        settings.SMS_BACKEND = "accounts.sms.HttpGatewayBackend"
        settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # nothing listens: the gateway is away
        settings.SMS_GATEWAY_TIMEOUT_SECONDS = 1

        with caplog.at_level(logging.ERROR):
            part = move(part, "confirmed", "shipped", user=staff, capture=django_capture_on_commit_callbacks)

        part.refresh_from_db()
        assert part.status == "shipped"
        failed = BuyerText.objects.get(part=part)
        assert failed.status == "failed" and failed.to == PHONE and "unreachable" in failed.error
        assert str(order.number) in failed.message
        assert any("not sent" in record.getMessage() for record in caplog.records)
