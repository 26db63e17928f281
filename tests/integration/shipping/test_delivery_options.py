"""A cooperative's delivery options: delivery with a fee, pickup at the cooperative, or both."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests import factories


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


OPTIONS = {
    "offers_delivery": "on",
    "delivery_fee": "25000",
    "free_delivery_threshold": "300000",
    "offers_pickup": "on",
    "pickup_address": "Ấp 4, xã Tân Thông Hội",
    "pickup_hours": "Thứ 2–Thứ 7, 7:00–17:00",
}


@pytest.fixture
def ours(site):
    return factories.cooperative(name="HTX Rau Củ Chi")


@pytest.fixture
def theirs(site):
    return factories.cooperative(name="HTX Gạo Hóc Môn")


class TestDeliveryOptionsModel:
    def test_delivery_fee_is_free_from_the_threshold(self, ours):
        ours.delivery_fee, ours.free_delivery_threshold = Decimal("30000"), Decimal("200000")

        assert ours.delivery_fee_for(Decimal("199999")) == 30000
        assert ours.delivery_fee_for(Decimal("200000")) == 0

    def test_must_offer_delivery_or_pickup(self, ours):
        ours.offers_delivery = ours.offers_pickup = False

        with pytest.raises(ValidationError) as error:
            ours.full_clean()

        assert "offers_delivery" in error.value.message_dict

    def test_fees_are_whole_dong(self, ours):
        ours.delivery_fee = Decimal("25000.50")

        with pytest.raises(ValidationError) as error:
            ours.full_clean()

        assert "delivery_fee" in error.value.message_dict


class TestDeliveryOptionsPage:
    def test_staff_edit_their_cooperatives_options(self, client, ours):
        client.force_login(factories.cooperative_staff(ours))

        response = client.post(en("fulfilment:delivery-options-of", pk=ours.pk), OPTIONS)

        assert response.status_code == 302
        ours.refresh_from_db()
        assert ours.delivery_fee == 25000 and ours.free_delivery_threshold == 300000
        assert ours.offers_pickup and ours.pickup_address == "Ấp 4, xã Tân Thông Hội"

    def test_the_page_without_a_number_opens_their_own_cooperative(self, client, ours):
        client.force_login(factories.cooperative_staff(ours))

        response = client.get(en("fulfilment:delivery-options"))

        assert response.status_code == 200
        assert "Delivery options of HTX Rau Củ Chi" in response.content.decode()

    def test_cooperative_a_cannot_edit_cooperative_bs_options(self, client, ours, theirs):
        client.force_login(factories.cooperative_staff(ours))

        get = client.get(en("fulfilment:delivery-options-of", pk=theirs.pk))
        post = client.post(en("fulfilment:delivery-options-of", pk=theirs.pk), {**OPTIONS, "delivery_fee": "1"})

        assert get.status_code == 404 and post.status_code == 404
        theirs.refresh_from_db()
        assert theirs.delivery_fee == 30000 and not theirs.offers_pickup

    def test_neither_delivery_nor_pickup_is_refused_with_a_message(self, client, ours):
        client.force_login(factories.cooperative_staff(ours))
        data = {key: value for key, value in OPTIONS.items() if key not in ("offers_delivery", "offers_pickup")}

        response = client.post(en("fulfilment:delivery-options-of", pk=ours.pk), data)

        assert response.status_code == 400
        assert "Offer delivery, pickup at the cooperative, or both." in response.content.decode()
        ours.refresh_from_db()
        assert ours.offers_delivery

    def test_pickup_needs_an_address(self, client, ours):
        client.force_login(factories.cooperative_staff(ours))

        response = client.post(en("fulfilment:delivery-options-of", pk=ours.pk), {**OPTIONS, "pickup_address": ""})

        assert response.status_code == 400
        assert "Give the address where buyers pick up their orders." in response.content.decode()

    def test_people_outside_any_cooperative_are_refused(self, client, site):
        client.force_login(factories.user())

        assert client.get(en("fulfilment:delivery-options")).status_code == 403
