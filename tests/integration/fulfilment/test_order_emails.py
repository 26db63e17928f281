"""E-mails about an order: placed (to the buyer), each part shipped, delivered or cancelled (to the buyer, in
the language they used), and a new order to each cooperative's staff (their own lines only)."""

import logging
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.apps.shipping.methods import FixedPrice
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_basket, create_order

from fulfilment import emails, services
from fulfilment.models import OrderPart
from fulfilment.selectors import order_parts_for_mail
from fulfilment.signals import order_part_status_changed
from lifecycle import money
from lifecycle import parts as lifecycle
from payments.models import OrderPayment
from tests import factories
from tests.addresses import GUEST_ADDRESS

Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")


def translated(msgid, language="vi", **params):
    """What the mail says for ``msgid`` in ``language``: the msgid itself until the Vietnamese is merged."""
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text


def vnd(amount):
    return f"{Decimal(amount):,.0f}".replace(",", ".") + "\xa0₫"


def shipping_address():
    return ShippingAddress.objects.create(
        first_name="Lan",
        last_name="Nguyễn",
        line1="12 Lê Lợi",
        line4="Thủ Đức",
        phone_number="0901234567",
        notes="Gọi trước khi giao",
        country=Country.objects.get(iso_3166_1_a2="VN"),
    )


def place_order(*items, user=None, guest_email="", shipping_charge=Decimal("0")):
    basket = create_basket(empty=True)
    for product, quantity in items:
        basket.add_product(product, quantity=quantity)
    method = FixedPrice(charge_excl_tax=shipping_charge, charge_incl_tax=shipping_charge)
    return create_order(
        basket=basket, user=user, guest_email=guest_email, shipping_address=shipping_address(), shipping_method=method
    )


def bodies(message):
    """The text body and the HTML alternative of ``message``."""
    return message.body, message.alternatives[0][0]


@pytest.fixture
def veg_coop(site):
    return factories.cooperative(name="HTX Rau Phước An", phone="0283 111 222")


@pytest.fixture
def rice_coop(site):
    coop = factories.cooperative(name="HTX Gạo Tân Nhựt")
    coop.offers_pickup, coop.pickup_address, coop.pickup_hours = True, "Ấp 3, Tân Nhựt", "7:00–17:00"
    coop.save()
    return coop


@pytest.fixture
def veg_staff(veg_coop):
    return factories.cooperative_staff(veg_coop, email="rau@example.com")


@pytest.fixture
def rice_staff(rice_coop):
    return factories.cooperative_staff(rice_coop, email="gao@example.com")


@pytest.fixture
def buyer(site):
    return factories.user(email="buyer@example.com")


@pytest.fixture
def shared_order(veg_coop, rice_coop, veg_staff, rice_staff, buyer, django_capture_on_commit_callbacks):
    """An order of both cooperatives' produce: the vegetables delivered, the rice picked up; mails cleared."""
    veg = factories.product(veg_coop, title="Rau muống Củ Chi", price=Decimal("25000"))
    rice = factories.product(rice_coop, title="Gạo ST25", price=Decimal("120000"))
    order = place_order((veg, 2), (rice, 1), user=buyer, shipping_charge=Decimal("30000"))
    with django_capture_on_commit_callbacks(execute=True):
        services.order_parts_create(
            order=order, choices={veg_coop.pk: "delivery", rice_coop.pk: "pickup"}, language="en"
        )
    mail.outbox.clear()
    return order


def part_of(order, cooperative):
    return order.parts.select_related("order", "cooperative").get(cooperative=cooperative)


def move(part, *statuses, user, capture):
    for status in statuses:
        with capture(execute=True):
            part = lifecycle.part_move(part=part, status=status, user=user)
    return part


def set_language(part, language):
    OrderPart.objects.filter(pk=part.pk).update(language=language)
    part.refresh_from_db()
    return part


