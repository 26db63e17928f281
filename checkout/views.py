import logging
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.apps.checkout import signals, views
from oscar.core.loading import get_class, get_model

from catalog import services as catalog_services
from catalog.change_signals import product_changes_collected
from checkout import stock
from checkout.addresses import CommuneListMixin
from checkout.discounts import order_discounts_match_lines
from checkout.forms import DeliveryChoicesForm, PaymentMethodForm
from checkout.session import guest_choose
from common.money import to_dong
from fulfilment.selectors import basket_groups, order_parts_for_mail
from fulfilment.services import order_parts_create
from payments import services as payment_services
from payments import stripe_gateway
from payments.models import PaymentMethod
from shipping.delivery import delivery_choices_get, delivery_choices_set
from shipping.methods import CooperativeDelivery

UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")
UnableToTakePayment = get_class("payment.exceptions", "UnableToTakePayment")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

logger = logging.getLogger(__name__)


class IndexView(views.IndexView):
    """Oscar's first step, where a guest may leave the e-mail address empty."""

    def form_valid(self, form):
        if not form.is_guest_checkout():
            return super().form_valid(form)
        email = form.cleaned_data.get("username") or ""
        guest_choose(self.checkout_session, email)
        signals.start_checkout.send_robust(sender=self, request=self.request, email=email)
        return redirect(self.get_success_url())


class ShippingAddressView(CommuneListMixin, views.ShippingAddressView):
    """Oscar's address step, with the commune list following the province (checkout/addresses.py)."""


