from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from catalog import cache_version
from tests import factories
from tests.addresses import GUEST_ADDRESS

Order = get_model("order", "Order")


def _add_to_basket(client, product):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, follow=False)
    assert response.status_code == 302


def _checkout(client, guest_email=None, choices=None):
    if guest_email:
        client.post(reverse("checkout:index"), {"username": guest_email, "options": "anonymous"})
    client.post(_vi("checkout:shipping-address"), GUEST_ADDRESS)
    # Each cooperative's part by its default method (delivery where offered) unless told otherwise.
    groups = client.get(reverse("checkout:shipping-method")).context["groups"]
    data = {f"delivery_{group.cooperative.pk}": group.delivery_method for group in groups}
    data.update({f"delivery_{coop.pk}": method for coop, method in (choices or {}).items()})
    client.post(reverse("checkout:shipping-method"), data)
    client.get(reverse("checkout:payment-method"))
    return client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)


class TestCashOnDeliveryCheckout:
    def test_guest_orders_from_two_cooperatives_in_one_basket(self, client, site):
        coop_a = factories.cooperative(name="HTX Rau an toàn Phước An")
        coop_b = factories.cooperative(name="HTX Gạo Bình Chánh")
        veg = factories.product(coop_a, title="Rau cải ngọt", price=25000)
        rice = factories.product(coop_b, title="Gạo thơm", price=120000)
        _add_to_basket(client, veg)
        _add_to_basket(client, rice)

        response = _checkout(client, guest_email="khach@example.com")

        order = Order.objects.get()
        html = response.content.decode()
        assert order.number in html
        assert order.guest_email == "khach@example.com"
        assert {line.partner.cooperative for line in order.lines.all()} == {coop_a, coop_b}
        # Lines 145.000 ₫ + two delivery fees of 30.000 ₫ (the cooperatives' default).
        assert order.shipping_incl_tax == 60000
        assert order.total_incl_tax == 205000
        source = order.sources.get()
        assert source.source_type.code == "cash-on-delivery"
        assert source.amount_allocated == 205000
        assert "205.000\xa0₫" in html
        assert "Thanh toán khi nhận hàng (COD)" in html

    def test_signed_in_buyer_sees_order_in_history(self, client, site):
        buyer = factories.user(email="buyer@example.com")
        client.force_login(buyer)
        _add_to_basket(client, factories.product(title="Nấm rơm"))
        _checkout(client)
        order = Order.objects.get(user=buyer)
        html = client.get(reverse("customer:order-list")).content.decode()
        assert order.number in html


def _vi(name):
    # A request under /en/ leaves English active in the test's thread: name the language.
    with translation.override("vi"):
        return reverse(name)


def _en(name):
    with translation.override("en"):
        return reverse(name)


def _address(client):
    client.post(_vi("checkout:shipping-address"), GUEST_ADDRESS)


@pytest.fixture
def two_cooperatives(site):
    greens = factories.cooperative(
        name="HTX Rau Phước An",
        delivery_fee=Decimal("20000"),
        offers_pickup=True,
        pickup_address="Ấp 3, xã Phước An",
        pickup_hours="7:00–17:00",
    )
    rice = factories.cooperative(name="HTX Gạo Tân Nhựt", delivery_fee=Decimal("35000"))
    return greens, rice


@pytest.fixture
def guest_basket(client, two_cooperatives):
    greens, rice = two_cooperatives
    _add_to_basket(client, factories.product(greens, title="Rau cải ngọt", price=25000))
    _add_to_basket(client, factories.product(rice, title="Gạo thơm", price=120000))
    client.post(reverse("checkout:index"), {"username": "khach@example.com", "options": "anonymous"})
    _address(client)
    return greens, rice