class TestOrderPlacedMail:
    def send(self, order, language):
        with translation.override(language):
            path = reverse("customer:order", kwargs={"order_number": order.number})
            OrderDispatcher().send_order_placed_email_for_user(
                order, {"user": order.user, "order": order, "lines": order.lines.all(), "status_path": path}
            )
        (message,) = mail.outbox
        return message

    def test_lists_the_order_grouped_by_cooperative_with_delivery_or_pickup(self, shared_order, buyer):
        message = self.send(shared_order, "en")
        assert message.to == [buyer.email]
        for body in bodies(message):
            # the parts in the cooperatives' alphabetical order, each with its own lines
            rice_at, veg_at = body.index("HTX Gạo Tân Nhựt"), body.index("HTX Rau Phước An")
            assert rice_at < body.index("Gạo ST25") < veg_at < body.index("Rau muống Củ Chi")
            assert "Delivery fee:" in body
            assert "Pickup at the cooperative" in body and "Ấp 3, Tân Nhựt" in body
            assert vnd(50000) in body and vnd(120000) in body  # each line, in đồng
            assert vnd(30000) in body  # the vegetables' delivery fee
            assert vnd(200000) in body  # the order's total: 50,000 + 120,000 + 30,000
            assert "090 123 4567" in body
            assert f"/en/accounts/orders/{shared_order.number}/" in body

    def test_the_checkouts_context_gives_the_same_mail_in_fewer_queries(self, shared_order):
        # The checkout hands the parts and lines over read at once (fulfilment.selectors.order_parts_for_mail);
        # the mail reads the same as from the order alone, without a query per part and per line.
        def sent_with(parts_given):
            mail.outbox.clear()
            order = type(shared_order).objects.get(pk=shared_order.pk)
            context = {"user": order.user, "order": order, "lines": order.lines.all(), "status_path": "/x/"}
            with CaptureQueriesContext(connection) as queries:
                if parts_given:
                    context["parts"], context["lines"] = order_parts_for_mail(order)
                OrderDispatcher().send_order_placed_email_for_user(order, context)
            (message,) = mail.outbox
            return bodies(message), len(queries)

        plain, plain_queries = sent_with(False)
        given, given_queries = sent_with(True)
        assert given == plain
        assert "Gạo ST25" in given[0] and "Rau muống Củ Chi" in given[1]
        assert given_queries < plain_queries

    def test_is_in_vietnamese_for_a_checkout_in_vietnamese(self, shared_order):
        message = self.send(shared_order, "vi")
        assert translated("Pickup at the cooperative") in message.body
        assert translated("Order Total:") in message.body  # Oscar's own Vietnamese
        assert "Order Total:" not in message.body
        assert f"/accounts/orders/{shared_order.number}/" in message.body
        assert "/en/" not in message.body


