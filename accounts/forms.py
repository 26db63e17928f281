from django.contrib.auth import get_user_model
from oscar.apps.customer.utils import normalise_email
from oscar.core.loading import get_class

EmailUserCreationForm = get_class("customer.forms", "EmailUserCreationForm")
User = get_user_model()


class RegistrationForm(EmailUserCreationForm):
    """Oscar's registration form, except that an address already registered is no error: saying so
    would tell anyone which addresses have accounts. The view mails that address's owner instead."""

    existing_user = None

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        self.existing_user = User._default_manager.filter(email__iexact=email, is_active=True).first()
        return email
