"""Oscar's basket views; only adding to the basket is changed.

Oscar's ``BasketAddView`` renders its success message from a template and then has
``BasketMessageGenerator`` work out the basket's offers and totals before and after, to tell of
offers gained or lost: that doubles the cost of the commonest POST of the shop. Here the success
is one short translated message naming what was added ("1,5 kg of Dưa lưới has been added to your
basket."); the form still checks stock, the basket's maximum and weight steps (basket/forms.py),
offers still apply to the basket wherever it is shown, and the redirects are Oscar's.
Oscar's get_class loader finds this class in place of its own.

The add reads the product with what the form and ``Basket.add_product`` ask of it (its class, whether
it has options, its stock records) in two queries, and leaves offers to the page it redirects to
(basket/middleware.py): its query count is pinned in tests/integration/basket/test_basket_speed.py.
"""

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.generic import FormView
from oscar.apps.basket import views as oscar_views
from oscar.core.loading import get_model

from catalog import weights

Option = get_model("catalogue", "Option")
StockRecord = get_model("partner", "StockRecord")


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


def _product_to_add(pk):
    """The product with its class, whether it has options (as Oscar's ProductQuerySet.base_queryset
    annotates it) and its stock records with their cooperatives, which the strategy (and its rule of
    what can be bought, catalog/availability.py) then reads without a query."""
    products = (
        oscar_views.BasketAddView.product_model.objects.select_related("product_class", "parent")
        .annotate(
            has_product_class_options=Exists(Option.objects.filter(productclass=OuterRef("product_class"))),
            has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner__cooperative")))
    )
    return get_object_or_404(products, pk=pk)


class BasketAddView(oscar_views.BasketAddView):
    def post(self, request, *args, **kwargs):
        self.product = _product_to_add(kwargs["pk"])
        # Every answer from here on is a redirect (basket/middleware.py); a page that is not found
        # (above) may show the basket, with its offers.
        request.basket_needs_offers = False
        return FormView.post(self, request, *args, **kwargs)

    def form_valid(self, form):
        quantity = form.cleaned_data["quantity"]
        self.line, self.line_created = self.request.basket.add_product(form.product, quantity, form.cleaned_options())
        messages.success(self.request, added_message(form.product, quantity), extra_tags="safe noicon")
        self.add_signal.send(sender=self, product=form.product, user=self.request.user, request=self.request)
        return HttpResponseRedirect(self.get_success_url())
