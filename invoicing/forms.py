from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MarkPaidForm(forms.Form):
    """What the cooperative saw arrive: the day and the amount (whole đồng)."""

    paid_on = forms.DateField(
        label=_("Day the money arrived"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the day the money arrived."), "invalid": _("Enter a valid date.")},
    )
    amount = forms.IntegerField(
        label=_("Amount received (VND)"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        error_messages={
            "required": _("Enter the amount received as a positive whole number of đồng."),
            "invalid": _("Enter the amount received as a positive whole number of đồng."),
            "min_value": _("Enter the amount received as a positive whole number of đồng."),
        },
    )

    def __init__(self, *args, invoice=None, **kwargs):
        super().__init__(*args, **kwargs)
        if invoice is not None and not self.is_bound:
            self.initial = {"paid_on": timezone.localdate().isoformat(), "amount": invoice.amount}
