"""The workspace's product forms: the whole product on one phone screen, and price and stock in a
list row.

The rules are the catalogue's: the model's own checks (the weight step needs kg or 500 g as its
unit), whole đồng (``VNDPriceField``, as in the dashboard), photos checked by content
(catalog/photos.py). The forms only read the request; catalog/editing.py writes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.core.loading import get_model

from catalog.photos import photo_checked
from catalog.services import produce_product_class
from common.content_language import VietnameseFieldsForm
from common.uploads import MAX_PRODUCT_IMAGE_BYTES
from cooperatives.forms import CommuneChoiceField, MultipleFileInput
from dashboard.catalogue.forms import (
    OCOP_CHOICES,
    VNDPriceField,
    english_fields_explained,
    season_check,
    weight_step_choices,
)
from regions.models import AdministrativeUnit, Layout

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

MAX_STOCK = 1_000_000
MAX_PHOTOS = 8


class CategoryChoiceField(forms.ModelChoiceField):
    """The categories that exist, sub-categories indented under their parent."""

    def label_from_instance(self, category):
        return "\u2014 " * (category.depth - 1) + category.name


class PhotosField(forms.FileField):
    """Photos from the phone's camera or gallery, several at once, each checked by content."""

    def __init__(self, **kwargs):
        attrs = {"accept": "image/*", "capture": "environment"}
        super().__init__(widget=MultipleFileInput(attrs=attrs), required=False, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(_("Send at most %(count)s photos at a time.") % {"count": MAX_PHOTOS})
        return [photo_checked(super(PhotosField, self).clean(upload, initial)) for upload in uploads]


def _stock_field():
    return forms.IntegerField(
        label=pgettext_lazy("stock count", "In stock"),
        min_value=0,
        max_value=MAX_STOCK,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        # Django's own Vietnamese for these reads oddly ("Nhập một số tổng thể").
        error_messages={
            "invalid": _("Enter the stock as a whole number, for example 20."),
            "min_value": _("The stock cannot be below 0."),
            "max_value": _("The stock cannot be more than %(limit_value)s."),
        },
    )


FIRST_SCREEN = ("title", "category", "selling_unit", "weight_step_grams", "price", "stock", "photos")
# The English name and story, for /en/, are optional details too.
DETAILS = (
    "certifications",
    "ocop_stars",
    "season_start",
    "season_end",
    "origin_commune",
    "description",
    "title_en",
    "description_en",
)
FORM_ONLY = ("category", "price", "stock", "photos")  # the form's own fields, not the product's


class ProductForm(VietnameseFieldsForm, forms.ModelForm):
    """First the facts every product needs (name, category, unit, price, stock, photos), then the
    optional details the page shows in a ``<details>``."""

    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.order_by("path"))
    price = VNDPriceField(
        label=_("Price (đồng)"), help_text=_("For one selling unit, or one weight step: for example 25.000.")
    )
    stock = _stock_field()
    photos = PhotosField(
        label=pgettext_lazy("product form", "Photos"),
        help_text=_("Take photos or pick them from the phone: JPEG, PNG or WebP, at most %(size)s MB each.")
        % {"size": MAX_PRODUCT_IMAGE_BYTES // (1024 * 1024)},
    )

    FIRST_SCREEN = FIRST_SCREEN
    DETAILS = DETAILS

    class Meta:
        model = Product
        fields = [name for name in (*FIRST_SCREEN, *DETAILS) if name not in FORM_ONLY]
        field_classes = {"origin_commune": CommuneChoiceField}
        widgets = {
            "ocop_stars": forms.Select(choices=OCOP_CHOICES),
            "weight_step_grams": forms.Select,
            "certifications": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("Product name"),
            "selling_unit": _("Selling unit"),
            "weight_step_grams": _("Sold by weight, in steps of"),
            "description": _("Story of the product"),
            "origin_commune": _("Commune where it is grown"),
        }
        help_texts = {
            "weight_step_grams": _("Then the price and the stock are for one step."),
            "season_start": _("Leave both months empty for produce sold all year."),
        }

    def __init__(self, *args, stockrecord=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # Oscar's own check asks for a product type: cooperatives sell produce.
            self.instance.product_class = produce_product_class()
        else:
            self.fields["category"].initial = next(iter(self.instance.categories.all()), None)
        if stockrecord is not None:
            self.fields["price"].initial = stockrecord.price
            self.fields["stock"].initial = stockrecord.num_in_stock
        # Oscar leaves the title optional for variants; a cooperative's product always has a name.
        self.fields["title"].required = True
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        english_fields_explained(self)
        self.fields["weight_step_grams"].widget.choices = weight_step_choices(self.instance.weight_step_grams)
        self.fields["origin_commune"].queryset = (
            AdministrativeUnit.objects.communes()
            .in_layout(Layout.BEFORE_2025)
            .select_related("parent")
            .order_by("parent__name", "name")
        )

    def clean(self):
        cleaned = super().clean()
        season_check(self, cleaned)
        return cleaned

    def first_screen(self):
        return [self[name] for name in self.FIRST_SCREEN]

    def details(self):
        return [self[name] for name in self.DETAILS]

    def product_fields(self) -> dict:
        """The product's own fields, as catalog's services take them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "certifications"}


class PriceStockForm(forms.Form):
    """Price and stock of one product, changed from its row in the list."""

    price = VNDPriceField(label=_("Price (đồng)"))
    stock = _stock_field()
