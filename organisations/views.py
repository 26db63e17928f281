"""The organisation's pages: applying, the officers' review, the members' area."""

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from accounts import roles
from accounts.roles import OfficerRequiredMixin, officer_required

from . import access, selectors, services
from .forms import DeliverySiteForm, InvitationForm, OrganisationForm, ReasonForm, RolesForm
from .models import Decision, Organisation


def _address_form(form_class, request, **kwargs):
    """The form bound to what was sent, or, to show another province's communes (?province= from
    checkout/js/address.js, or the no-JavaScript "show its wards and communes" button), unbound with
    what was typed so far: nothing refused, nothing stored."""
    if request.method == "POST" and "show_communes" not in request.POST:
        return form_class(request.POST, **kwargs)
    if request.method == "POST":
        return form_class(initial=request.POST.dict(), **kwargs)
    if "province" in request.GET:
        return form_class(initial={"province": request.GET["province"]}, **kwargs)
    return form_class(**kwargs)


def _no_cooperative_staff(user):
    if roles.is_cooperative_staff(user) or roles.is_officer(user):
        raise PermissionDenied


@login_required
def mine(request):
    """The organisations the user buys for, and their application if one is open."""
    _no_cooperative_staff(request.user)
    context = {
        "memberships": selectors.memberships_of(request.user),
        "application": selectors.latest_application_of(request.user),
        "active_tab": "organisation",
    }
    return render(request, "organisations/mine.html", context)


