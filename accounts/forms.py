from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.utils import normalise_email
from oscar.core.loading import get_class

from accounts.phone_login import phone_normalise
from common.phones import vietnamese_mobile

EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")
EmailAuthenticationForm = get_class("customer.forms", "EmailAuthenticationForm")
User = get_user_model()


class RegistrationForm(EmailUserCreationForm):
    """Oscar's registration form, except that an address already registered is no error: saying so
    would tell anyone which addresses have accounts. The view mails that address's owner instead,
    and a new address's account is created inactive, to be activated by the link mailed to it."""

    existing_user = None

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        self.existing_user = User._default_manager.filter(email__iexact=email).order_by("-is_active", "pk").first()
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_active = False
        if commit:
            user.save()
        return user


class AuthenticationForm(EmailAuthenticationForm):
    """Oscar's sign-in form. An account not yet activated is refused like any other; only someone
    who gives its password is told why (and offered the link again): the others learn nothing."""

    pending_user = None

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            email = normalise_email(self.cleaned_data.get("username") or "")
            password = self.cleaned_data.get("password") or ""
            user = User._default_manager.filter(
                email__iexact=email, is_active=False, pending_activation__isnull=False
            ).first()
            if user is None:
                make_password(password)  # one hash whether or not such an account exists: time tells nothing
                raise
            if email and password and user.check_password(password):
                self.pending_user = user
                raise forms.ValidationError(
                    _(
                        "This account is not activated yet: follow the link in the e-mail we sent to "
                        "%(email)s. No e-mail? We can send the link again."
                    ),
                    code="inactive",
                    params={"email": user.email},
                ) from None
            raise


def mobile_input() -> forms.TextInput:
    """The input for a mobile number: a phone's dial pad, the browser's saved number."""
    return forms.TextInput(
        attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel", "placeholder": "0912 345 678"}
    )


class PhoneNumberForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number"), max_length=24, widget=mobile_input())

    def clean_phone(self):
        return phone_normalise(self.cleaned_data["phone"])


class PhoneCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the SMS"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the 6-digit code from the SMS.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class GuestOrderLookupForm(forms.Form):
    """A guest's order number and the mobile given for its delivery (normalised to +84…)."""

    number = forms.CharField(
        label=_("Order number"),
        max_length=128,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(label=_("Mobile number given for the delivery"), max_length=32, widget=mobile_input())

    def clean_phone(self):
        return vietnamese_mobile(self.cleaned_data["phone"]).as_e164
