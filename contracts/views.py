"""The organisation's contract pages (in its area): the list with the offers to answer, one contract's
history. The cooperative's are in the workspace (workspace/contracts.py); both answer through here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import officer_required
from organisations import access

from . import changes, progress, selectors, services, standing_orders
from .forms import LineFormSet, OfferForm, terms_from
from .models import ContractVersion

PER_PAGE = 50


def list_page(request, linkage_models) -> dict:
    """One page of a contract list (only those behind with ?behind=1), for the template: its rows are
    (contract, version in force, offer awaiting an answer, behind)."""
    behind_only = request.GET.get("behind") == "1"
    if behind_only:
        linkage_models = linkage_models.filter(pk__in=progress.behind_among(linkage_models))
    page = Paginator(linkage_models, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(model, *selectors.in_force_and_offer(model)) for model in page.object_list]
    behind = progress.behind_ids(current for _model, current, _offer in rows)
    return {
        "page": page,
        "rows": [(model, current, offer, model.pk in behind) for model, current, offer in rows],
        "behind_only": behind_only,
        "behind_percent": progress.BEHIND_BELOW_PERCENT,
    }


def progress_context(history) -> dict:
    """The contract's progress table, from its history (the version in force with its lines)."""
    current = next((version for version, _changes in history if version.state == ContractVersion.State.ACCEPTED), None)
    return {"progress": progress.progress_of(current), "behind_percent": progress.BEHIND_BELOW_PERCENT}


def _active_sites(organisation):
    return list(organisation.delivery_sites.filter(is_active=True).order_by("name"))


