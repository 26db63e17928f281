"""Onboarding: the applicant's pages and the department officers' review."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from accounts import roles
from accounts.roles import OfficerRequiredMixin

from . import selectors, services
from .forms import ApplicationForm, ReasonForm
from .models import Application, ApplicationDocument, Cooperative


def _form_fields(form):
    return {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields}


def _apply_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ApplyView(LoginRequiredMixin, View):
    template_name = "cooperatives/apply.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and selectors.open_application_of(request.user):
            return redirect("cooperatives:application")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": ApplicationForm()})

    def post(self, request):
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.application_submit(
                    applicant=request.user,
                    documents=form.cleaned_data["documents"],
                    language=get_language(),
                    **_form_fields(form),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Your application has been sent to the department for review."))
                return redirect("cooperatives:application")
        return render(request, self.template_name, {"form": form}, status=400)


@login_required
def application_status(request):
    application = selectors.latest_application_of(request.user)
    if application is None:
        return redirect("cooperatives:apply")
    form = None
    if application.status == Application.Status.RETURNED:
        form = ApplicationForm(instance=application, documents_required=False)
        if request.method == "POST":
            form = ApplicationForm(request.POST, request.FILES, instance=application, documents_required=False)
            if form.is_valid():
                try:
                    services.application_resubmit(
                        application=application, documents=form.cleaned_data["documents"], **_form_fields(form)
                    )
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    messages.success(request, _("Your corrected application has been sent again."))
                    return redirect("cooperatives:application")
    context = {"application": application, "decisions": application.decisions.all(), "form": form}
    return render(request, "cooperatives/application.html", context, status=400 if form and form.errors else 200)


@login_required
def document_download(request, pk):
    document = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=pk)
    if document.application.applicant_id != request.user.pk and not roles.is_officer(request.user):
        raise PermissionDenied
    # Downloaded, never opened in the site's own origin, and typed by its name, which follows its
    # content (common.uploads).
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=str(document))
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ReviewQueueView(OfficerRequiredMixin, ListView):
    template_name = "cooperatives/review_queue.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self):
        return selectors.applications_awaiting_review()


class ApplicationReviewView(OfficerRequiredMixin, View):
    template_name = "cooperatives/review.html"

    def get(self, request, pk, form=None):
        application = get_object_or_404(selectors.applications_for_review(), pk=pk)
        context = {"application": application, "reason_form": form or ReasonForm()}
        return render(request, self.template_name, context, status=400 if form else 200)

    def post(self, request, pk):
        application = get_object_or_404(Application, pk=pk)
        form = ReasonForm(request.POST)
        form.is_valid()
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                cooperative = services.application_approve(application=application, officer=request.user)
                messages.success(request, _("%(name)s is now a verified cooperative.") % {"name": cooperative.name})
            elif decision == "reject":
                services.application_reject(
                    application=application, officer=request.user, reason=form.cleaned_data.get("reason", "")
                )
                messages.success(request, _("The application was rejected. The applicant has been told why."))
            else:
                services.application_return(
                    application=application, officer=request.user, reason=form.cleaned_data.get("reason", "")
                )
                messages.success(request, _("The application was returned to the applicant."))
        except ValidationError as error:
            _apply_errors(form, error)
            return self.get(request, pk, form=form)
        return redirect("cooperatives:review-queue")


class RegistryView(OfficerRequiredMixin, ListView):
    template_name = "cooperatives/registry.html"
    context_object_name = "cooperatives"
    paginate_by = 50

    def get_queryset(self):
        return selectors.cooperatives_for_registry()


class CooperativeStatusView(OfficerRequiredMixin, View):
    """Suspend or reinstate a cooperative (POST only)."""

    def post(self, request, pk):
        cooperative = get_object_or_404(Cooperative, pk=pk)
        form = ReasonForm(request.POST)
        form.is_valid()
        reason = form.cleaned_data.get("reason", "")
        try:
            if request.POST.get("action") == "suspend":
                services.cooperative_suspend(cooperative=cooperative, officer=request.user, reason=reason)
                messages.success(request, _("%(name)s is suspended.") % {"name": cooperative.name})
            else:
                services.cooperative_reinstate(cooperative=cooperative, officer=request.user, reason=reason)
                messages.success(request, _("%(name)s is reinstated.") % {"name": cooperative.name})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("cooperatives:registry")


# --- Staff ---------------------------------------------------------------------


class StaffForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail of the person to invite"))


def _own_cooperative(request):
    cooperative = selectors.cooperatives_of_user(request.user).first()
    if cooperative is None:
        raise PermissionDenied
    return cooperative


def _pk(value: str) -> int:
    """A posted row id; anything but digits is no row of ours (404, never a 500)."""
    if not value.isdigit():
        raise Http404
    return int(value)


@login_required
def staff(request):
    """The cooperative's staff and pending invitations; managers invite and remove."""
    cooperative = _own_cooperative(request)
    form = StaffForm(request.POST or None)
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                invitation = get_object_or_404(cooperative.invitations, pk=_pk(request.POST["revoke"]))
                services.staff_invitation_revoke(invitation=invitation, revoked_by=request.user)
                messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
                return redirect("cooperatives:staff")
            if "remove" in request.POST:
                member = get_object_or_404(cooperative.partner.users, pk=_pk(request.POST["remove"]))
                services.staff_remove(cooperative=cooperative, user=member, removed_by=request.user)
                messages.success(request, _("%(email)s no longer works for the shop.") % {"email": member.email})
                return redirect("cooperatives:staff")
            if form.is_valid():
                services.staff_invite(
                    cooperative=cooperative,
                    email=form.cleaned_data["email"],
                    invited_by=request.user,
                    language=get_language(),
                )
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("cooperatives:staff")
        except ValidationError as error:
            _apply_errors(form, error)
    context = {
        "cooperative": cooperative,
        "form": form,
        "is_manager": roles.is_cooperative_manager(request.user, cooperative),
        **selectors.staff_of(cooperative),
    }
    return render(request, "cooperatives/staff.html", context, status=400 if form.errors else 200)


@login_required
def invitation_accept(request, token):
    if request.method == "POST":
        try:
            cooperative = services.staff_invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You now help run %(name)s.") % {"name": cooperative.name})
            return redirect("workspace:today")
    invitation = selectors.invitation_by_token(token)
    return render(request, "cooperatives/invitation.html", {"invitation": invitation})
