"""Oscar's basket views; only adding to the basket is changed.

Oscar's ``BasketAddView`` renders its success message from a template and then has
``BasketMessageGenerator`` work out the basket's offers and totals before and after, to tell of
offers gained or lost: that doubles the cost of the commonest POST of the shop. Here the success
is one short translated message naming what was added ("1,5 kg of Dưa lưới has been added to your
basket."); the form still checks stock, the basket's maximum and weight steps (basket/forms.py),
offers still apply to the basket wherever it is shown, and the redirects are Oscar's.
Oscar's get_class loader finds this class in place of its own.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from oscar.apps.basket import views as oscar_views

from catalog import weights


def added_message(product, quantity: int) -> str:
    """What the buyer reads once ``quantity`` of ``product`` is in the basket, the product's name
    in bold (as in Oscar's message); safe HTML, since the name is escaped here."""
    title = format_html("<strong>{}</strong>", product.get_title())
    if product.is_sold_by_weight:
        weight = weights.format_weight(weights.weight_in_grams(quantity, product.weight_step_grams))
        message, values = gettext("%(weight)s of %(product)s has been added to your basket."), {"weight": weight}
    elif quantity == 1:
        message, values = gettext("%(product)s has been added to your basket."), {}
    else:
        message, values = gettext("%(quantity)s × %(product)s has been added to your basket."), {"quantity": quantity}
    # The translation and the values are escaped too: only the bold name is markup.
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(conditional_escape(message) % {"product": title, **escaped})  # noqa: S308


class BasketAddView(oscar_views.BasketAddView):
    def form_valid(self, form):
        quantity = form.cleaned_data["quantity"]
        self.line, self.line_created = self.request.basket.add_product(form.product, quantity, form.cleaned_options())
        messages.success(self.request, added_message(form.product, quantity), extra_tags="safe noicon")
        self.add_signal.send(sender=self, product=form.product, user=self.request.user, request=self.request)
        return HttpResponseRedirect(self.get_success_url())
