"""The offer form (a new contract or a change) and its product lines; the rules are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from organisations.models import DeliverySite, Organisation
from valuechains.models import QuantityUnit, RawMaterialArea

from .models import ContractVersion
from .services import LineTerms, Terms

Product = get_model("catalogue", "Product")

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OfferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Buyer"), queryset=Organisation.objects.filter(status=Organisation.Status.VERIFIED).order_by("name")
    )
    name = forms.CharField(label=_("Name of the contract"), max_length=200)
    start = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Ends"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(label=_("Volumes are"), choices=ContractVersion.Period.choices)
    delivery_weekdays = forms.TypedMultipleChoiceField(
        label=_("Delivery days"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    cutoff_days = forms.IntegerField(
        label=_("Orders close (days before delivery)"), min_value=0, max_value=30, initial=1
    )
    cutoff_time = forms.TimeField(
        label=_("Orders close at"), initial="17:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    payment_days = forms.IntegerField(
        label=_("Payment due (days after delivery)"), min_value=0, max_value=365, initial=30
    )
    quality_terms = forms.CharField(label=_("Quality terms"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    areas = forms.ModelMultipleChoiceField(
        label=_("Raw-material areas"),
        queryset=RawMaterialArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    delivery_sites = forms.ModelMultipleChoiceField(
        label=_("Delivery sites"),
        queryset=DeliverySite.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    signed_paper = forms.FileField(label=_("Signed paper (PDF, JPEG or PNG)"), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, cooperative, change=False, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = RawMaterialArea.objects.filter(cooperative=cooperative)
        # The buyer's sites, once the buyer is known (a change); a new offer leaves them to a change.
        if organisation is None:
            del self.fields["delivery_sites"]
        else:
            self.fields["delivery_sites"].queryset = organisation.delivery_sites.filter(is_active=True)
        if change:
            del self.fields["name"]
        if change and organisation is not None:
            del self.fields["organisation"]  # a change keeps the buyer; a legacy contract names one


class LineForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    unit_price = forms.IntegerField(label=_("Agreed price (VND)"), min_value=1)
    volume = forms.DecimalField(label=_("Volume per period"), min_value=0, max_digits=12, decimal_places=2)
    volume_unit = forms.ChoiceField(label=_("Unit"), choices=QuantityUnit.choices, initial=QuantityUnit.KILOGRAM)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


LineFormSet = forms.formset_factory(LineForm, extra=3)


def terms_from(form, lines, *, cooperative) -> Terms:
    data = form.cleaned_data
    return Terms(
        cooperatives=[cooperative],
        lines=[LineTerms(**line.cleaned_data) for line in lines if line.has_changed() and line.cleaned_data],
        start=data["start"],
        end=data["end"],
        period=data["period"],
        delivery_weekdays=data["delivery_weekdays"],
        cutoff_days=data["cutoff_days"],
        cutoff_time=data["cutoff_time"],
        payment_days=data["payment_days"],
        quality_terms=data["quality_terms"],
        areas=list(data["areas"]),
        delivery_sites=list(data.get("delivery_sites", [])),
        signed_paper=data["signed_paper"],
        note=data["note"],
    )
