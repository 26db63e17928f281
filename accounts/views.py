"""Oscar's sign-in, registration and sign-out pages, narrowed: registration reveals no account and
sign-out takes a POST (a link or an image on another site cannot sign anyone out)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from oscar.core.loading import get_class

from accounts import roles, services
from accounts.forms import RegistrationForm

OscarAccountAuthView = get_class("customer.views", "AccountAuthView")
OscarAccountRegistrationView = get_class("customer.views", "AccountRegistrationView")


def _mail_sent(request, form):
    """An address already registered: its owner is told by e-mail, the visitor sees what a new
    address would see next: that a mail was sent."""
    services.registration_attempt_notify(user=form.existing_user, language=get_language())
    email = form.cleaned_data["email"]
    messages.info(request, _("We have sent an e-mail to %(email)s. Follow it to continue.") % {"email": email})
    return redirect("customer:login")


class AccountAuthView(OscarAccountAuthView):
    registration_form_class = RegistrationForm

    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid() and form.existing_user is not None:
            return _mail_sent(self.request, form)
        return super().validate_registration_form()

    def get_login_success_url(self, form):
        if not form.cleaned_data["redirect_url"] and roles.is_officer(self.request.user):
            return reverse("dashboard:index")
        return super().get_login_success_url(form)


class AccountRegistrationView(OscarAccountRegistrationView):
    form_class = RegistrationForm

    def form_valid(self, form):
        if form.existing_user is not None:
            return _mail_sent(self.request, form)
        return super().form_valid(form)


class LogoutView(TemplateView):
    """GET asks for confirmation; only the POST of that form (or of the header's button) signs out."""

    template_name = "accounts/logout.html"
    http_method_names = ["get", "post", "head", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(settings.OSCAR_HOMEPAGE)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        auth_logout(request)
        response = redirect(settings.OSCAR_HOMEPAGE)
        for cookie in settings.OSCAR_COOKIES_DELETE_ON_LOGOUT:
            response.delete_cookie(cookie)
        return response
