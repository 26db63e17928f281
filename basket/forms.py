"""Oscar's basket forms, offering produce sold by weight in weight steps.

Oscar's quantities are whole numbers; for a product sold by weight a quantity n means n steps
(catalog/weights.py). Its quantity field becomes a choice of sensible weights (0,5 kg, 1 kg, 1,5 kg…)
instead of a number box. The field stays Oscar's integer field, so a tampered quantity is still checked
by Oscar (stock, the basket's maximum), and a refusal for want of stock names the weight left.
Oscar's get_class loader picks these classes up in place of its own; other products are unchanged.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket import forms as oscar_forms

from catalog import weights


def _num_available(availability):
    # Only Oscar's stock-tracking policies know how much is left.
    return getattr(availability, "num_available", None)


def _weight_select(field, step_grams, quantities):
    field.label = _("Weight")
    field.widget = forms.Select(choices=weights.weight_choices(step_grams, quantities))


def _stock_error(step_grams, available, in_basket=0):
    """The refusal of more than ``available`` steps, in weights, or None when Oscar's own says it better."""
    if available is None or available <= 0:
        return None
    values = {
        "available": weights.format_weight(weights.weight_in_grams(available, step_grams)),
        "in_basket": weights.format_weight(weights.weight_in_grams(in_basket, step_grams)),
    }
    if in_basket:
        message = gettext("Only %(available)s is left in stock, and %(in_basket)s of it is already in your basket.")
    else:
        message = gettext("Only %(available)s is left in stock.")
    return forms.ValidationError(message % values, code="not_enough_stock")


class AddToBasketForm(oscar_forms.AddToBasketForm):
    def __init__(self, basket, product, *args, **kwargs):
        super().__init__(basket, product, *args, **kwargs)
        if product.is_sold_by_weight:
            self.available = _num_available(basket.strategy.fetch_for_product(product).availability)
            self.quantities = weights.sensible_quantities(product.weight_step_grams, self.available)
            _weight_select(self.fields["quantity"], product.weight_step_grams, self.quantities)

    def clean(self):
        product = self.product
        quantity = self.cleaned_data.get("quantity")
        available = getattr(self, "available", None)
        if product.is_sold_by_weight and quantity and available is not None:
            in_basket = self.basket.product_quantity(product)
            if in_basket + quantity > available:
                error = _stock_error(product.weight_step_grams, available, in_basket)
                if error:
                    raise error
        return super().clean()


class SimpleAddToBasketForm(oscar_forms.SimpleAddToBasketMixin, AddToBasketForm):
    """Oscar's form on the product page and product cards: it adds one piece, in a hidden field.

    Produce sold by weight keeps its choice of weights there (one step chosen), so that the buyer
    sees how much the button adds."""

    def __init__(self, basket, product, *args, **kwargs):
        super().__init__(basket, product, *args, **kwargs)
        if product.is_sold_by_weight:
            _weight_select(self.fields["quantity"], product.weight_step_grams, self.quantities)


class BasketLineForm(oscar_forms.BasketLineForm):
    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        line = self.instance
        if line.id and line.product.is_sold_by_weight:
            step_grams = line.product.weight_step_grams
            quantities = weights.sensible_quantities(step_grams, _num_available(line.purchase_info.availability))
            # The line may hold a weight the list does not offer (0,5 kg added twice, then 1,5 kg).
            quantities = sorted(set(quantities) | {line.quantity})
            _weight_select(self.fields["quantity"], step_grams, quantities)

    def check_max_allowed_quantity(self, qty):
        # Runs before Oscar's checks, whose refusals count pieces ("Available stock is only 8…").
        product = self.instance.product
        if product.is_sold_by_weight:
            available = _num_available(self.instance.purchase_info.availability)
            if available is not None and qty > available:
                error = _stock_error(product.weight_step_grams, available)
                if error:
                    raise error
        super().check_max_allowed_quantity(qty)
