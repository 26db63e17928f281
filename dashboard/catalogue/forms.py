"""Oscar's product dashboard forms with the facts of a cooperative's produce.

Officers (staff) keep Oscar's full product form; a cooperative's staff get the fields they use.
Prices are whole đồng as people write them, photos are checked by what they contain. Oscar's
get_class loader picks these classes up in place of its own.
"""

import re
import secrets
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms

from accounts import roles
from catalog import weights
from catalog.services import validate_vnd
from common.content_language import VietnameseFieldsForm
from common.uploads import MAX_PRODUCT_IMAGE_BYTES, product_image_checked
from cooperatives.forms import CommuneChoiceField
from regions.models import AdministrativeUnit, Layout

# Oscar's product fields that only officers use: cooperatives' produce carries no barcode here.
OFFICER_ONLY_PRODUCT_FIELDS = ("upc",)

OCOP_CHOICES = [("", _("No OCOP rating")), (3, "3 ★"), (4, "4 ★"), (5, "5 ★")]


def full_form_for(user) -> bool:
    # A form built without a user is Oscar's full form; with one, officers get it (accounts/roles.py).
    return user is None or roles.is_officer(user)


class ProductClassSelectForm(oscar_forms.ProductClassSelectForm):
    """A cooperative sells produce only: its staff have no product type to choose."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not full_form_for(user):
            del self.fields["product_class"]


class ProductSearchForm(oscar_forms.ProductSearchForm):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not full_form_for(user):
            for name in OFFICER_ONLY_PRODUCT_FIELDS:
                self.fields.pop(name, None)


ENGLISH_LABELS = {
    "title_en": _("English name"),
    "name_en": _("English name"),
    "description_en": _("English description"),
}
ENGLISH_HELP = _("Shown on the English site (/en/); left empty, the English site shows the Vietnamese.")


def english_fields_explained(form):
    """Label the ``*_en`` fields and say what leaving them empty does."""
    for name, label in ENGLISH_LABELS.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].help_text = ENGLISH_HELP
            form.fields[name].required = False


class CategoryForm(VietnameseFieldsForm, oscar_forms.CategoryForm):
    """Oscar's category form with the English name and description beside the Vietnamese ones."""

    class Meta(oscar_forms.CategoryForm.Meta):
        fields = [
            "name",
            "name_en",
            "slug",
            "description",
            "description_en",
            "image",
            "is_public",
            "exclude_from_menu",
            "meta_title",
            "meta_description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        english_fields_explained(self)


class ProductForm(VietnameseFieldsForm, oscar_forms.ProductForm):
    class Meta(oscar_forms.ProductForm.Meta):
        fields = [
            "title",
            "title_en",
            "upc",
            "description",
            "description_en",
            "is_flagship",
            "selling_unit",
            "weight_step_grams",
            "ocop_stars",
            "certifications",
            "origin_commune",
            "season_start",
            "season_end",
            "is_public",
            "is_discountable",
            "structure",
            "slug",
            "meta_title",
            "meta_description",
        ]
        field_classes = {"origin_commune": CommuneChoiceField}
        widgets = {
            **oscar_forms.ProductForm.Meta.widgets,
            "ocop_stars": forms.Select(choices=OCOP_CHOICES),
            "weight_step_grams": forms.Select,
        }
        labels = {"weight_step_grams": _("Sold by weight, in steps of")}
        help_texts = {
            "is_flagship": _("A key product of your cooperative, shown on the home page."),
            "origin_commune": _("The commune where it is grown or made."),
            "season_start": _("Leave both months empty for produce sold all year."),
            "weight_step_grams": _(
                "For produce sold by weight: how much a buyer orders at a time (buyers choose 0.5 kg, 1 kg, "
                "1.5 kg… in these steps). The price and the stock under Stock and pricing are then per step: "
                "with a 500 g step, a price of 45.000 is 90.000 ₫ a kilogram and a stock of 20 is 10 kg."
            ),
        }

    def __init__(self, product_class, *args, user=None, **kwargs):
        self.user = user
        super().__init__(product_class, *args, **kwargs)
        # Cooperatives and their communes are recorded in the units the programme's targets use.
        self.fields["origin_commune"].queryset = (
            AdministrativeUnit.objects.communes()
            .in_layout(Layout.BEFORE_2025)
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        self.fields["weight_step_grams"].widget.choices = weight_step_choices(self.instance.weight_step_grams)
        english_fields_explained(self)
        if not full_form_for(user):
            for name in OFFICER_ONLY_PRODUCT_FIELDS:
                self.fields.pop(name, None)

    def add_attribute_fields(self, product_class, is_parent=False):
        # Produce is described by the product's own fields; attributes are the officers' tool.
        if full_form_for(self.user):
            super().add_attribute_fields(product_class, is_parent)

    def clean(self):
        cleaned = super().clean()
        season_check(self, cleaned)
        return cleaned


# The steps cooperatives sell in; a product keeps any other step it was given (by an officer, say).
WEIGHT_STEPS_GRAMS = (100, 200, 250, 500, 1000, 2000, 5000, 10000, 25000, 50000)


def season_check(form, cleaned):
    """A season is both months or neither (the dashboard's and the workspace's product forms)."""
    if (cleaned.get("season_start") is None) != (cleaned.get("season_end") is None):
        form.add_error(
            "season_end", _("Give both the month the season starts and the month it ends, or leave both empty.")
        )


def weight_step_choices(current_grams):
    steps = sorted({*WEIGHT_STEPS_GRAMS, *([current_grams] if current_grams else [])})
    return [("", _("Not sold by weight"))] + [(grams, weights.format_weight(grams)) for grams in steps]


class VNDPriceField(forms.CharField):
    """A price in whole đồng, written 150000 or 150.000 (a dot groups thousands in Vietnamese).

    Decimals are refused rather than guessed: "150.00" could be 150 or a typo for 150.000."""

    PLAIN = re.compile(r"\d+")
    GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        # The model field's digits are checked when the stock record is validated.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return str(int(value))
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if not (self.PLAIN.fullmatch(text) or self.GROUPED.fullmatch(text)):
            raise ValidationError(
                gettext("Enter the price as a whole number of đồng, for example 150000 or 150.000."),
                code="invalid",
            )
        return validate_vnd(text.replace(".", ""))


class StockRecordForm(oscar_forms.StockRecordForm):
    """Price in whole đồng and the shop's one currency; a cooperative's staff stock their own
    partner only (Oscar narrows the choice) and may leave the SKU to be numbered for them."""

    class Meta(oscar_forms.StockRecordForm.Meta):
        field_classes = {"price": VNDPriceField}

    def __init__(self, product_class, user, *args, **kwargs):
        super().__init__(product_class, user, *args, **kwargs)
        # Prices are checked as whole đồng: the shop sells in VND only.
        self.fields["price_currency"].disabled = True
        if not full_form_for(user):
            self.fields["partner"].empty_label = None
            self.fields["partner_sku"].required = False
            self.fields["partner_sku"].help_text = _("Leave empty to have it numbered for you.")

    def clean(self):
        cleaned = super().clean()
        partner = cleaned.get("partner")
        if "partner_sku" in cleaned and not cleaned["partner_sku"] and partner is not None:
            cleaned["partner_sku"] = _new_sku(partner)
        return cleaned


def _new_sku(partner) -> str:
    cooperative = getattr(partner, "cooperative", None)
    prefix = cooperative.registration_code if cooperative else f"P{partner.pk}"
    return f"{prefix}-{secrets.token_hex(3).upper()}"


class ProductImageField(forms.FileField):
    """Checked by content (common.uploads), not by Pillow's any-format ImageField check,
    so that a refusal names the file and the formats we take; stored under the extension of its
    format, whatever name it came with."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            upload = product_image_checked(upload)
        return upload


class ProductImageForm(oscar_forms.ProductImageForm):
    class Meta(oscar_forms.ProductImageForm.Meta):
        field_classes = {"original": ProductImageField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        original = self.fields["original"]
        original.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        original.help_text = gettext("Photos: JPEG, PNG or WebP, at most %(size)s MB each.") % {
            "size": MAX_PRODUCT_IMAGE_BYTES // (1024 * 1024)
        }
