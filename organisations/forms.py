"""The organisation's forms: the application, a delivery site, an invitation. Addresses use the
checkout's province → ward list (regions/divisions.py, checkout/static/checkout/js/address.js)."""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field.phonenumber import PhoneNumber

from regions import divisions

from .models import DeliverySite, Organisation
from .tax_codes import tax_code_display, tax_code_normalised


def vietnamese_phone(value) -> str:
    """A Vietnamese number, mobile or landline (an office answers its landline), stored as +84…."""
    text = str(value or "").strip()
    try:
        number = PhoneNumber.from_string(text, region="VN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not number.is_valid() or number.country_code != 84:
        raise ValidationError(_("This is not a Vietnamese phone number: write it as 090 123 4567 or 028 3822 1234."))
    return number.as_e164


class AddressFormMixin(forms.Form):
    """Province, then ward or commune of that province, then house number and street."""

    province = forms.TypedChoiceField(label=_("Province or city"), coerce=int)
    commune = forms.CharField(
        label=_("Ward or commune"), widget=forms.Select, error_messages={"required": _("Choose the ward or commune.")}
    )

    def _setup_address(self):
        self.fields["province"].choices = [(d.code, d.name) for d in divisions.provinces()]
        self.fields["province"].widget.attrs["data-commune-select"] = self.add_prefix("commune")
        instance = getattr(self, "instance", None)
        if instance is not None and instance.province_code:
            self.initial.setdefault("province", instance.province_code)
            self.initial.setdefault("commune", instance.commune_code)
        # The list offered: the province sent, else the one asked for (?province=, address.js), else HCMC.
        asked = self.data.get(self.add_prefix("province")) if self.is_bound else self.initial.get("province")
        chosen = divisions.province(asked) or divisions.province(divisions.HO_CHI_MINH_CITY)
        self.initial["province"] = chosen.code
        self.fields["commune"].widget.choices = [("", _("Choose a ward or commune"))] + [
            (d.code, d.name) for d in divisions.communes_of(chosen.code)
        ]

    def _clean_address(self, cleaned):
        province = divisions.province(cleaned.get("province"))
        code = cleaned.get("commune")
        if province is None:
            return
        commune = divisions.commune_in(province.code, code) if code else None
        if commune is None:
            if code:
                self.add_error(
                    "commune",
                    _("This ward or commune is not in %(province)s: choose it again from the list.")
                    % {"province": province.name},
                )
            return
        self.instance.province_code, self.instance.province_name = province.code, province.name
        self.instance.commune_code, self.instance.commune_name = commune.code, commune.name


class OrganisationForm(AddressFormMixin, forms.ModelForm):
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_("10 digits, or 13 for a branch (0100233488-001)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "tax_code", "contact_name", "phone", "email", "street"]
        labels = {"name": _("Name of the organisation"), "street": _("Invoice address: house number and street")}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_address()
        self.order_fields(
            ["name", "kind", "tax_code", "contact_name", "phone", "email", "province", "commune", "street"]
        )
        if self.instance.pk and not self.is_bound:
            self.initial["tax_code"] = tax_code_display(self.instance.tax_code)

    def clean_tax_code(self):
        return tax_code_normalised(self.cleaned_data.get("tax_code"))

    def clean_phone(self):
        return vietnamese_phone(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        self._clean_address(cleaned)
        return cleaned


class DeliverySiteForm(AddressFormMixin, forms.ModelForm):
    class Meta:
        model = DeliverySite
        fields = ["name", "contact_name", "phone", "street", "notes"]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_address()
        self.order_fields(["name", "contact_name", "phone", "province", "commune", "street", "notes"])

    def clean_phone(self):
        return vietnamese_phone(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        self._clean_address(cleaned)
        return cleaned


class RolesFormMixin(forms.Form):
    can_order = forms.BooleanField(label=_("Places orders"), required=False, initial=True)
    can_approve = forms.BooleanField(label=_("Approves (and manages the organisation's account)"), required=False)
    can_pay = forms.BooleanField(label=_("Pays invoices"), required=False)

    def roles(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("can_order", "can_approve", "can_pay")}

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("can_order", "can_approve", "can_pay")):
            raise ValidationError(_("Give at least one role."))
        return cleaned


class RolesForm(RolesFormMixin):
    """A member's roles, changed by an approver."""


class InvitationForm(RolesFormMixin):
    contact = forms.CharField(
        label=_("E-mail or mobile number of your colleague"),
        max_length=254,
        help_text=_("We send them a link by e-mail or by text message."),
    )

    def clean_contact(self):
        """An e-mail address, or a Vietnamese mobile (stored +84…)."""
        text = self.cleaned_data["contact"].strip()
        if "@" in text:
            forms.EmailField().clean(text)
            return ("email", text.lower())
        try:
            number = PhoneNumber.from_string(text, region="VN")
        except phonenumbers.NumberParseException:
            number = None
        if (
            number is None
            or not number.is_valid()
            or number.country_code != 84
            or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
        ):
            raise ValidationError(_("Enter an e-mail address or a Vietnamese mobile number (090 123 4567)."))
        return ("phone", number.as_e164)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