def _ids(values) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def answer_offer(request, version: ContractVersion) -> None:
    """Accept or decline (POST "answer"), or withdraw one's own offer, with the outcome told as a message;
    the service decides who may."""
    try:
        if request.POST.get("answer") == "accept":
            # Only the buyer names sites (the service ignores them from a cooperative).
            chosen = _ids(request.POST.getlist("delivery_sites"))
            sites = list(version.organisation.delivery_sites.filter(pk__in=chosen)) if version.organisation_id else []
            services.contract_accept(version=version, by=request.user, delivery_sites=sites)
            messages.success(request, _("The offer is accepted: this version is now in force."))
        elif request.POST.get("answer") == "decline":
            services.contract_decline(version=version, by=request.user, reason=request.POST.get("reason", "")[:2000])
            messages.success(request, _("The offer is declined."))
        elif request.POST.get("answer") == "withdraw":
            services.contract_withdraw(version=version, by=request.user)
            messages.success(request, _("The offer is withdrawn."))
        else:
            messages.error(request, _("Choose to accept or to decline the offer."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


@login_required
def organisation_contracts(request, pk):
    organisation, membership = access.organisation_for(request, pk)
    context = {
        **list_page(request, selectors.contracts_of_organisation(organisation)),
        "organisation": organisation,
        "may_answer": membership is not None and membership.can_approve,
        "organisation_sites": _active_sites(organisation),
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
    history = changes.versions_with_changes(selectors.history(contract))
    context = {
        "organisation": organisation,
        "contract": contract,
        "history": history,
        **progress_context(history),
        "may_answer": membership is not None and membership.can_approve,
        "organisation_sites": _active_sites(organisation),
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


def show_errors(form, error: ValidationError) -> None:
    """The service's errors beside the fields they name; the others (lines, sites) above the form."""
    named = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for key, texts in named:
        form.add_error(key if key in form.fields else None, texts)


def initial_from(version) -> dict | None:
    """A change starts from the version in force."""
    if version is None:
        return None
    fields = ("start", "end", "period", "delivery_weekdays", "cutoff_days", "cutoff_time", "payment_days")
    return {field: getattr(version, field) for field in fields} | {
        "quality_terms": version.quality_terms,
        "delivery_sites": list(version.delivery_sites.all()),
        "areas": list(version.areas.all()),
    }


@login_required
def organisation_change(request, pk, contract_pk):
    """An approver offers a change; the contract's cooperatives and products stay those in force."""
    organisation, membership = access.organisation_for(request, pk)
    if membership is None or not membership.can_approve:
        raise PermissionDenied
    contract = _organisation_contract(organisation, contract_pk)
    current = services.in_force(contract)
    if current is None:
        raise PermissionDenied
    cooperatives = list(current.cooperatives.all())
    sent = request.method == "POST"
    form = OfferForm(
        request.POST if sent else None,
        request.FILES if sent else None,
        cooperative=contract.lead_cooperative,
        change=True,
        organisation=organisation,
        initial=initial_from(current),
    )
    products = services.products_of_cooperatives(cooperatives)
    lines = LineFormSet(request.POST if sent else None, form_kwargs={"products": products}, prefix="lines")
    if sent and form.is_valid() and lines.is_valid():
        terms = terms_from(form, lines, cooperative=contract.lead_cooperative)
        terms.cooperatives = cooperatives
        try:
            services.contract_change_offer(by=request.user, linkage_model=contract, terms=terms)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The offer is sent: the cooperative accepts or declines it."))
            return redirect("contracts:organisation-contract", pk, contract.pk)
    context = {"organisation": organisation, "contract": contract, "form": form, "lines": lines}
    return render(request, "contracts/organisation_change.html", context, status=400 if sent else 200)


def paper_response(version: ContractVersion) -> FileResponse:
    """The signed paper, downloaded (never opened in the site's origin), named after its content."""
    if not version.signed_paper:
        raise Http404
    response = FileResponse(
        version.signed_paper.open("rb"), as_attachment=True, filename=version.signed_paper.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def organisation_paper(request, pk, contract_pk, version_pk):
    organisation, _membership = access.organisation_for(request, pk)
    contract = _organisation_contract(organisation, contract_pk)
    return paper_response(get_object_or_404(contract.versions, pk=version_pk))


@officer_required
def officer_contracts(request):
    """Officers read every contract, with its version in force and the offer awaiting an answer."""
    return render(request, "contracts/officer_contracts.html", list_page(request, selectors.all_contracts()))


@officer_required
def officer_contract(request, contract_pk):
    contract = get_object_or_404(selectors.all_contracts().prefetch_related(None), pk=contract_pk)
    history = changes.versions_with_changes(selectors.history(contract))
    context = {"contract": contract, "history": history, **progress_context(history)}
    return render(request, "contracts/officer_contract.html", context)


@officer_required
def officer_paper(request, contract_pk, version_pk):
    return paper_response(get_object_or_404(ContractVersion, linkage_model_id=contract_pk, pk=version_pk))


@login_required
def organisation_deliveries(request, pk, contract_pk):
    """The contract's upcoming deliveries (standing orders); a member who places orders changes the
    quantities of one until its cut-off (POST "standing_order" and "line-<id>" fields)."""
    organisation, membership = access.organisation_for(request, pk)
    contract = _organisation_contract(organisation, contract_pk)
    may_change = membership is not None and membership.can_order
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        row = get_object_or_404(contract.standing_orders, pk=request.POST.get("standing_order") or 0)
        try:
            quantities = {
                int(key.removeprefix("line-")): standing_orders.parse_quantity(value)
                for key, value in request.POST.items()
                if key.startswith("line-") and key.removeprefix("line-").isdigit()
            }
            standing_orders.standing_order_change(standing_order=row, by=request.user, quantities=quantities)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The quantities of this delivery are changed."))
        return redirect("contracts:organisation-deliveries", pk, contract.pk)
    context = {
        "organisation": organisation,
        "contract": contract,
        "deliveries": standing_orders.upcoming_of(contract),
        "may_change": may_change,
        "now": timezone.now(),
        "active_tab": "organisation",
    }
    return render(request, "contracts/organisation_deliveries.html", context)
