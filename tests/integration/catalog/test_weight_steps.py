"""Produce sold by weight is bought in weight steps (0,5 kg, 1 kg, 1,5 kg…): Oscar's whole-number quantity
counts steps, the stock record's price is that of one step, and baskets, orders and pick lists show weights."""

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model

from basket import forms as our_basket_forms
from catalog.models import OrderLineWeight
from marketplace.demo import data
from tests import factories
from tests.integration.checkout.test_checkout import _checkout
from tests.integration.dashboard.test_dashboard_products import field_errors, form_data

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")


def _en(url_or_name, **kwargs):
    """The English address of a URL name (or of a Vietnamese path), whatever language is active."""
    with translation.override("vi"):
        url = reverse(url_or_name, kwargs=kwargs) if ":" in url_or_name else url_or_name
    return "/en" + url


def _render(text, **context):
    return Template("{% load weights %}" + text).render(Context(context))


def _options(html, name="quantity"):
    """The (value, label, selected) options of the first select named ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}> in the page"
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', select[1])
    ]


@pytest.fixture
def rice(site):
    coop = factories.cooperative(name="HTX Gạo Tân Nhựt")
    # 45.000 ₫ a 500 g step (90.000 ₫ a kilogram); 8 steps = 4 kg in stock.
    return factories.product(coop, title="Gạo ST25", price=Decimal("45000"), stock=8, weight_step_grams=500)


@pytest.fixture
def greens(site):
    return factories.product(title="Rau muống", price=Decimal("18000"), stock=30, selling_unit="bunch")


def _add(client, product, quantity, **extra):
    return client.post(_en("basket:add", pk=product.pk), {"quantity": quantity}, **extra)


class TestOscarUsesOurBasketForms:
    def test_product_page_card_quick_add_and_basket_page_forms_are_ours(self):
        assert get_class("basket.forms", "AddToBasketForm") is our_basket_forms.AddToBasketForm
        assert get_class("basket.forms", "SimpleAddToBasketForm") is our_basket_forms.SimpleAddToBasketForm
        assert get_class("basket.forms", "BasketLineForm") is our_basket_forms.BasketLineForm
        formset = get_class("basket.formsets", "BasketLineFormSet")
        assert issubclass(formset.form, our_basket_forms.BasketLineForm)


class TestProductPage:
    def test_offers_sensible_weights_capped_by_stock(self, client, rice):
        html = client.get(_en(rice.get_absolute_url())).content.decode()

        # 8 steps in stock: 0,5 kg to 2 kg, and 3 kg (6 steps); 5 kg (10 steps) is more than there is.
        assert [(value, label) for value, label, _ in _options(html)] == [
            ("1", "0,5 kg"),
            ("2", "1 kg"),
            ("3", "1,5 kg"),
            ("4", "2 kg"),
            ("6", "3 kg"),
        ]
        assert "Weight" in html

    def test_other_products_keep_oscars_one_piece_button(self, client, greens):
        html = client.get(_en(greens.get_absolute_url())).content.decode()

        assert '<input type="hidden" name="quantity" value="1"' in html
        assert '<select name="quantity"' not in html

    def test_product_cards_offer_the_weights_too(self, client, rice, greens):
        html = client.get(_en("catalogue:index")).content.decode()

        assert _options(html)[:2] == [("1", "0,5 kg", True), ("2", "1 kg", False)]
        assert html.count('<select name="quantity"') == 1


class TestAddToBasket:
    def test_one_and_a_half_kilos_cost_three_steps(self, client, rice):
        response = _add(client, rice, 3)

        assert response.status_code == 302
        line = Basket.objects.get().lines.get()
        assert (line.product, line.quantity) == (rice, 3)
        html = client.get(_en("basket:summary")).content.decode()
        # The basket's line offers weights, with the line's 1,5 kg chosen; 3 × 45.000 ₫.
        assert ("3", "1,5 kg", True) in _options(html, name="form-0-quantity")
        assert "135.000\xa0₫" in html

    def test_more_than_in_stock_is_refused_by_weight_and_nothing_is_added(self, client, rice):
        response = _add(client, rice, 10, follow=True)

        assert "Only 4 kg is left in stock." in response.content.decode()
        assert not Basket.objects.filter(lines__isnull=False).exists()

    def test_what_is_already_in_the_basket_counts(self, client, rice):
        _add(client, rice, 6)

        response = _add(client, rice, 4, follow=True)

        assert "Only 4 kg is left in stock, and 3 kg of it is already in your basket." in response.content.decode()
        assert Basket.objects.get().lines.get().quantity == 6

    @pytest.mark.parametrize("tampered", ["0", "-2", "1.5", "abc"])
    def test_a_tampered_quantity_is_refused(self, client, rice, tampered):
        _add(client, rice, tampered, follow=True)

        assert not Basket.objects.filter(lines__isnull=False).exists()

    def test_one_step_is_half_a_kilo(self, client, rice):
        _add(client, rice, 1)

        assert _render("{{ line|line_weight }}", line=Basket.objects.get().lines.get()) == "0,5 kg"

    def test_other_products_are_added_by_the_piece(self, client, greens):
        _add(client, greens, 3)

        line = Basket.objects.get().lines.get()
        assert line.quantity == 3
        assert _render("{{ line|line_weight }}", line=line) == ""


class TestBasketPage:
    def test_changing_the_weight_beyond_stock_is_refused_by_weight(self, client, rice):
        _add(client, rice, 2)
        line = Basket.objects.get().lines.get()

        response = client.post(
            _en("basket:summary"),
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-MIN_NUM_FORMS": "0",
                "form-MAX_NUM_FORMS": "1000",
                "form-0-id": str(line.pk),
                "form-0-quantity": "10",
            },
            follow=True,
        )

        assert response.context["formset"].errors == [{"quantity": ["Only 4 kg is left in stock."]}]
        assert "Only 4 kg is left in stock." in response.content.decode()
        line.refresh_from_db()
        assert line.quantity == 2


class TestOrder:
    def test_order_line_keeps_the_weight_it_was_sold_in(self, client, rice, greens):
        _add(client, rice, 3)
        _add(client, greens, 2)

        _checkout(client, guest_email="khach@example.com")

        order = Order.objects.get()
        rice_line = order.lines.get(product=rice)
        assert rice_line.quantity == 3
        assert rice_line.line_price_incl_tax == Decimal("135000")
        assert OrderLineWeight.objects.get().line == rice_line
        assert rice_line.weight_step.step_grams == 500
        assert _render("{{ line|line_weight }}", line=rice_line) == "3 × 0,5 kg = 1,5 kg"
        assert _render("{{ line|line_weight }}", line=order.lines.get(product=greens)) == ""
        rice.stockrecords.get().refresh_from_db()
        assert rice.stockrecords.get().num_allocated == 3

        # The cooperative moves to 1 kg steps: the order still says 1,5 kg.
        Product.objects.filter(pk=rice.pk).update(weight_step_grams=1000)
        rice_line = order.lines.get(product=rice)
        assert _render("{{ line|line_weight }}", line=rice_line) == "3 × 0,5 kg = 1,5 kg"

    def test_an_order_line_without_a_record_falls_back_to_the_products_step(self, client, rice):
        _add(client, rice, 2)
        _checkout(client, guest_email="khach@example.com")
        OrderLineWeight.objects.all().delete()

        line = Order.objects.get().lines.get()

        assert _render("{{ line|line_weight }}", line=line) == "2 × 0,5 kg = 1 kg"


class TestProductFilters:
    def test_step_weight_and_weights_of_steps(self, rice, greens):
        assert _render("{{ p|step_weight }}", p=rice) == "0,5 kg"
        assert _render("{{ n|steps_weight:p }}", n=3, p=rice) == "1,5 kg"
        assert _render("{{ p|step_weight }}{{ 3|steps_weight:p }}", p=greens) == ""

    def test_the_price_of_a_step_says_what_a_kilogram_costs(self, rice):
        # The price rule itself is catalog/unit_price.py (tests/unit/test_unit_price.py).
        shown = Template("{% load unit_prices %}{{ price|unit_price:p }}").render(
            Context({"price": Decimal("45000"), "p": rice})
        )
        assert shown == "45.000\xa0₫ / 500 g · 90.000\xa0₫/kg"


class TestWeightStepRules:
    def test_a_step_above_fifty_kilos_is_refused(self, rice):
        rice.weight_step_grams = 60000
        with pytest.raises(ValidationError) as refused:
            rice.full_clean()
        assert "weight_step_grams" in refused.value.message_dict

    def test_produce_sold_by_the_bunch_cannot_have_a_weight_step(self, greens):
        greens.weight_step_grams = 500
        with pytest.raises(ValidationError) as refused:
            greens.full_clean()
        assert "weight_step_grams" in refused.value.message_dict


class TestDashboard:
    def test_cooperative_staff_set_the_step_in_the_product_form(self, client, site):
        coop = factories.cooperative()
        product = factories.product(coop, title="Cà chua bi", price=Decimal("35000"))
        client.force_login(factories.cooperative_staff(coop))
        url = _en("dashboard:catalogue-product", pk=product.pk)
        page = client.get(url)
        assert "Sold by weight, in steps of" in page.content.decode()
        data = form_data(page)
        data["weight_step_grams"] = "500"

        response = client.post(url, data)

        assert response.status_code == 302, field_errors(response)
        product.refresh_from_db()
        assert product.weight_step_grams == 500
        assert "Sold by weight in steps of 0,5 kg" in client.get(url).content.decode()

    def test_a_step_for_produce_sold_by_the_bunch_is_refused_with_a_message(self, client, site):
        coop = factories.cooperative()
        product = factories.product(coop, title="Rau muống", selling_unit="bunch")
        client.force_login(factories.cooperative_staff(coop))
        url = _en("dashboard:catalogue-product", pk=product.pk)
        data = form_data(client.get(url))
        data["weight_step_grams"] = "500"

        response = client.post(url, data)

        assert response.status_code == 200
        assert field_errors(response)["weight_step_grams"] == [
            "Produce sold by weight has kg or 500 g as its selling unit."
        ]
        product.refresh_from_db()
        assert product.weight_step_grams is None


def _page_queries(client, url):
    client.get(url)  # warm the thumbnail store and the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


class TestQueryCounts:
    @pytest.mark.parametrize("count", [5, 40])
    def test_weights_on_product_cards_cost_no_query(self, client, site, count):
        coop = factories.cooperative()
        for i in range(count):
            factories.product(coop, title=f"Gạo {i}", price=Decimal("45000"), weight_step_grams=500)
        url = _en("catalogue:index")

        weighed = _page_queries(client, url)
        assert client.get(url).content.decode().count('<select name="quantity"') == min(count, 24)
        Product.objects.update(weight_step_grams=None)
        plain = _page_queries(client, url)

        assert weighed == plain

    def test_weights_on_the_product_page_cost_no_query(self, client, rice):
        url = _en(rice.get_absolute_url())

        weighed = _page_queries(client, url)
        Product.objects.update(weight_step_grams=None)
        plain = _page_queries(client, url)

        assert weighed == plain

    def test_weights_in_the_basket_cost_no_query(self, client, site):
        coop = factories.cooperative()
        for i in range(6):
            _add(client, factories.product(coop, title=f"Gạo {i}", weight_step_grams=500), 2)
        url = _en("basket:summary")

        weighed = _page_queries(client, url)
        assert client.get(url).content.decode().count("1 kg</option>") == 6
        Product.objects.update(weight_step_grams=None)
        plain = _page_queries(client, url)

        assert weighed == plain


class TestDemoData:
    def test_produce_sold_by_weight_is_sold_by_the_kilo_at_whole_dong_steps(self):
        products = {title: (price, unit) for *_coop, items in data.COOPERATIVES for title, _c, price, unit, *_ in items}
        assert len(data.WEIGHT_STEPS) >= 5
        for title, step_grams in data.WEIGHT_STEPS.items():
            price, unit = products[title]
            assert unit == "kg"
            assert price * step_grams % 1000 == 0, title

    def test_the_demo_shop_sells_produce_in_steps_and_its_orders_keep_them(self, site):
        call_command("load_demo_data", stdout=io.StringIO())

        choy = Product.objects.get(title="Cải ngọt")
        assert choy.weight_step_grams == 500
        assert choy.stockrecords.get().price == Decimal("11000")  # 22.000 ₫ a kilogram
        assert Product.objects.filter(weight_step_grams__isnull=False).count() == len(data.WEIGHT_STEPS)
        # The buyer's second demo order holds one step of it.
        # (the school's contract deliveries, marketplace/demo/invoices.py, hold it too)
        line = get_model("order", "Line").objects.get(product=choy, order__standing_order__isnull=True)
        assert line.weight_step.step_grams == 500
        assert _render("{{ line|line_weight }}", line=line) == "0,5 kg"
