"""The workspace's contract pages: the cooperative's own contracts (each with the version in force and
the offer awaiting an answer), one contract's history, answering a buyer's offer. Only ever contracts
the signed-in staff member's cooperative is a party to."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from contracts import changes, selectors
from contracts.views import answer_offer, list_page

from .access import workspace_view


def _own_contract(request, pk):
    return get_object_or_404(selectors.contracts_of_cooperative(request.cooperative), pk=pk)


@workspace_view
def index(request):
    page, rows = list_page(request, selectors.contracts_of_cooperative(request.cooperative))
    context = {"page": page, "rows": rows, "active": "more"}
    return render(request, "workspace/contracts/index.html", context)


@workspace_view
def contract(request, pk):
    linkage_model = _own_contract(request, pk)
    context = {
        "contract": linkage_model,
        "history": changes.versions_with_changes(selectors.history(linkage_model)),
        "active": "more",
    }
    return render(request, "workspace/contracts/contract.html", context)


@require_POST
@workspace_view
def answer(request, pk, version_pk):
    linkage_model = _own_contract(request, pk)
    answer_offer(request, get_object_or_404(linkage_model.versions, pk=version_pk))
    return redirect("workspace:contract", linkage_model.pk)


urlpatterns = [
    path("contracts/", index, name="contracts"),
    path("contracts/<int:pk>/", contract, name="contract"),
    path("contracts/<int:pk>/versions/<int:version_pk>/answer/", answer, name="contract-answer"),
]
