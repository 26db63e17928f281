from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from common.uploads import document_checked


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the 6-digit code your authenticator app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def reject(self):
        self.add_error("code", _("That code is not right, or it has expired. Enter the code your app shows now."))


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (a cooperative's certificate scans): the file must really be a PDF or
    an image, whatever its name says, and is stored under the extension of what it is
    (WAGTAILDOCS_DOCUMENT_FORM_BASE; Wagtail's single and multiple uploads both use it)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.original_file:
            upload = document_checked(upload)
        return upload
