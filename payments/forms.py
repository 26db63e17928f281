from django import forms
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Cooperative
from payments.models import CommissionRate


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(_("The start of the period must be before its end."))
        return cleaned


class PayoutForm(forms.Form):
    cooperative = forms.ModelChoiceField(label=_("Cooperative"), queryset=Cooperative.objects.order_by("name"))
    amount = forms.DecimalField(label=_("Amount (VND)"), min_value=1, decimal_places=0, max_digits=14)
    bank_reference = forms.CharField(label=_("Bank transfer reference"), max_length=100)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class CommissionRateForm(forms.ModelForm):
    class Meta:
        model = CommissionRate
        fields = ["percent", "valid_from", "note"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"})}


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount to refund (VND)"), min_value=1, decimal_places=0, max_digits=14)
    reason = forms.CharField(label=_("Reason"), max_length=255)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        required=False,
        help_text=_("For a bank transfer or cash refund: the transfer reference or receipt number."),
    )


class RefundOwedForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount to refund (VND)"), min_value=1, decimal_places=0, max_digits=14)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        required=False,
        help_text=_("For a bank transfer or cash refund: the transfer reference or receipt number."),
    )


class TransferForm(forms.Form):
    """A transfer seen on the market's account; ``seen_received`` is what the officer's page showed."""

    payment = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    amount = forms.DecimalField(label=_("Amount received (VND)"), min_value=1, decimal_places=0, max_digits=14)
    reference = forms.CharField(label=_("Bank reference"), max_length=100)
    seen_received = forms.DecimalField(required=False, min_value=0, decimal_places=0, max_digits=14)
