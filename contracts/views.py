"""The organisation's contract pages (in its area): the list with the offers to answer, one contract's
history. The cooperative's are in the workspace (workspace/contracts.py); both answer through here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import access

from . import changes, selectors, services
from .models import ContractVersion

PER_PAGE = 50


def list_page(request, linkage_models):
    """One page of a contract list, and its rows: (contract, version in force, offer awaiting an answer)."""
    page = Paginator(linkage_models, PER_PAGE).get_page(request.GET.get("page"))
    return page, [(model, *selectors.in_force_and_offer(model)) for model in page.object_list]


def answer_offer(request, version: ContractVersion) -> None:
    """Accept or decline (POST "answer"), with the outcome told as a message; the service decides who may."""
    try:
        if request.POST.get("answer") == "accept":
            services.contract_accept(version=version, by=request.user)
            messages.success(request, _("The offer is accepted: this version is now in force."))
        elif request.POST.get("answer") == "decline":
            services.contract_decline(version=version, by=request.user, reason=request.POST.get("reason", "")[:2000])
            messages.success(request, _("The offer is declined."))
        else:
            messages.error(request, _("Choose to accept or to decline the offer."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


@login_required
def organisation_contracts(request, pk):
    organisation, membership = access.organisation_for(request, pk)
    page, rows = list_page(request, selectors.contracts_of_organisation(organisation))
    context = {
        "organisation": organisation,
        "page": page,
        "rows": rows,
        "may_answer": membership is not None and membership.can_approve,
        "active_tab": "organisation",
    }
    return render(request, "contracts/organisation_contracts.html", context)


def _organisation_contract(organisation, contract_pk):
    return get_object_or_404(
        selectors.contracts_of_organisation(organisation).select_related(None).prefetch_related(None),
        pk=contract_pk,
    )


@login_required
def organisation_contract(request, pk, contract_pk):
    organisation, membership = access.organisation_for(request, pk)
    contract = _organisation_contract(organisation, contract_pk)
    context = {
        "organisation": organisation,
        "contract": contract,
        "history": changes.versions_with_changes(selectors.history(contract)),
        "may_answer": membership is not None and membership.can_approve,
        "active_tab": "organisation",
    }
    return render(request, "contracts/organisation_contract.html", context)


@require_POST
@login_required
def organisation_answer(request, pk, contract_pk, version_pk):
    organisation, membership = access.organisation_for(request, pk)
    if membership is None or not membership.can_approve:
        raise PermissionDenied
    contract = _organisation_contract(organisation, contract_pk)
    version = get_object_or_404(contract.versions, pk=version_pk, organisation=organisation)
    answer_offer(request, version)
    return redirect("contracts:organisation-contract", pk, contract.pk)
