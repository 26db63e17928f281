from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .photos import MAX_PHOTO_BYTES, MAX_ZIP_BYTES, open_photo_archive
from .reading import CONTENT_TYPES, CSV, MAX_BYTES, MAX_ROWS, XLSX, grouped, read_table


class ProductImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Product file"))
    photos = forms.FileField(label=gettext_lazy("ZIP of photos (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {"size": filesizeformat(MAX_BYTES), "rows": grouped(MAX_ROWS)}
        self.fields["file"].help_text = (
            _("A CSV file saved in UTF-8, or an XLSX file; at most %(size)s and %(rows)s rows.") % limits
        )
        # Only a hint to the browser's file picker: the content is what is checked.
        accept = [".csv", ".xlsx", CONTENT_TYPES[CSV].split(";")[0], CONTENT_TYPES[XLSX]]
        self.fields["file"].widget.attrs["accept"] = ",".join(accept)
        self.fields["photos"].help_text = _(
            "JPEG, PNG or WebP photos, each named after its product code (RAU-001.jpg) or as the photo column "
            "says; at most %(size)s in all and %(photo_size)s a photo."
        ) % {"size": filesizeformat(MAX_ZIP_BYTES), "photo_size": filesizeformat(MAX_PHOTO_BYTES)}
        self.fields["photos"].widget.attrs["accept"] = ".zip,application/zip"
        self.table = None
        self.photo_count = 0

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The whole file is read now so that a bad one is refused at once, with the reason.
        self.table = read_table(upload, name=upload.name)
        return upload

    def clean_photos(self):
        upload = self.cleaned_data.get("photos")
        if upload:
            # The archive's names and sizes now; each photo's content while the rows are checked.
            archive = open_photo_archive(upload, name=upload.name)
            self.photo_count = len(archive)
            archive.close()
        return upload

    def job_arguments(self) -> dict:
        """What ``services.import_job_create`` needs from the form."""
        return {
            "upload": self.cleaned_data["file"],
            "table": self.table,
            "photos": self.cleaned_data.get("photos") or None,
        }
