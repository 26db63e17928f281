"""A business buyer offers a brand-new contract to a cooperative of its choosing (its approvers only).

Two steps on one page, without scripts: choose the cooperative (a GET form), then the terms, with that
cooperative's products and the buyer's own delivery sites. The cooperative accepts or declines in its
workspace; the rules are the service's (contracts.services.contract_offer)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Cooperative
from organisations import access

from . import services
from .forms import LineFormSet, OfferForm, terms_from
from .views import show_errors


class CooperativeChoiceForm(forms.Form):
    cooperative = forms.ModelChoiceField(
        label=gettext_lazy("Cooperative"),
        queryset=Cooperative.objects.filter(status=Cooperative.Status.VERIFIED).order_by("name"),
        empty_label=gettext_lazy("Choose a cooperative"),
    )


@login_required
def organisation_offer(request, pk):
    organisation, membership = access.organisation_for(request, pk)
    if membership is None or not membership.can_approve:
        raise PermissionDenied
    choice = CooperativeChoiceForm(request.GET or None)
    if not choice.is_valid():
        context = {"organisation": organisation, "choice": choice}
        return render(request, "contracts/organisation_offer.html", context, status=400 if request.GET else 200)
    cooperative = choice.cleaned_data["cooperative"]
    sent = request.method == "POST"
    data, files = (request.POST, request.FILES) if sent else (None, None)
    form = OfferForm(data, files, cooperative=cooperative, organisation=organisation)
    del form.fields["organisation"]  # the buyer is the one offering
    products = services.products_of_cooperatives([cooperative])
    lines = LineFormSet(data, form_kwargs={"products": products}, prefix="lines")
    if sent and form.is_valid() and lines.is_valid():
        try:
            version = services.contract_offer(
                by=request.user,
                name=form.cleaned_data["name"],
                lead_cooperative=cooperative,
                organisation=organisation,
                terms=terms_from(form, lines, cooperative=cooperative),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The offer is sent: the cooperative accepts or declines it."))
            return redirect("contracts:organisation-contract", pk, version.linkage_model_id)
    context = {"organisation": organisation, "choice": choice, "cooperative": cooperative, "form": form, "lines": lines}
    return render(request, "contracts/organisation_offer.html", context, status=400 if sent else 200)
