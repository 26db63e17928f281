"""The workspace's contract pages: the cooperative's own contracts (each with the version in force and
the offer awaiting an answer), one contract's history, answering a buyer's offer. Only ever contracts
the signed-in staff member's cooperative is a party to."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts import changes, selectors, services
from contracts.forms import LineFormSet, OfferForm, terms_from
from contracts.views import answer_offer, initial_from, list_page, paper_response, progress_context, show_errors
from valuechains.selectors import products_of

from .access import workspace_view


def _own_contract(request, pk):
    return get_object_or_404(selectors.contracts_of_cooperative(request.cooperative), pk=pk)


@workspace_view
def index(request):
    context = {**list_page(request, selectors.contracts_of_cooperative(request.cooperative)), "active": "more"}
    return render(request, "workspace/contracts/index.html", context)


@workspace_view
def contract(request, pk):
    linkage_model = _own_contract(request, pk)
    history = changes.versions_with_changes(selectors.history(linkage_model))
    context = {"contract": linkage_model, "history": history, **progress_context(history), "active": "more"}
    return render(request, "workspace/contracts/contract.html", context)


@require_POST
@workspace_view
def answer(request, pk, version_pk):
    linkage_model = _own_contract(request, pk)
    answer_offer(request, get_object_or_404(linkage_model.versions, pk=version_pk))
    return redirect("workspace:contract", linkage_model.pk)


def _offer_page(request, *, linkage_model=None, initial=None, organisation=None):
    cooperative = request.cooperative
    sent = request.method == "POST"
    form = OfferForm(
        request.POST if sent else None,
        request.FILES if sent else None,
        cooperative=cooperative,
        change=linkage_model is not None,
        organisation=organisation,
        initial=initial,
    )
    lines = LineFormSet(
        request.POST if sent else None, form_kwargs={"products": products_of(cooperative)}, prefix="lines"
    )
    if sent and form.is_valid() and lines.is_valid():
        terms = terms_from(form, lines, cooperative=cooperative)
        try:
            if linkage_model is None:
                version = services.contract_offer(
                    by=request.user,
                    name=form.cleaned_data["name"],
                    lead_cooperative=cooperative,
                    organisation=form.cleaned_data["organisation"],
                    terms=terms,
                )
            else:
                version = services.contract_change_offer(
                    by=request.user,
                    linkage_model=linkage_model,
                    terms=terms,
                    organisation=form.cleaned_data.get("organisation"),
                )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The offer is sent: the buyer accepts or declines it."))
            return redirect("workspace:contract", version.linkage_model_id)
    context = {"form": form, "lines": lines, "contract": linkage_model, "active": "more"}
    return render(request, "workspace/contracts/offer.html", context, status=400 if sent else 200)


@workspace_view
def offer(request):
    return _offer_page(request)


@workspace_view
def change(request, pk):
    linkage_model = _own_contract(request, pk)
    initial = initial_from(services.in_force(linkage_model))
    return _offer_page(
        request, linkage_model=linkage_model, initial=initial, organisation=services.buyer_of(linkage_model)
    )


@workspace_view
def paper(request, pk, version_pk):
    return paper_response(get_object_or_404(_own_contract(request, pk).versions, pk=version_pk))


urlpatterns = [
    path("contracts/<int:pk>/versions/<int:version_pk>/paper/", paper, name="contract-paper"),
    path("contracts/offer/", offer, name="contract-offer"),
    path("contracts/<int:pk>/change/", change, name="contract-change"),
    path("contracts/", index, name="contracts"),
    path("contracts/<int:pk>/", contract, name="contract"),
    path("contracts/<int:pk>/versions/<int:version_pk>/answer/", answer, name="contract-answer"),
]
