"""Oscar's sign-in, registration and sign-out pages, narrowed: registration reveals no account (a
new address and a registered one get the same answer; a new account waits for the link mailed to its
address) and sign-out takes a POST (a link or an image on another site cannot sign anyone out)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from oscar.core.loading import get_class

from accounts import roles, services
from accounts.forms import AuthenticationForm, RegistrationForm
from accounts.models import PendingActivation

OscarAccountAuthView = get_class("customer.views", "AccountAuthView")
OscarAccountRegistrationView = get_class("customer.views", "AccountRegistrationView")


User = get_user_model()
PENDING_SESSION_KEY = "accounts_pending_activation"


def _mail_sent(request, form):
    """Every valid registration gets this one answer, whoever owns the address: a new address gets
    an inactive account and its activation link, one waiting for activation gets the link again,
    an active account's owner is told someone tried (an account switched off gets nothing)."""
    language = get_language()
    user = form.existing_user
    if user is None:
        services.account_register(form=form, language=language)
        return _mail_sent_answer(request, form)
    make_password(form.cleaned_data["password1"])  # as long as a new account's hashing: time tells nothing
    if user.is_active:
        services.registration_attempt_notify(user=user, language=language)
    elif PendingActivation.objects.filter(user=user).exists():
        services.activation_link_send(user=user, language=language)
    return _mail_sent_answer(request, form)


def _mail_sent_answer(request, form):
    email = form.cleaned_data["email"]
    messages.info(request, _("We have sent an e-mail to %(email)s. Follow it to continue.") % {"email": email})
    return redirect("customer:login")


class AccountAuthView(OscarAccountAuthView):
    registration_form_class = RegistrationForm
    login_form_class = AuthenticationForm
    template_name = "accounts/login_registration.html"

    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid():
            return _mail_sent(self.request, form)
        return self.render_to_response(self.get_context_data(registration_form=form))

    def validate_login_form(self):
        response = super().validate_login_form()
        form = getattr(response, "context_data", {}).get("login_form")
        if form is not None and form.pending_user is not None:
            # Its password was given: the button on the page may send its link again.
            self.request.session[PENDING_SESSION_KEY] = form.pending_user.pk
            response.context_data["resend_activation"] = True
        return response

    def get_login_success_url(self, form):
        if not form.cleaned_data["redirect_url"] and roles.is_officer(self.request.user):
            return reverse("dashboard:index")
        if not form.cleaned_data["redirect_url"] and roles.is_cooperative_staff(self.request.user):
            return reverse("workspace:today")
        return super().get_login_success_url(form)


class AccountRegistrationView(OscarAccountRegistrationView):
    form_class = RegistrationForm

    def form_valid(self, form):
        return _mail_sent(self.request, form)


class ActivateView(View):
    """The link mailed to a new address: activates its account and signs it in, once."""

    def get(self, request, uidb64, token):
        try:
            user = User._default_manager.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
        except (TypeError, ValueError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
            user = None
        if (
            user is None
            or not PendingActivation.objects.filter(user=user).exists()
            or not default_token_generator.check_token(user, token)
        ):
            messages.error(
                request,
                _(
                    "This activation link has already been used or has expired. Sign in, or register "
                    "again with the same address to receive a new link."
                ),
            )
            return redirect("customer:login")
        services.account_activate(user=user)
        auth_login(request, user, backend="oscar.apps.customer.auth_backends.EmailBackend")
        messages.success(request, _("Your account is active, and you are signed in. Welcome to Chợ HTX!"))
        return redirect(settings.LOGIN_REDIRECT_URL)


class ResendActivationView(View):
    """The button shown when a not-yet-activated account's right password was given: the link again."""

    http_method_names = ["post"]

    def post(self, request):
        pk = request.session.pop(PENDING_SESSION_KEY, None)
        pending = PendingActivation.objects.filter(user_id=pk, user__is_active=False).select_related("user").first()
        if pending is not None:
            services.activation_link_send(user=pending.user, language=get_language())
            messages.info(
                request,
                _("We have sent an e-mail to %(email)s. Follow it to continue.") % {"email": pending.user.email},
            )
        return redirect("customer:login")


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