@login_required
def apply(request):
    _no_cooperative_staff(request.user)
    if selectors.open_application_of(request.user):
        return redirect("organisations:application")
    form = _address_form(OrganisationForm, request)
    if form.is_bound and form.is_valid():
        try:
            services.organisation_apply(applicant=request.user, language=get_language(), organisation=form.instance)
        except ValidationError as error:
            form.add_error(None, error)  # the service's errors name the form's fields
        else:
            messages.success(request, _("Your application has been sent to the department for review."))
            return redirect("organisations:application")
    return render(request, "organisations/apply.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def application_status(request):
    organisation = selectors.latest_application_of(request.user)
    if organisation is None:
        return redirect("organisations:apply")
    form = None
    if organisation.status == Organisation.Status.RETURNED:
        form = _address_form(OrganisationForm, request, instance=organisation)
        if form.is_bound and form.is_valid():
            try:
                services.organisation_resubmit(organisation=form.instance)
            except ValidationError as error:
                form.add_error(None, error)  # the service's errors name the form's fields
            else:
                messages.success(request, _("Your corrected application has been sent again."))
                return redirect("organisations:application")
    context = {"organisation": organisation, "decisions": organisation.decisions.all(), "form": form}
    return render(request, "organisations/application.html", context, status=400 if form and form.errors else 200)


class ReviewQueueView(OfficerRequiredMixin, ListView):
    """Applications awaiting review, then every organisation."""

    template_name = "organisations/review_queue.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self):
        return selectors.organisations_for_officers()


class DecisionButton(NamedTuple):
    word: str  # what the button posts
    label: str
    style: str
    hint: str  # shown once above the buttons when the decision needs a reason


# The review page's buttons; which of them show follows services.TRANSITIONS.
_APPLICATION_HINT = gettext_lazy(
    "A reason is required to return or reject an application; the applicant receives it by e-mail."
)
BUTTONS = {
    Decision.Action.VERIFIED: DecisionButton("verify", gettext_lazy("Verify"), "btn-success", ""),
    Decision.Action.RETURNED: DecisionButton(
        "return", gettext_lazy("Return for changes"), "btn-warning", _APPLICATION_HINT
    ),
    Decision.Action.REJECTED: DecisionButton("reject", gettext_lazy("Reject"), "btn-danger", _APPLICATION_HINT),
    Decision.Action.SUSPENDED: DecisionButton(
        "suspend",
        gettext_lazy("Suspend"),
        "btn-danger",
        gettext_lazy("A reason is required to suspend an organisation."),
    ),
    Decision.Action.REINSTATED: DecisionButton("reinstate", gettext_lazy("Reinstate"), "btn-success", ""),
}
DECISIONS = {button.word: action for action, button in BUTTONS.items()}


@officer_required
def review(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("applicant"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = DECISIONS.get(request.POST.get("decision"))
        try:
            if action is None:
                raise ValidationError(_("Choose a decision."))
            services.organisation_decide(
                organisation=organisation, officer=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)  # the service's errors name the form's fields
        else:
            if services.TRANSITIONS[action].tells_applicant:
                messages.success(request, _("Decision recorded; the applicant has been told by e-mail."))
            else:
                messages.success(request, _("Decision recorded."))
            return redirect("organisations:review-queue")
    context = {
        "organisation": organisation,
        "reason_form": form,
        "decisions": organisation.decisions.select_related("officer"),
        "buttons": (buttons := [BUTTONS[action] for action in services.decisions_open(organisation)]),
        "hints": list(dict.fromkeys(button.hint for button in buttons if button.hint)),
        **selectors.organisation_area(organisation),
    }
    return render(request, "organisations/review.html", context, status=400 if form.errors else 200)


@login_required
def area(request, pk):
    """Members, roles, delivery sites and invitations; approvers invite (POST)."""
    organisation, membership = access.organisation_for(request, pk)
    is_manager = membership is not None and membership.can_approve
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not is_manager:
            raise PermissionDenied
        try:
            if "revoke" in request.POST:
                invitation = get_object_or_404(
                    organisation.invitations, pk=int(request.POST["revoke"]) if request.POST["revoke"].isdigit() else 0
                )
                services.member_invitation_revoke(invitation=invitation, revoked_by=request.user)
                messages.success(request, _("The invitation is withdrawn."))
                return redirect("organisations:area", pk)
            if form.is_valid():
                kind, address = form.cleaned_data["contact"]
                services.member_invite(
                    organisation=organisation,
                    invited_by=request.user,
                    language=get_language(),
                    **{kind: address},
                    **form.roles(),
                )
                messages.success(request, _("Invitation sent."))
                return redirect("organisations:area", pk)
        except ValidationError as error:
            form.add_error(None, error)  # the service's errors name the form's fields
    context = {
        "organisation": organisation,
        "is_manager": is_manager,
        "form": form,
        "active_tab": "organisation",
        **selectors.organisation_area(organisation),
    }
    return render(request, "organisations/area.html", context, status=400 if form.errors else 200)


@login_required
def site_edit(request, pk, site_pk=None):
    organisation = access.manager_of(request, pk)
    site = get_object_or_404(organisation.delivery_sites, pk=site_pk) if site_pk else None
    form = _address_form(DeliverySiteForm, request, instance=site)
    if form.is_bound and form.is_valid():
        try:
            services.delivery_site_save(site=form.instance, organisation=organisation, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)  # the service's errors name the form's fields
        else:
            messages.success(request, _("The delivery site %(name)s is saved.") % {"name": form.instance.name})
            return redirect("organisations:area", pk)
    context = {"organisation": organisation, "site": site, "form": form, "active_tab": "organisation"}
    return render(request, "organisations/site_form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def site_active(request, pk, site_pk):
    organisation = access.manager_of(request, pk)
    site = get_object_or_404(organisation.delivery_sites, pk=site_pk)
    active = request.POST.get("active") == "1"
    services.delivery_site_set_active(site=site, organisation=organisation, by=request.user, active=active)
    if active:
        messages.success(request, _("%(name)s takes deliveries again.") % {"name": site.name})
    else:
        messages.success(request, _("%(name)s no longer takes deliveries.") % {"name": site.name})
    return redirect("organisations:area", pk)


@require_POST
@login_required
def member(request, pk, member_pk):
    """An approver changes a member's roles, or removes them."""
    organisation = access.manager_of(request, pk)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=member_pk)
    form = RolesForm(request.POST)
    try:
        if "remove" in request.POST:
            services.membership_remove(membership=membership, by=request.user)
            messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
        elif form.is_valid():
            services.membership_change_roles(membership=membership, by=request.user, **form.roles())
            messages.success(request, _("The roles of %(name)s are saved.") % {"name": membership.user})
        else:
            for error in form.non_field_errors():
                messages.error(request, error)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("organisations:area", pk)


@login_required
def invitation_accept(request, token):
    if request.method == "POST":
        try:
            organisation = services.member_invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You are now a member of %(name)s.") % {"name": organisation.name})
            return redirect("organisations:area", organisation.pk)
    invitation = selectors.invitation_by_token(token)
    return render(request, "organisations/invitation.html", {"invitation": invitation})