class ShippingMethodView(views.ShippingMethodView):
    """Oscar's shipping step, as one choice per cooperative: delivery (with its fee) or pickup.

    The choices go to Oscar's checkout session; the shipping method (``shipping.repository``) prices
    the order from them.
    """

    template_name = "oscar/checkout/shipping_methods.html"
    form_class = DeliveryChoicesForm

    def get(self, request, *args, **kwargs):
        if not request.basket.is_shipping_required():
            return super().get(request, *args, **kwargs)
        if not self.checkout_session.is_shipping_address_set():
            return super().get(request, *args, **kwargs)  # Oscar sends the buyer back to the address
        # A stored choice the cooperative no longer offers: say which, and ask again.
        for group in self.get_groups():
            if group.error:
                messages.error(request, group.error)
        return self.render_to_response(self.get_context_data())

    def get_groups(self):
        if not hasattr(self, "_groups"):
            self._groups = basket_groups(self.request.basket, delivery_choices_get(self.request))
        return self._groups

    def get_form_kwargs(self):
        kwargs = {"groups": self.get_groups(), "initial": {}, "prefix": None}
        if self.request.method == "POST":
            kwargs["data"] = self.request.POST
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        kwargs["groups"] = self.get_groups()
        self._methods = []
        return super(views.ShippingMethodView, self).get_context_data(**kwargs)

    def form_valid(self, form):
        delivery_choices_set(self.request, form.choices())
        self.checkout_session.use_shipping_method(CooperativeDelivery.code)
        return self.get_success_response()

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PaymentDetailsView(views.PaymentDetailsView):
    """Oscar's payment step and preview, with the buyer's choice of cash on delivery, transfer or card.

    The choice posts to the preview (Oscar's pattern) and is kept in the checkout session. A card
    payment opens a Stripe Checkout session before the order is placed (so a Stripe failure keeps the
    basket and places nothing) and sends the buyer to Stripe's page after.
    """

    def payment_offers(self):
        total = self.build_submission()["order_total"]
        return payment_services.payment_method_offers(to_dong(total.incl_tax))

    def chosen_method(self):
        return self.checkout_session.payment_method() or PaymentMethod.CASH_ON_DELIVERY

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        offers = self.payment_offers()
        ctx.setdefault("payment_form", PaymentMethodForm(offers=offers, initial={"method": self.chosen_method()}))
        ctx["payment_offers"] = offers
        ctx["payment_method_label"] = PaymentMethod(self.chosen_method()).label
        return ctx

    def handle_payment_details_submission(self, request):
        form = PaymentMethodForm(request.POST, offers=self.payment_offers())
        if not form.is_valid():
            messages.error(request, _("Choose one of the ways to pay shown."))
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session.pay_by(form.cleaned_data["method"])
        return self.render_preview(request)

    def handle_payment(self, order_number, total, **kwargs):
        method = self.chosen_method()
        offer = {offer.code: offer for offer in payment_services.payment_method_offers(to_dong(total.incl_tax))}.get(
            method
        )
        if offer is None or not offer.available:
            raise UnableToTakePayment(
                offer.refusal if offer else _("This way to pay is no longer offered; choose another.")
            )
        self.stripe_session = None
        if method == PaymentMethod.CARD:
            try:
                self.stripe_session = stripe_gateway.checkout_session_create(
                    order_number=order_number,
                    amount=Decimal(to_dong(total.incl_tax)),
                    description=_("Order %(number)s at Chợ HTX") % {"number": order_number},
                    success_url=self.request.build_absolute_uri(reverse("checkout:thank-you")),
                    cancel_url=self.request.build_absolute_uri(reverse("checkout:thank-you")),
                )
            except stripe_gateway.CardPaymentUnavailable as error:
                raise UnableToTakePayment(str(error)) from error
        self.add_payment_source(payment_services.payment_source_for(method, total=total))

    def handle_order_placement(self, order_number, user, basket, *args, **kwargs):
        # One order per basket, however often "place order" arrives (a double click, a retried request):
        # the basket row is locked, and a placement that finds the order already made goes to its page.
        # The cached pages of the products ordered are made stale once, when the placement ends, rather than
        # by each of the stock allocation, the lines, ``order_placed`` and the parts (catalog/change_signals.py).
        with product_changes_collected(), transaction.atomic():
            Basket.objects.select_for_update().filter(pk=basket.pk).first()
            existing = Order.objects.filter(number=order_number).first()
            if existing is not None:
                self.request.session["checkout_order_id"] = existing.pk
                return redirect("checkout:thank-you")
            stock.basket_stock_allocate_check(basket)
            return super().handle_order_placement(order_number, user, basket, *args, **kwargs)

    def handle_successful_order(self, order):
        response = super().handle_successful_order(order)
        session = getattr(self, "stripe_session", None)
        if session is not None:
            return redirect(session.url)  # Stripe's page; it comes back to the thank-you page
        return response

    def place_order(self, *args, **kwargs):
        # The order and its parts (one per cooperative, as chosen at the shipping step) in one transaction.
        # A choice gone stale since the preview (the cooperative stopped offering it) undoes the order:
        # Oscar shows the message on the preview page and restores the basket.
        try:
            with transaction.atomic():
                order = super().place_order(*args, **kwargs)
                order_discounts_match_lines(order)
                catalog_services.order_line_weights_record(order=order)
                order_parts_create(order=order, choices=delivery_choices_get(self.request), language=get_language())
                payment_services.order_payment_create(
                    order=order,
                    method=self.chosen_method(),
                    stripe_session_id=self.stripe_session.id if getattr(self, "stripe_session", None) else None,
                )
        except ValidationError as error:
            raise UnableToPlaceOrder(" ".join(error.messages)) from error
        return order

    def get_message_context(self, order):
        context = super().get_message_context(order)
        context["parts"], context["lines"] = order_parts_for_mail(order)
        return context

    def send_order_placed_email(self, order):
        if order.user is None and not order.guest_email:
            return  # a guest who gave no e-mail address: the order reaches them by phone (Oscar would fail)
        # The order is saved by now: a mail server failure must not show the buyer an error and give the
        # basket back (Oscar's submit() would), inviting a second order.
        try:
            super().send_order_placed_email(order)
        except Exception:
            logger.exception("Order #%s: could not send the order-placed e-mail", order.number)
