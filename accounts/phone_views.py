"""Signing in with a phone number (number, then the code sent to it) and adding a phone to an
account, both in two steps; the number between the steps is kept in the session, not the URL."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from accounts import phone_login, roles
from accounts.forms import PhoneCodeForm, PhoneNumberForm
from accounts.models import OneTimeCode
from common.phones import phone_display
from common.throttle import client_ip

SIGN_IN_NUMBER = "phone_sign_in_number"
ADD_NUMBER = "phone_add_number"
NEXT_URL = "phone_sign_in_next"


class _NumberStep(View):
    """Ask for a number, text it a code, go on to the code step."""

    template_name = "accounts/phone_number.html"
    purpose = ""
    session_key = ""
    code_url = ""

    def get(self, request):
        return self._render(PhoneNumberForm())

    def post(self, request):
        form = PhoneNumberForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["phone"]
            try:
                phone_login.phone_code_send(
                    number=number,
                    purpose=self.purpose,
                    client_address=client_ip(request),
                    language=get_language(),
                    user=self.code_owner(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[self.session_key] = number
                return redirect(self.code_url)
        return self._render(form, status=400)

    def code_owner(self):
        return None

    def _render(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "purpose": self.purpose}, status=status)


class _CodeStep(View):
    template_name = "accounts/phone_code.html"
    purpose = ""
    session_key = ""
    number_url = ""

    def dispatch(self, request, *args, **kwargs):
        self.number = request.session.get(self.session_key)
        if not self.number:
            return redirect(self.number_url)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._render(PhoneCodeForm())

    def post(self, request):
        form = PhoneCodeForm(request.POST)
        if form.is_valid():
            try:
                return self.code_given(form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
        return self._render(form, status=400)

    def _render(self, form, status=200):
        context = {
            "form": form,
            "purpose": self.purpose,
            "number": phone_display(self.number),
            "number_url": self.number_url,
        }
        return render(self.request, self.template_name, context, status=status)


class _AnonymousOnly:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)


class PhoneSignInView(_AnonymousOnly, _NumberStep):
    purpose = OneTimeCode.Purpose.SIGN_IN
    session_key = SIGN_IN_NUMBER
    code_url = "phone-sign-in-code"

    def get(self, request):
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            request.session[NEXT_URL] = next_url
        return super().get(request)


class PhoneSignInCodeView(_AnonymousOnly, _CodeStep):
    purpose = OneTimeCode.Purpose.SIGN_IN
    session_key = SIGN_IN_NUMBER
    number_url = "phone-sign-in"

    def code_given(self, code):
        user = phone_login.phone_sign_in(number=self.number, code=code)
        next_url = self.request.session.pop(NEXT_URL, "")
        self.request.session.pop(SIGN_IN_NUMBER, None)
        auth_login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("You are signed in. Welcome to Chợ HTX!"))
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


class PhoneAddView(LoginRequiredMixin, _NumberStep):
    purpose = OneTimeCode.Purpose.ADD_PHONE
    session_key = ADD_NUMBER
    code_url = "phone-add-code"

    def code_owner(self):
        return self.request.user


class PhoneAddCodeView(LoginRequiredMixin, _CodeStep):
    purpose = OneTimeCode.Purpose.ADD_PHONE
    session_key = ADD_NUMBER
    number_url = "phone-add"

    def code_given(self, code):
        phone_login.phone_add(user=self.request.user, number=self.number, code=code)
        self.request.session.pop(ADD_NUMBER, None)
        if roles.may_sign_in_by_phone(self.request.user):
            messages.success(self.request, _("Your phone number is saved. You can now sign in with it."))
        else:
            messages.success(self.request, _("Your phone number is saved."))
        return redirect("customer:profile-view")
