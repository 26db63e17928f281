"""The Vietnamese address form's pages: the checkout's address step and the account's address book.

The commune list follows the province: checkout/js/address.js asks the page again with
``?province=<code>`` and takes the list from it; without JavaScript, "show its communes" sends the
form back with the province changed, and the page comes again with that province's communes and
nothing refused or stored. Oscar's address book views are kept; only their form is ours (and routed
before Oscar's in marketplace/urls.py).
"""

from django.views.generic import UpdateView
from oscar.core.loading import get_class

from checkout.forms import UserAddressForm

OscarAddressCreateView = get_class("customer.views", "AddressCreateView")
OscarAddressUpdateView = get_class("customer.views", "AddressUpdateView")


class CommuneListMixin:
    def post(self, request, *args, **kwargs):
        if "show_communes" not in request.POST:
            return super().post(request, *args, **kwargs)
        self.object = self.get_object() if isinstance(self, UpdateView) else None
        form_kwargs = self.get_form_kwargs()
        form_kwargs.pop("data", None)
        form_kwargs.pop("files", None)
        form_kwargs["initial"] = {**(form_kwargs.get("initial") or {}), **request.POST.dict()}
        return self.render_to_response(self.get_context_data(form=self.get_form_class()(**form_kwargs)))

    def get_initial(self):
        initial = super().get_initial() or {}
        if "province" in self.request.GET:  # the commune list of another province (checkout/js/address.js)
            initial = {**initial, "province": self.request.GET["province"]}
        return initial


class AddressCreateView(CommuneListMixin, OscarAddressCreateView):
    form_class = UserAddressForm


class AddressUpdateView(CommuneListMixin, OscarAddressUpdateView):
    form_class = UserAddressForm
