"""A guest's order found by its number and mobile (accounts/guest_orders.py), and its page."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views import View

from accounts import guest_orders
from accounts.forms import GuestOrderLookupForm
from common.throttle import client_ip


class GuestOrderLookupView(View):
    template_name = "accounts/guest_order_lookup.html"

    def get(self, request):
        # The link in an SMS brings the order number along.
        form = GuestOrderLookupForm(initial={"number": request.GET.get("number", "")[:128]})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = GuestOrderLookupForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                order = guest_orders.guest_order_find(
                    number=form.cleaned_data["number"],
                    phone=form.cleaned_data["phone"],
                    client_address=client_ip(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 429
            else:
                if order is not None:
                    guest_orders.guest_order_remember(request.session, order)
                    return redirect("guest-order", number=order.number)
                form.add_error(None, guest_orders.NOT_FOUND)
        return render(request, self.template_name, {"form": form}, status=status)


def guest_order(request, number):
    """The page of a guest order this session found; Oscar's guest order template."""
    order = guest_orders.guest_order_remembered(request.session, number)
    if order is None:
        return redirect("guest-order-lookup")
    return render(request, "oscar/customer/anon_order.html", {"order": order})
