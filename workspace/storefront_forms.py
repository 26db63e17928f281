"""The workspace's storefront form: the story, the contact, new photos and certificates, all on one
screen so that a change is a single "save"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.uploads import document_checked, product_image_checked
from cooperatives.forms import MultipleFileInput
from organisations.tax_codes import tax_code_normalised


class PhotosField(forms.FileField):
    """Several photos from the phone (camera or gallery) in one input, each checked by content."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
    # A phone on a rural connection uploads a few photos at a time; more would time out.
    max_files = 10

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Add at most %(count)s photos at a time.") % {"count": self.max_files}, code="too_many"
            )
        return [product_image_checked(super(PhotosField, self).clean(upload, initial)) for upload in files]


class StorefrontForm(forms.Form):
    tagline = forms.CharField(
        label=_("Short introduction"),
        max_length=200,
        required=False,
        help_text=_("One line under your cooperative's name, for example: Clean vegetables from Củ Chi."),
    )
    story = forms.CharField(
        label=_("Our story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Leave an empty line between paragraphs."),
    )
    tagline_en = forms.CharField(
        label=_("Short introduction in English"),
        max_length=200,
        required=False,
        help_text=_("Optional. Buyers reading the English site see it; left empty, they see the Vietnamese."),
    )
    story_en = forms.CharField(
        label=_("Our story in English"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        required=False,
        help_text=_("Printed on your invoices to business buyers. Leave empty if the cooperative has none."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    photos = PhotosField(
        label=_("Add photos"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 MB each. Take them with the phone's camera."),
    )
    photo_caption = forms.CharField(label=_("Caption of the new photos"), max_length=200, required=False)
    certificate_name = forms.CharField(
        label=_("Certificate name"), max_length=120, required=False, help_text=_("For example VietGAP or OCOP 4★.")
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
    certificate_file = forms.FileField(
        label=_("Photo or scan of the certificate"),
        required=False,
        help_text=_("A PDF or a photo, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )
    remove = forms.MultipleChoiceField(label=_("Remove"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, removable=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only the blocks of the draft shown can be removed: (block id, what it is called).
        self.fields["remove"].choices = list(removable)

    def clean_tax_code(self):
        code = self.cleaned_data.get("tax_code", "").strip()
        return tax_code_normalised(code) if code else ""

    def clean_certificate_file(self):
        upload = self.cleaned_data.get("certificate_file")
        return document_checked(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("certificate_file") or cleaned.get("certificate_number")) and not cleaned.get(
            "certificate_name"
        ):
            self.add_error("certificate_name", _("Give the name of the certificate (for example VietGAP)."))
        return cleaned
