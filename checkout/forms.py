from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as checkout_forms
from oscar.core.loading import get_class, get_model

from common.phones import phone_display, vietnamese_mobile
from fulfilment.models import OrderPart
from fulfilment.selectors import delivery_choice_error
from regions import divisions

AbstractAddressForm = get_class("address.forms", "AbstractAddressForm")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")


class DeliveryChoicesForm(forms.Form):
    """For each cooperative in the basket: delivery (for its fee) or pickup at the cooperative.

    One field per group, ``delivery_<cooperative id>``; a method the cooperative does not offer
    (a stale page, a tampered POST) gets the selector's message naming the cooperative.
    """

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            self.fields[self.field_name(group)] = forms.CharField(
                label=group.cooperative.name, required=False, initial=group.delivery_method
            )

    @staticmethod
    def field_name(group):
        return f"delivery_{group.cooperative.pk}"

    def clean(self):
        cleaned = super().clean()
        if not self.groups:
            raise forms.ValidationError(_("Your basket is empty."))
        for group in self.groups:
            name = self.field_name(group)
            error = delivery_choice_error(group.cooperative, cleaned.get(name))
            if error:
                self.add_error(name, error)
        return cleaned

    def choices(self) -> dict[int, str]:
        return {group.cooperative.pk: self.cleaned_data[self.field_name(group)] for group in self.groups}

    def rows(self):
        """(group, bound field, offered methods) for the template."""
        for group in self.groups:
            methods = []
            if group.cooperative.offers_delivery:
                methods.append(OrderPart.DeliveryMethod.DELIVERY)
            if group.cooperative.offers_pickup:
                methods.append(OrderPart.DeliveryMethod.PICKUP)
            yield group, self[self.field_name(group)], methods


class PaymentMethodForm(forms.Form):
    """How the buyer pays: one of the methods offered for this order's total."""

    method = forms.ChoiceField(label=_("How you pay"), widget=forms.RadioSelect)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = offers
        self.fields["method"].choices = [(offer.code, offer.label) for offer in offers if offer.available]

    def clean_method(self):
        return self.cleaned_data["method"]


class GatewayForm(checkout_forms.GatewayForm):
    """The checkout's first page without Oscar's "create an account first": registering now waits
    for a link mailed to the address (accounts/services.py), so a buyer checks out as a guest, or
    signs in, and may register later ("new" is refused as an invalid choice).

    A guest need not give an e-mail address: the order then reaches them by the mobile number of the
    delivery address, and no e-mail is sent. Signing in still needs the address."""

    CHOICES = tuple(
        choice for choice in checkout_forms.GatewayForm.CHOICES if choice[0] != checkout_forms.GatewayForm.NEW
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].choices = self.CHOICES
        self.fields["username"].required = False
        self.fields["username"].label = _("My e-mail address (optional for guests)")
        # Oscar's page shows the password field after its radio button, with no label of its own.
        self.fields["password"].widget.attrs["aria-label"] = _("Password")

    def clean(self):
        if not self.is_guest_checkout() and not self.cleaned_data.get("username") and "username" not in self.errors:
            self.add_error("username", _("Enter the e-mail address of your account to sign in."))
            return self.cleaned_data
        return super().clean()


class ShippingAddressForm(AbstractAddressForm):
    """A Vietnamese delivery address: who receives it, their mobile, house number and street, and the
    commune or ward (phường/xã) of a province or city in the two-level layout since 1 July 2025; no
    district, no postcode, the country is Việt Nam.

    Kept in Oscar's ShippingAddress columns, so orders, e-mails and the dashboard read it unchanged:
    ``first_name`` the full name, ``line1`` the street, ``line3`` the commune, ``line4`` the province
    (``line2``, ``state``, ``postcode`` left empty); the phone stored as +84…. The commune list shows the
    chosen province's communes; a commune sent with another province is refused by name.

    Not Oscar's form: its phone mixin would copy this form's phone field into one dict shared by every
    address form, and it would accept a landline.
    """

    province = forms.TypedChoiceField(label=_("Province or city"), coerce=int)
    commune = forms.CharField(
        label=_("Ward or commune"), widget=forms.Select, error_messages={"required": _("Choose the ward or commune.")}
    )
    phone_number = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        help_text=_("The shipper calls or texts this number."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    class Meta:
        model = ShippingAddress
        fields = ["first_name", "phone_number", "line1", "notes"]
        labels = {
            "first_name": _("Recipient's full name"),
            "line1": _("House number and street"),
            "notes": _("Notes for the shipper"),
        }
        help_texts = {"line1": _("For example 12 Lê Lợi; outside towns add the hamlet (ấp, thôn).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.country = Country.objects.get(iso_3166_1_a2="VN")
        self.order_fields(["first_name", "phone_number", "province", "commune", "line1", "notes"])
        self.fields["phone_number"].error_messages["required"] = _("Enter a mobile number for the delivery.")
        self.fields["first_name"].widget.attrs["autocomplete"] = "name"
        self.fields["line1"].widget.attrs["autocomplete"] = "street-address"
        self.fields["province"].choices = [(division.code, division.name) for division in divisions.provinces()]
        self.fields["province"].widget.attrs["data-commune-select"] = self.add_prefix("commune")
        province, commune = self._chosen_place()
        self.initial.setdefault("province", province)
        if commune is not None:
            self.initial.setdefault("commune", commune)
        self.fields["commune"].widget.choices = [("", _("Choose a ward or commune"))] + [
            (division.code, division.name) for division in divisions.communes_of(self.commune_province())
        ]
        if self.initial.get("phone_number"):
            self.initial["phone_number"] = phone_display(self.initial["phone_number"])

    def _chosen_place(self):
        """(province code, commune code) of the address being edited: from the stored names (the session's
        at checkout, the saved address's in the address book)."""
        province, commune = divisions.by_names(
            self.initial.get("line4", self.instance.line4), self.initial.get("line3", self.instance.line3)
        )
        if province is None:
            return divisions.HO_CHI_MINH_CITY, None
        return province.code, commune.code if commune else None

    def commune_province(self):
        """The province whose communes the list offers: the one sent, else the address's own."""
        sent = divisions.province(self.data.get(self.add_prefix("province"))) if self.is_bound else None
        return sent.code if sent else self.initial.get("province")

    def clean_phone_number(self):
        return vietnamese_mobile(self.cleaned_data.get("phone_number"))

    def clean(self):
        cleaned = super().clean()
        province = divisions.province(cleaned.get("province"))
        code = cleaned.get("commune")
        if province is None:
            return cleaned
        commune = divisions.commune_in(province.code, code) if code else None
        if commune is None:
            if code:
                self.add_error(
                    "commune",
                    _("This ward or commune is not in %(province)s: choose it again from the list.")
                    % {"province": province.name},
                )
            elif "commune" not in self.errors:
                self.add_error("commune", _("Choose the ward or commune."))
            return cleaned
        self.instance.line2 = ""
        self.instance.line3 = commune.name
        self.instance.line4 = province.name
        self.instance.state = ""
        self.instance.postcode = ""
        self.instance.last_name = ""
        return cleaned

    def is_new_account_checkout(self):
        return False


class UserAddressForm(ShippingAddressForm):
    """The account's address book entry: the same Vietnamese address, kept in Oscar's UserAddress
    columns as checkout keeps the delivery's, so a saved address is offered at checkout and prints
    unchanged (Oscar's customer views call it with the account)."""

    class Meta(ShippingAddressForm.Meta):
        model = UserAddress

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user = user