class TestShippingStep:
    def test_shows_each_cooperative_with_its_fee_and_pickup_address(self, client, guest_basket):
        response = client.get(_en("checkout:shipping-method"))

        html = response.content.decode()
        assert response.status_code == 200
        assert "HTX Rau Phước An" in html and "HTX Gạo Tân Nhựt" in html
        assert "Delivery to your address: 20.000\xa0₫" in html
        assert "Delivery to your address: 35.000\xa0₫" in html
        assert "Ấp 3, xã Phước An" in html
        # Only the cooperative offering pickup offers it.
        assert html.count('value="pickup"') == 1

    def test_order_total_is_lines_plus_the_chosen_fees(self, client, guest_basket):
        greens, rice = guest_basket
        client.post(
            _vi("checkout:shipping-method"), {f"delivery_{greens.pk}": "pickup", f"delivery_{rice.pk}": "delivery"}
        )

        preview = client.get(_en("checkout:preview")).content.decode()
        assert "Pickup at the cooperative" in preview and "Ấp 3, xã Phước An" in preview
        assert "180.000\xa0₫" in preview  # 145.000 + 35.000
        response = client.post(_vi("checkout:preview"), {"action": "place_order"}, follow=True)

        order = Order.objects.get()
        assert order.shipping_incl_tax == 35000
        assert order.total_incl_tax == 180000
        parts = {part.cooperative: part for part in order.parts.all()}
        assert parts[greens].delivery_method == "pickup" and parts[greens].delivery_fee == 0
        assert parts[rice].delivery_method == "delivery" and parts[rice].delivery_fee == 35000
        assert {part.status for part in parts.values()} == {"pending"}
        assert {part.language for part in parts.values()} == {"vi"}
        assert [line.title for line in parts[greens].lines] == ["Rau cải ngọt"]
        thank_you = response.content.decode()
        assert order.number in thank_you
        # The thank-you page lists the order by cooperative (by name), each with its delivery.
        parts_html = thank_you[thank_you.index('id="order-parts"') :]
        assert (
            parts_html.index("HTX Gạo Tân Nhựt") < parts_html.index("Gạo thơm") < parts_html.index("HTX Rau Phước An")
        )
        assert "Ấp 3, xã Phước An" in parts_html

    def test_free_delivery_above_the_cooperatives_threshold(self, client, site):
        coop = factories.cooperative(delivery_fee=Decimal("30000"), free_delivery_threshold=Decimal("100000"))
        _add_to_basket(client, factories.product(coop, price=120000))
        _checkout(client, guest_email="khach@example.com")

        order = Order.objects.get()
        assert order.shipping_incl_tax == 0
        assert order.parts.get().delivery_fee == 0

    def test_buyers_language_is_kept_on_the_parts(self, client, site):
        _add_to_basket(client, factories.product(title="Nấm rơm"))
        client.post(_en("checkout:index"), {"username": "guest@example.com", "options": "anonymous"})
        _address(client)
        groups = client.get(_en("checkout:shipping-method")).context["groups"]
        client.post(_en("checkout:shipping-method"), {f"delivery_{groups[0].cooperative.pk}": "delivery"})
        client.post(_en("checkout:preview"), {"action": "place_order"})

        assert Order.objects.get().parts.get().language == "en"

    def test_tampered_choice_is_refused_with_a_message(self, client, guest_basket):
        greens, rice = guest_basket
        response = client.post(
            _en("checkout:shipping-method"),
            {f"delivery_{greens.pk}": "delivery", f"delivery_{rice.pk}": "pickup"},
        )

        assert response.status_code == 400
        assert "HTX Gạo Tân Nhựt no longer offers pickup. Choose delivery instead." in response.content.decode()
        client.post(_vi("checkout:preview"), {"action": "place_order"})
        assert not Order.objects.exists()

    def test_a_missing_or_unknown_choice_is_refused(self, client, guest_basket):
        greens, rice = guest_basket
        response = client.post(_en("checkout:shipping-method"), {f"delivery_{greens.pk}": "drone"})

        html = response.content.decode()
        assert response.status_code == 400
        assert "Choose delivery or pickup for HTX Rau Phước An." in html
        assert "Choose delivery or pickup for HTX Gạo Tân Nhựt." in html

    def test_a_choice_gone_stale_sends_the_buyer_back_to_choose(self, client, guest_basket):
        greens, rice = guest_basket
        client.post(
            _vi("checkout:shipping-method"), {f"delivery_{greens.pk}": "pickup", f"delivery_{rice.pk}": "delivery"}
        )
        greens.offers_pickup = False
        greens.save()

        response = client.post(_en("checkout:preview"), {"action": "place_order"}, follow=True)

        assert not Order.objects.exists()
        assert response.redirect_chain[-1][0].endswith("/checkout/shipping-method/")
        assert "HTX Rau Phước An no longer offers pickup. Choose delivery instead." in response.content.decode()

    def test_a_cooperative_added_after_choosing_must_be_chosen_too(self, client, guest_basket):
        greens, rice = guest_basket
        client.post(
            _vi("checkout:shipping-method"), {f"delivery_{greens.pk}": "delivery", f"delivery_{rice.pk}": "delivery"}
        )
        _add_to_basket(client, factories.product(title="Mật ong"))

        response = client.post(_vi("checkout:preview"), {"action": "place_order"})

        assert not Order.objects.exists()
        assert response.url.endswith("/checkout/shipping-method/")

    def test_parts_refused_at_placement_undo_the_order_and_keep_the_basket(self, client, guest_basket, monkeypatch):
        greens, rice = guest_basket
        client.post(
            _vi("checkout:shipping-method"), {f"delivery_{greens.pk}": "delivery", f"delivery_{rice.pk}": "delivery"}
        )

        def refuse(**kwargs):  # a cooperative changed its options between the preview and the click
            raise ValidationError("HTX Gạo Tân Nhựt no longer delivers.")

        monkeypatch.setattr("checkout.views.order_parts_create", refuse)
        response = client.post(_vi("checkout:preview"), {"action": "place_order"})

        assert "HTX Gạo Tân Nhựt no longer delivers." in response.content.decode()
        assert not Order.objects.exists()
        assert client.get(_vi("basket:summary")).context["basket"].num_lines == 2


