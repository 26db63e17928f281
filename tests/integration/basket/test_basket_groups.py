"""The basket grouped by cooperative: each cooperative's lines, subtotal and delivery estimate."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.test.factories import create_basket

from catalog import services as catalog_services
from fulfilment.selectors import basket_groups
from tests import factories

# The basket page's queries for a basket of four lines from three cooperatives (measured: 30 with 10 and with
# 1,000 products). They grow with the basket's lines (Oscar prices each line), not with the catalogue.
BASKET_PAGE_QUERIES = 30


def en(name):
    with translation.override("en"):
        return reverse(name)


def add(client, product, quantity=1):
    with translation.override("vi"):
        url = reverse("basket:add", kwargs={"pk": product.pk})
    assert client.post(url, {"quantity": quantity}).status_code == 302


@pytest.fixture
def three_cooperatives(site):
    return [
        factories.cooperative(name="HTX Rau Phước An", delivery_fee=Decimal("20000")),
        factories.cooperative(
            name="HTX Gạo Tân Nhựt", offers_delivery=False, offers_pickup=True, pickup_address="Ấp 1"
        ),
        factories.cooperative(
            name="HTX Dưa lưới Củ Chi", delivery_fee=Decimal("30000"), free_delivery_threshold=Decimal("100000")
        ),
    ]


@pytest.fixture
def basket_of_three(client, three_cooperatives):
    greens, rice, melons = three_cooperatives
    add(client, factories.product(greens, title="Rau cải", price=Decimal("25000")), 2)
    add(client, factories.product(rice, title="Gạo ST25", price=Decimal("38000")))
    add(client, factories.product(greens, title="Rau muống", price=Decimal("15000")))
    add(client, factories.product(melons, title="Dưa lưới", price=Decimal("120000")))
    return client


def more_products(count, cooperative):
    category = factories.category()
    for n in range(count):
        catalog_services.product_create(
            cooperative=cooperative, title=f"Sản phẩm {n}", category=category, price=Decimal("10000"), stock=5
        )


class TestBasketGroupsSelector:
    def test_groups_lines_by_cooperative_with_subtotals_and_fees(self, three_cooperatives):
        greens, rice, melons = three_cooperatives
        basket = create_basket(empty=True)
        basket.add_product(factories.product(greens, price=Decimal("25000")), quantity=2)
        basket.add_product(factories.product(rice, price=Decimal("38000")))
        basket.add_product(factories.product(melons, price=Decimal("120000")))

        groups = basket_groups(basket)

        assert [group.cooperative for group in groups] == [melons, rice, greens]  # by name
        assert [group.subtotal for group in groups] == [120000, 38000, 50000]
        assert [group.delivery_method for group in groups] == ["delivery", "pickup", "delivery"]
        # Melons above their free-delivery threshold, rice picked up, greens at their fee.
        assert [group.delivery_fee for group in groups] == [0, 0, 20000]

    def test_a_valid_choice_is_kept_and_a_stale_one_reported(self, three_cooperatives):
        greens, rice, _melons = three_cooperatives
        basket = create_basket(empty=True)
        basket.add_product(factories.product(greens))
        basket.add_product(factories.product(rice))

        with translation.override("en"):
            groups = basket_groups(basket, {greens.pk: "delivery", rice.pk: "delivery"})
        greens_group, rice_group = sorted(groups, key=lambda group: group.cooperative != greens)

        assert greens_group.is_chosen and not greens_group.error
        assert not rice_group.is_chosen and rice_group.delivery_method == "pickup"
        assert rice_group.error == "HTX Gạo Tân Nhựt no longer delivers. Choose pickup at the cooperative instead."


class TestBasketPage:
    def test_lines_are_grouped_under_each_cooperative_with_its_subtotal(self, basket_of_three):
        response = basket_of_three.get(en("basket:summary"))

        html = response.content.decode()
        groups = html[html.index('id="basket_formset"') :]
        positions = [groups.index(name) for name in ("HTX Dưa lưới Củ Chi", "HTX Gạo Tân Nhựt", "HTX Rau Phước An")]
        assert positions == sorted(positions)
        rau = groups.index("HTX Rau Phước An")
        assert rau < groups.index("Rau cải") and rau < groups.index("Rau muống")
        assert groups.index("HTX Gạo Tân Nhựt") < groups.index("Gạo ST25") < rau
        assert "65.000\xa0₫" in groups  # the greens' subtotal: 2 × 25.000 + 15.000
        assert "Delivery: 20.000\xa0₫" in groups
        assert "Pickup at the cooperative" in groups
        # The estimate in the totals: 20.000 ₫ of delivery for the greens only.
        assert response.context["shipping_charge"].incl_tax == 20000

    @pytest.mark.parametrize("catalogue_size", [10, 1000])
    def test_query_count_does_not_grow_with_the_catalogue(
        self, basket_of_three, three_cooperatives, catalogue_size, django_assert_max_num_queries
    ):
        more_products(catalogue_size - 4, three_cooperatives[0])

        with django_assert_max_num_queries(BASKET_PAGE_QUERIES):
            response = basket_of_three.get(en("basket:summary"))

        assert response.status_code == 200
        assert len(response.context["shipping_method"].groups) == 3


@pytest.mark.django_db
def test_the_remove_button_takes_the_line_out_without_any_script(client):
    from oscar.core.loading import get_model

    product = factories.product(factories.cooperative(name="HTX Xóa"), title="Cải bẹ xanh")
    client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    page = client.get("/basket/").content.decode()
    remove = re.search(r'<button type="submit" class="btn btn-outline-danger basket-line-remove" name="([^"]+)"', page)
    line_id = re.search(r'name="form-0-id" value="(\d+)"', page).group(1)

    client.post(
        "/basket/",
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000,
            "form-0-id": line_id,
            "form-0-quantity": 1,
            remove.group(1): "on",
        },
    )

    assert get_model("basket", "Line").objects.count() == 0
