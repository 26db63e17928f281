from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import two_step
from .forms import CodeForm


@never_cache
@login_required
def two_factor(request):
    """Turn two-step sign-in on (scan, then confirm with a code) or off (with a code)."""
    if not two_step.may_use_two_step(request.user):
        raise PermissionDenied
    enabled = two_step.has_two_step(request.user)
    form = CodeForm(request.POST or None)
    device = None if enabled else two_step.pending_device(request.user)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if enabled and two_step.two_step_disable(request=request, code=code):
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("security:two-factor")
        if not enabled and two_step.two_step_enable(request=request, device=device, code=code):
            messages.success(request, _("Two-step sign-in is on. Next time you sign in, we will ask for a code."))
            return redirect("security:two-factor")
        form.reject()
    context = {"form": form, "enabled": enabled}
    if device is not None:
        context.update(qr_svg=two_step.qr_svg(device), secret=two_step.secret_for_display(device))
    return render(request, "security/two_factor.html", context)


@never_cache
@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.user.is_verified() or not two_step.has_two_step(request.user):
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_step.two_step_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        form.reject()
    return render(request, "security/two_factor_verify.html", {"form": form, "next": next_url})
