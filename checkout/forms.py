from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as checkout_forms

from fulfilment.models import OrderPart
from fulfilment.selectors import delivery_choice_error


class DeliveryChoicesForm(forms.Form):
    """For each cooperative in the basket: delivery (for its fee) or pickup at the cooperative.

    One field per group, ``delivery_<cooperative id>``; a method the cooperative does not offer
    (a stale page, a tampered POST) gets the selector's message naming the cooperative.
    """

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            self.fields[self.field_name(group)] = forms.CharField(
                label=group.cooperative.name, required=False, initial=group.delivery_method
            )

    @staticmethod
    def field_name(group):
        return f"delivery_{group.cooperative.pk}"

    def clean(self):
        cleaned = super().clean()
        if not self.groups:
            raise forms.ValidationError(_("Your basket is empty."))
        for group in self.groups:
            name = self.field_name(group)
            error = delivery_choice_error(group.cooperative, cleaned.get(name))
            if error:
                self.add_error(name, error)
        return cleaned

    def choices(self) -> dict[int, str]:
        return {group.cooperative.pk: self.cleaned_data[self.field_name(group)] for group in self.groups}

    def rows(self):
        """(group, bound field, offered methods) for the template."""
        for group in self.groups:
            methods = []
            if group.cooperative.offers_delivery:
                methods.append(OrderPart.DeliveryMethod.DELIVERY)
            if group.cooperative.offers_pickup:
                methods.append(OrderPart.DeliveryMethod.PICKUP)
            yield group, self[self.field_name(group)], methods


class PaymentMethodForm(forms.Form):
    """How the buyer pays: one of the methods offered for this order's total."""

    method = forms.ChoiceField(label=_("How you pay"), widget=forms.RadioSelect)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = offers
        self.fields["method"].choices = [(offer.code, offer.label) for offer in offers if offer.available]

    def clean_method(self):
        return self.cleaned_data["method"]


class GatewayForm(checkout_forms.GatewayForm):
    """The checkout's first page without Oscar's "create an account first": registering now waits
    for a link mailed to the address (accounts/services.py), so a buyer checks out as a guest, or
    signs in, and may register later ("new" is refused as an invalid choice)."""

    CHOICES = tuple(
        choice for choice in checkout_forms.GatewayForm.CHOICES if choice[0] != checkout_forms.GatewayForm.NEW
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].choices = self.CHOICES

    def is_new_account_checkout(self):
        return False
