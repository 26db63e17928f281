from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .reading import CONTENT_TYPES, CSV, MAX_BYTES, MAX_ROWS, XLSX, grouped, read_table


class ProductImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Product file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {"size": filesizeformat(MAX_BYTES), "rows": grouped(MAX_ROWS)}
        self.fields["file"].help_text = (
            _("A CSV file saved in UTF-8, or an XLSX file; at most %(size)s and %(rows)s rows.") % limits
        )
        # Only a hint to the browser's file picker: the content is what is checked.
        accept = [".csv", ".xlsx", CONTENT_TYPES[CSV].split(";")[0], CONTENT_TYPES[XLSX]]
        self.fields["file"].widget.attrs["accept"] = ",".join(accept)
        self.table = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The whole file is read now so that a bad one is refused at once, with the reason.
        self.table = read_table(upload, name=upload.name)
        return upload
