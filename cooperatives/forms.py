from django import forms
from django.utils.translation import gettext_lazy as _

from common.uploads import MAX_DOCUMENT_BYTES, document_checked
from regions.models import AdministrativeUnit, Layout

from .models import Application


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several files in one input (Django's documented pattern), each checked by content and named
    after its format."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [document_checked(super(DocumentsField, self).clean(f, initial)) for f in files]


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.full_name


class ApplicationForm(forms.ModelForm):
    commune = CommuneChoiceField(
        label=_("Commune"),
        queryset=AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, level="commune")
        .select_related("parent")
        .order_by("parent__name", "name"),
    )
    documents = DocumentsField(
        label=_("Supporting documents"),
        help_text=_("Registration certificate and other papers: PDF, JPEG, PNG or WebP, at most %(size)s MB each.")
        % {"size": MAX_DOCUMENT_BYTES // (1024 * 1024)},
    )

    class Meta:
        model = Application
        fields = [
            "cooperative_name",
            "registration_code",
            "commune",
            "legal_representative",
            "phone",
            "member_count",
            "main_products",
        ]
        widgets = {"main_products": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, documents_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].required = documents_required
        self.fields["documents"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png,image/webp"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
