"""Forms of the staff pages; each limits its choices to the acting cooperative's own rows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Certification
from regions.models import AdministrativeUnit, Layout

from .models import Batch, DigitalTechnologyAdoption, LinkageModel, LinkageParticipant, RawMaterialArea, TraceEvent
from .selectors import products_of

DATE = forms.DateInput(attrs={"type": "date"})


class AreaForm(forms.ModelForm):
    class Meta:
        model = RawMaterialArea
        fields = ["name", "commune", "hectares", "crops", "household_count", "location"]
        widgets = {"location": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The communes before 2025, as on the cooperatives' papers and the programme's targets.
        communes = AdministrativeUnit.objects.communes().in_layout(Layout.BEFORE_2025)
        self.fields["commune"].queryset = communes.select_related("parent")
        self.fields["commune"].label_from_instance = lambda unit: unit.full_name


class AreaCertificationForm(forms.Form):
    certification = forms.ModelChoiceField(Certification.objects.all(), required=False, label=_("certification"))
    name = forms.CharField(required=False, max_length=120, label=_("other certification"))
    valid_from = forms.DateField(widget=DATE, label=_("valid from"))
    valid_until = forms.DateField(widget=DATE, label=_("valid until"))


class LinkageModelForm(forms.ModelForm):
    class Meta:
        model = LinkageModel
        fields = [
            "name",
            "key_product_name",
            "key_product",
            "status",
            "contract_start",
            "contract_end",
            "agreed_volume",
            "agreed_volume_unit",
            "areas",
        ]
        widgets = {"contract_start": DATE, "contract_end": DATE, "areas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_product"].queryset = products_of(cooperative)
        self.fields["areas"].queryset = RawMaterialArea.objects.filter(cooperative=cooperative)


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = LinkageParticipant
        fields = ["role", "name"]


class TechnologyForm(forms.ModelForm):
    class Meta:
        model = DigitalTechnologyAdoption
        fields = ["technology", "started_on", "evidence", "evidence_url"]
        widgets = {"started_on": DATE, "evidence": forms.Textarea(attrs={"rows": 2})}


class BatchForm(forms.ModelForm):
    class Meta:
        model = Batch
        fields = ["code", "product", "area", "harvest_date", "quantity", "unit"]
        widgets = {"harvest_date": DATE}

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products_of(cooperative)
        self.fields["area"].queryset = RawMaterialArea.objects.filter(cooperative=cooperative)

    def validate_unique(self):
        # The service checks the code (case-insensitively) inside its transaction.
        pass


class TraceEventForm(forms.Form):
    kind = forms.ChoiceField(choices=TraceEvent.Kind.choices, label=_("step"))
    occurred_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), label=_("when")
    )
    place = forms.CharField(max_length=200, label=_("where"))
    actor = forms.CharField(max_length=200, label=_("who"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("note"))
    corrects = forms.ModelChoiceField(
        TraceEvent.objects.none(),
        required=False,
        label=_("corrects"),
        help_text=_("To correct an earlier event, choose it and say in the note what was wrong."),
    )

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = TraceEvent.objects.filter(batch=batch)