def test_the_first_page_offers_a_guest_checkout_or_signing_in_and_no_register_option(client, site):
    """Registering waits for a link mailed to the address (issue 16): guests buy now, register later."""
    _add_to_basket(client, factories.product(title="Nấm rơm"))

    page = client.get(_en("checkout:index")).content.decode()

    assert 'value="anonymous"' in page and 'value="existing"' in page
    assert 'value="new"' not in page
    assert page.index('value="existing"') < page.index('id="id_password"')


class TestCachedPagesAfterAnOrder:
    def test_the_ordered_products_pages_refresh_once_and_the_listings_stay(self, client, guest_basket, monkeypatch):
        # Stock allocation, lines, order_placed and parts each concern the same products: the placement
        # collects them and makes the products' pages stale once, at its end (catalog/change_signals.py).
        greens, rice = guest_basket
        Product = get_model("catalogue", "Product")
        sold = Product.objects.filter(stockrecords__partner__cooperative__in=[greens, rice])
        ordered = set(sold.values_list("pk", flat=True))
        before = {pk: cache_version.product_version(pk) for pk in ordered}
        listings = cache_version.listing_version()
        bumps = []
        real_bump = cache_version._bump
        monkeypatch.setattr(cache_version, "_bump", lambda names: (bumps.append(sorted(names)), real_bump(names)))
        client.post(
            _vi("checkout:shipping-method"), {f"delivery_{greens.pk}": "delivery", f"delivery_{rice.pk}": "delivery"}
        )
        client.post(_vi("checkout:preview"), {"action": "place_order"})

        assert Order.objects.count() == 1
        assert all(cache_version.product_version(pk) != version for pk, version in before.items())
        assert cache_version.listing_version() == listings
        product_bumps = [names for names in bumps if any(name.startswith("product-") for name in names)]
        assert product_bumps == [sorted(f"product-{pk}" for pk in ordered)]
