"""Oscar's basket forms, offering produce sold by weight in weight steps.

Oscar's quantities are whole numbers; for a product sold by weight a quantity n means n steps
(catalog/weights.py). Its quantity field becomes a choice of sensible weights (0,5 kg, 1 kg, 1,5 kg…)
instead of a number box. The field stays Oscar's integer field, so a tampered quantity is still checked
by Oscar (stock, the basket's maximum), and a refusal for want of stock names the weight left.
Oscar's get_class loader picks these classes up in place of its own; other products are unchanged.

Adding to the basket is the shop's commonest POST, so the form checks it with one query on the basket
(``Basket.figures``, basket/models.py) where Oscar loads every line with its attributes and product
images to count the items, then asks again for the product's quantity; its checks and messages are
Oscar's.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket import forms as oscar_forms
from oscar.core.loading import get_class

from catalog import weights

Refused = get_class("partner.availability", "Refused")


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
        self._figures = {}
        if product.is_sold_by_weight:
            self.available = _num_available(basket.strategy.fetch_for_product(product).availability)
            self.quantities = weights.sensible_quantities(product.weight_step_grams, self.available)
            _weight_select(self.fields["quantity"], product.weight_step_grams, self.quantities)

    def figures(self, product):
        if product.pk not in self._figures:
            self._figures[product.pk] = self.basket.figures(product)
        return self._figures[product.pk]

    def clean_quantity(self):
        # Oscar's check, on the items counted by one query. For a parent product the variant is not
        # known yet (its field comes later), but the basket's items are.
        qty = self.cleaned_data["quantity"]
        basket_threshold = settings.OSCAR_MAX_BASKET_QUANTITY_THRESHOLD
        if basket_threshold:
            total_basket_quantity = self.figures(self.parent_product).items
            if qty > basket_threshold - total_basket_quantity:
                raise forms.ValidationError(
                    gettext(
                        "Due to technical limitations we are not able to ship"
                        " more than %(threshold)d items in one order. Your"
                        " basket currently has %(basket)d items."
                    )
                    % {"threshold": basket_threshold, "basket": total_basket_quantity}
                )
        return qty

    def clean(self):
        product = self.product
        quantity = self.cleaned_data.get("quantity")
        available = getattr(self, "available", None)
        if product.is_sold_by_weight and quantity and available is not None:
            in_basket = self.figures(product).of_product
            if in_basket + quantity > available:
                error = _stock_error(product.weight_step_grams, available, in_basket)
                if error:
                    raise error
        return self._clean_as_oscar()

    def _clean_as_oscar(self):
        """Oscar's AddToBasketForm.clean, with the basket's figures from one query."""
        info = self.basket.strategy.fetch_for_product(self.product)
        if isinstance(info.availability, Refused):
            # The market's rule says why in its own words (catalog/availability.py), a missing price too.
            raise forms.ValidationError(info.availability.reason, code="cannot_be_bought")
        if not info.price.exists:
            raise forms.ValidationError(
                gettext("This product cannot be added to the basket because a price could not be determined for it.")
            )
        figures = self.figures(self.product)
        if figures.currency and info.price.currency != figures.currency:
            raise forms.ValidationError(
                gettext(
                    "This product cannot be added to the basket as its currency "
                    "isn't the same as other products in your basket"
                )
            )
        desired_qty = figures.of_product + self.cleaned_data.get("quantity", 1)
        is_permitted, reason = info.availability.is_purchase_permitted(desired_qty)
        if not is_permitted:
            raise forms.ValidationError(reason)
        return self.cleaned_data

    def cleaned_options(self):
        # Oscar asks the database for the product's options even when it knows there are none.
        if not self.parent_product.has_options:
            return []
        return super().cleaned_options()


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
