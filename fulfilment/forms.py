from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative


class DeliveryOptionsForm(forms.ModelForm):
    """A cooperative's delivery and pickup options; the model's clean() checks at least one is offered."""

    class Meta:
        model = Cooperative
        fields = [
            "offers_delivery",
            "delivery_fee",
            "free_delivery_threshold",
            "offers_pickup",
            "pickup_address",
            "pickup_hours",
        ]
        widgets = {
            "delivery_fee": forms.NumberInput(attrs={"step": 1000, "min": 0}),
            "free_delivery_threshold": forms.NumberInput(attrs={"step": 1000, "min": 0}),
        }
        labels = {"delivery_fee": _("Delivery fee (đồng)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Money is whole đồng: the boxes show "30000", not the database's "30000.00".
        for name in ("delivery_fee", "free_delivery_threshold"):
            if self.initial.get(name) is not None:
                self.initial[name] = int(self.initial[name])


class OrderPartStatusForm(forms.Form):
    status = forms.CharField(max_length=10)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class CashForm(forms.Form):
    amount = forms.DecimalField(label=_("Cash collected (VND)"), min_value=0, decimal_places=0, max_digits=14)
    note = forms.CharField(label=_("If less was collected: why"), max_length=255, required=False)