class TestPartStatusMails:
    def test_shipped_tells_the_buyer_which_cooperative_and_lines_are_on_their_way(
        self, shared_order, veg_coop, veg_staff, buyer, django_capture_on_commit_callbacks
    ):
        part = move(
            part_of(shared_order, veg_coop),
            "confirmed",
            "shipped",
            user=veg_staff,
            capture=django_capture_on_commit_callbacks,
        )
        (message,) = mail.outbox
        assert message.to == [buyer.email]
        assert message.subject == f"Order {shared_order.number}: HTX Rau Phước An has sent your produce"
        assert message.extra_headers["Content-Language"] == part.language == "en"
        for body in bodies(message):
            assert "It is on its way to you." in body
            assert "Rau muống Củ Chi" in body and "× 2" in body
            assert "Gạo ST25" not in body  # the other cooperative's part is not this mail's
            assert "0283 111 222" in body  # whom to call
            assert f"http://testserver/en/accounts/orders/{shared_order.number}/" in body

    def test_shipped_leaves_out_lines_cancelled_one_by_one(
        self, veg_coop, veg_staff, buyer, django_capture_on_commit_callbacks
    ):
        kept, dropped = factories.product(veg_coop, title="Cải ngọt"), factories.product(veg_coop, title="Rau dền")
        order = place_order((kept, 1), (dropped, 1), user=buyer)
        with django_capture_on_commit_callbacks(execute=True):
            (part,) = services.order_parts_create(order=order, choices={veg_coop.pk: "delivery"}, language="en")
        order.lines.filter(product=dropped).update(status="cancelled")
        mail.outbox.clear()
        move(part, "confirmed", "shipped", user=veg_staff, capture=django_capture_on_commit_callbacks)
        (message,) = mail.outbox
        assert "Cải ngọt" in message.body and "Rau dền" not in message.body

    def test_shipped_pickup_part_says_where_and_when_to_collect_it(
        self, shared_order, rice_coop, rice_staff, django_capture_on_commit_callbacks
    ):
        move(
            part_of(shared_order, rice_coop),
            "confirmed",
            "shipped",
            user=rice_staff,
            capture=django_capture_on_commit_callbacks,
        )
        (message,) = mail.outbox
        assert "ready for pickup" in message.subject
        assert "Ấp 3, Tân Nhựt (7:00–17:00)" in message.body

    def test_delivered_thanks_the_buyer(self, shared_order, veg_coop, veg_staff, django_capture_on_commit_callbacks):
        part = move(
            part_of(shared_order, veg_coop),
            "confirmed",
            "shipped",
            user=veg_staff,
            capture=django_capture_on_commit_callbacks,
        )
        mail.outbox.clear()
        move(part, "delivered", user=veg_staff, capture=django_capture_on_commit_callbacks)
        (message,) = mail.outbox
        assert message.subject == f"Order {shared_order.number}: HTX Rau Phước An's part is delivered"
        assert "has delivered its part of your order" in message.body
        assert "Rau muống Củ Chi" in message.alternatives[0][0]

    def test_cancelled_says_the_other_parts_go_ahead(
        self, shared_order, rice_coop, rice_staff, django_capture_on_commit_callbacks
    ):
        move(part_of(shared_order, rice_coop), "cancelled", user=rice_staff, capture=django_capture_on_commit_callbacks)
        (message,) = mail.outbox
        assert message.subject == f"Order {shared_order.number}: HTX Gạo Tân Nhựt has cancelled its part"
        for body in bodies(message):
            assert "Gạo ST25" in body and "Rau muống Củ Chi" not in body
            assert "go ahead as planned" in body

    def test_cancelled_says_why_and_what_the_order_costs_now(
        self, shared_order, rice_coop, django_capture_on_commit_callbacks
    ):
        paid = shared_order.lines.exclude(partner=rice_coop.partner).first()
        OrderPayment.objects.create(order=shared_order, method="bank-transfer", amount=shared_order.total_incl_tax)
        factories.pay(shared_order)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.part_move(
                part=part_of(shared_order, rice_coop), status="cancelled", user=None, reason="Lúa bị ngập"
            )
        (message,) = mail.outbox
        dues = money.order_dues(shared_order)
        assert dues.refund_owed > 0 and paid is not None
        for body in bodies(message):
            assert "Reason: Lúa bị ngập" in body
            assert f"Your order now costs {vnd(dues.charge)}" in body
            assert f"You have already paid {vnd(dues.refund_owed)} more than that" in body

    def test_is_written_in_vietnamese_for_a_buyer_who_ordered_in_vietnamese(
        self, shared_order, veg_coop, veg_staff, django_capture_on_commit_callbacks
    ):
        part = set_language(part_of(shared_order, veg_coop), "vi")
        move(part, "confirmed", "shipped", user=veg_staff, capture=django_capture_on_commit_callbacks)
        (message,) = mail.outbox
        assert message.extra_headers["Content-Language"] == "vi"
        assert translated("Follow your order:") in message.body
        assert translated("Thanks for using our site!") in message.body  # Oscar's own Vietnamese
        assert "Thanks for using our site!" not in message.body
        assert f"http://testserver/accounts/orders/{shared_order.number}/" in message.body

    def test_guest_buyer_gets_it_at_the_guest_address_with_the_private_order_link(
        self, veg_coop, veg_staff, django_capture_on_commit_callbacks
    ):
        order = place_order((factories.product(veg_coop, title="Cải ngọt"), 1), guest_email="khach@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            (part,) = services.order_parts_create(order=order, choices={veg_coop.pk: "delivery"}, language="en")
        mail.outbox.clear()
        move(part, "cancelled", user=veg_staff, capture=django_capture_on_commit_callbacks)
        (message,) = mail.outbox
        assert message.to == ["khach@example.com"]
        assert f"http://testserver/en/accounts/order-status/{order.number}/{order.verification_hash()}/" in message.body


class TestEscaping:
    def test_text_bodies_are_plain_and_html_bodies_escaped(
        self, veg_coop, veg_staff, buyer, django_capture_on_commit_callbacks
    ):
        veg_coop.name = "HTX Rau & Củ <Phước An>"
        veg_coop.save()
        order = place_order((factories.product(veg_coop, title='Cà chua "bi"'), 1), user=buyer)
        with django_capture_on_commit_callbacks(execute=True):
            services.order_parts_create(order=order, choices={veg_coop.pk: "delivery"}, language="en")
        (message,) = mail.outbox
        text, html = bodies(message)
        assert "HTX Rau & Củ <Phước An>" in message.subject and "HTX Rau & Củ <Phước An>" in text
        assert 'Cà chua "bi"' in text
        assert "HTX Rau &amp; Củ &lt;Phước An&gt;" in html and "<Phước An>" not in html


class TestNoMailWhenNothingChanged:
    def test_confirming_a_part_is_not_mailed(
        self, shared_order, veg_coop, veg_staff, django_capture_on_commit_callbacks
    ):
        move(part_of(shared_order, veg_coop), "confirmed", user=veg_staff, capture=django_capture_on_commit_callbacks)
        assert mail.outbox == []

    def test_a_refused_change_sends_nothing(
        self, shared_order, veg_coop, veg_staff, django_capture_on_commit_callbacks
    ):
        with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
            lifecycle.part_move(part=part_of(shared_order, veg_coop), status="delivered", user=veg_staff)
        assert mail.outbox == []

    def test_a_status_reported_unchanged_sends_nothing(self, shared_order, veg_coop, veg_staff):
        part = part_of(shared_order, veg_coop)
        order_part_status_changed.send(
            sender=OrderPart, part=part, old_status="shipped", new_status="shipped", user=veg_staff
        )
        assert mail.outbox == []


class TestNewOrderMailToCooperatives:
    def test_each_cooperatives_staff_get_their_own_lines_only(
        self, veg_coop, rice_coop, veg_staff, rice_staff, buyer, django_capture_on_commit_callbacks
    ):
        veg = factories.product(veg_coop, title="Rau muống Củ Chi", price=Decimal("25000"))
        rice = factories.product(rice_coop, title="Gạo ST25", price=Decimal("120000"))
        order = place_order((veg, 2), (rice, 1), user=buyer)
        with django_capture_on_commit_callbacks(execute=True):
            services.order_parts_create(
                order=order, choices={veg_coop.pk: "delivery", rice_coop.pk: "pickup"}, language="en"
            )
        by_recipient = {message.to[0]: message for message in mail.outbox}
        assert set(by_recipient) == {"rau@example.com", "gao@example.com"}

        to_veg, to_rice = by_recipient["rau@example.com"], by_recipient["gao@example.com"]
        assert str(order.number) in to_veg.subject and "HTX Rau Phước An" in to_veg.subject
        for body in bodies(to_veg):
            assert "Rau muống Củ Chi" in body and "× 2" in body
            assert "Gạo ST25" not in body and vnd(120000) not in body
            assert "Lan Nguyễn" in body and "090 123 4567" in body
            assert "12 Lê Lợi" in body and "Gọi trước khi giao" in body  # where to deliver
            assert vnd(80000) in body  # its part: 2 × 25.000 ₫ + 30.000 ₫ delivery
            part_url = reverse("workspace:order-part", kwargs={"pk": order.parts.get(cooperative=veg_coop).pk})
            assert f"http://testserver{part_url}" in body
        for body in bodies(to_rice):
            assert "Gạo ST25" in body and "Rau muống Củ Chi" not in body
            assert "090 123 4567" in body
            assert "12 Lê Lợi" not in body  # picked up: the address is not needed
        assert reverse("fulfilment:pick-list", kwargs={"pk": order.parts.get(cooperative=rice_coop).pk}) in to_rice.body

    def test_managers_and_staff_each_get_one_mail_in_vietnamese(
        self, veg_coop, veg_staff, buyer, django_capture_on_commit_callbacks
    ):
        manager = factories.cooperative_staff(veg_coop, email="quanly@example.com")
        veg_coop.managers.add(manager, veg_staff)
        factories.cooperative_staff(factories.cooperative(), email="other@example.com")
        order = place_order((factories.product(veg_coop), 1), user=buyer)
        with django_capture_on_commit_callbacks(execute=True):
            services.order_parts_create(order=order, choices={veg_coop.pk: "delivery"}, language="en")
        assert sorted(message.to[0] for message in mail.outbox) == ["quanly@example.com", "rau@example.com"]
        assert all(message.extra_headers["Content-Language"] == "vi" for message in mail.outbox)
        assert translated("Deliver to:") in mail.outbox[0].body


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


class TestMailFailure:
    def test_a_status_change_is_saved_and_logged_when_the_mail_server_is_down(
        self, settings, shared_order, veg_coop, veg_staff, caplog, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
        with caplog.at_level(logging.ERROR, logger="fulfilment"):
            move(
                part_of(shared_order, veg_coop), "cancelled", user=veg_staff, capture=django_capture_on_commit_callbacks
            )
        assert part_of(shared_order, veg_coop).status == "cancelled"
        assert "Could not send" in caplog.text

    def test_new_order_mails_failing_do_not_raise(self, settings, shared_order):
        settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
        assert emails.order_parts_created(order=shared_order, parts=list(shared_order.parts.all())) == 0


def en_url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def checkout_as_guest_in_english(client, products, choices):
    for product in products:
        assert client.post(en_url("basket:add", pk=product.pk), {"quantity": 1}).status_code == 302
    client.post(en_url("checkout:index"), {"username": "khach@example.com", "options": "anonymous"})
    client.post(
        en_url("checkout:shipping-address"),
        GUEST_ADDRESS,
    )
    client.post(en_url("checkout:shipping-method"), {f"delivery_{coop.pk}": method for coop, method in choices.items()})
    client.get(en_url("checkout:payment-method"))
    return client.post(en_url("checkout:preview"), {"action": "place_order"})


class TestCheckoutMails:
    def test_an_english_checkout_mails_the_guest_in_english_and_each_cooperative_its_part(
        self, client, veg_coop, rice_coop, veg_staff, rice_staff, django_capture_on_commit_callbacks
    ):
        veg = factories.product(veg_coop, title="Rau muống Củ Chi", price=Decimal("25000"))
        rice = factories.product(rice_coop, title="Gạo ST25", price=Decimal("120000"))
        with django_capture_on_commit_callbacks(execute=True):
            response = checkout_as_guest_in_english(
                client, [veg, rice], choices={veg_coop: "delivery", rice_coop: "pickup"}
            )
        assert response.status_code == 302
        by_recipient = {message.to[0]: message for message in mail.outbox}
        assert set(by_recipient) == {"khach@example.com", "rau@example.com", "gao@example.com"}
        placed = by_recipient["khach@example.com"]
        assert placed.subject.startswith("Confirmation of order")
        assert "Pickup at the cooperative: Ấp 3, Tân Nhựt (7:00–17:00)" in placed.body
        assert "Delivery fee: 30.000\xa0₫" in placed.body
        assert "Gạo ST25" not in by_recipient["rau@example.com"].body

    def test_the_order_is_placed_when_the_mail_server_is_down(
        self, settings, client, veg_coop, veg_staff, caplog, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
        veg = factories.product(veg_coop, title="Rau muống Củ Chi")
        with django_capture_on_commit_callbacks(execute=True):
            response = checkout_as_guest_in_english(client, [veg], choices={veg_coop: "delivery"})
        assert response.status_code == 302
        assert response["Location"] == en_url("checkout:thank-you")
        assert OrderPart.objects.get().cooperative == veg_coop
        assert "could not send the order-placed e-mail" in caplog.text
        assert "Could not send 1 mail(s)" in caplog.text  # the cooperative's, logged too
