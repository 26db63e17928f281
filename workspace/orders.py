"""The workspace's orders: the cooperative's order parts, one part's page, and the moves on it.

Every move goes through the order lifecycle (``lifecycle.parts.part_move``, ``lifecycle.receipts``);
a page only ever shows the steps the pipeline allows. Moves are POSTed, then redirect back to the
part's page with a message (no JavaScript needed).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.params import parse_id, parse_int
from contracts import shortfalls
from contracts.placing import ContractDelivery
from contracts.standing_orders import parse_quantity
from fulfilment import cooperative_parts
from fulfilment.forms import CashForm
from fulfilment.models import OrderPart
from fulfilment.part_forms import PartMoveForm
from lifecycle import parts as lifecycle
from lifecycle import receipts
from payments.ledger import vnd

from .access import workspace_view

PER_PAGE = 20
Status = OrderPart.Status
MOVED = {
    Status.CONFIRMED: gettext_lazy("Order %(number)s is confirmed. Next: hand it to the shipper."),
    Status.SHIPPED: gettext_lazy("Order %(number)s is with the shipper."),
    Status.DELIVERED: gettext_lazy("Order %(number)s is delivered."),
    Status.CANCELLED: gettext_lazy("Your part of order %(number)s is cancelled. The buyer is told why."),
}
MOVED_PICKUP = {
    **MOVED,
    Status.SHIPPED: gettext_lazy("Order %(number)s is ready: the buyer is told to come and pick it up."),
    Status.DELIVERED: gettext_lazy("Order %(number)s was picked up by the buyer."),
}
MOVE_NOT_UNDERSTOOD = gettext_lazy("Choose the next step of the order. Nothing was changed.")
CASH_NOT_UNDERSTOOD = gettext_lazy("Enter the cash collected in whole đồng. Nothing was recorded.")


def _own_part(cooperative, pk):
    """The cooperative's own part ``pk``: another cooperative's part, like a missing one, is 404."""
    if parse_id(str(pk)) is None:
        raise Http404
    part = cooperative_parts.parts_of(cooperative).filter(pk=pk).first()
    if part is None:
        raise Http404
    return part


@workspace_view
def index(request):
    chosen = request.GET.get("status", "")
    chosen = chosen if chosen in cooperative_parts.FILTERS else ""
    # An order placed under a contract is marked with its name (joined: no query more).
    parts = cooperative_parts.parts_filtered(request.cooperative, chosen).select_related(
        "order__standing_order__linkage_model"
    )
    page = Paginator(parts, PER_PAGE).get_page(parse_int(request.GET.get("page"), minimum=1, maximum=10**6) or 1)
    counts = cooperative_parts.part_counts(request.cooperative)
    tabs = [
        {"value": name, "label": cooperative_parts.FILTER_LABELS[name], "count": counts[name or "all"]}
        for name in ("", *cooperative_parts.FILTERS)
    ]
    context = {
        "active": "orders",
        "chosen": chosen,
        "tabs": tabs,
        "page": page,
        "parts": cooperative_parts.with_row_facts(page.object_list),
    }
    return render(request, "workspace/orders/index.html", context)


@workspace_view
def part_detail(request, pk):
    if parse_id(str(pk)) is None:
        raise Http404
    try:
        part = cooperative_parts.part_for_page(request.cooperative, pk)
    except OrderPart.DoesNotExist:
        raise Http404 from None
    # Only a contract order (delivered under its contract) has contract lines: others skip the query.
    is_contract_order = part.order.shipping_code == ContractDelivery.code
    contract_lines = list(shortfalls.contract_lines_of_part(part)) if is_contract_order else []
    context = {
        "active": "orders",
        "part": part,
        "contract_lines": contract_lines,
        "contract": contract_lines[0].standing_order.linkage_model if contract_lines else None,
    }
    return render(request, "workspace/orders/part.html", context)


@workspace_view
@require_POST
def part_shortfall(request, pk):
    """A contract order shipped short: how much less of one contract line, and why."""
    part = _own_part(request.cooperative, pk)
    try:
        shortfalls.shortfall_record(
            part=part,
            line_id=parse_id(request.POST.get("line", "")),
            shortfall=parse_quantity(request.POST.get("shortfall", "")),
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The shortfall is recorded; the buyer sees it with its reason."))
    return redirect("workspace:order-part", pk=part.pk)


@workspace_view
@require_POST
def part_move(request, pk):
    part = _own_part(request.cooperative, pk)
    form = PartMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0] if "reason" in form.errors else MOVE_NOT_UNDERSTOOD)
        return redirect("workspace:order-part", pk=part.pk)
    data = form.cleaned_data
    try:
        lifecycle.part_move(
            part=part, status=data["status"], user=request.user, reason=data["reason"], seen_status=data["seen_status"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        moved = MOVED_PICKUP if part.is_pickup else MOVED
        messages.success(request, moved[data["status"]] % {"number": part.order.number})
    return redirect("workspace:order-part", pk=part.pk)


@workspace_view
@require_POST
def part_cash(request, pk):
    """Cash on delivery: the cash the shipper collected for a delivered part (or 0 and why)."""
    part = _own_part(request.cooperative, pk)
    form = CashForm(request.POST)
    if not form.is_valid():
        messages.error(request, CASH_NOT_UNDERSTOOD)
        return redirect("workspace:order-part", pk=part.pk)
    try:
        receipt = receipts.cash_record(part=part, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(amount)s in cash recorded for order %(number)s.")
            % {"amount": vnd(receipt.amount), "number": part.order.number},
        )
    return redirect("workspace:order-part", pk=part.pk)


urlpatterns = [
    path("orders/", index, name="orders"),
    path("orders/<int:pk>/", part_detail, name="order-part"),
    path("orders/<int:pk>/move/", part_move, name="order-part-move"),
    path("orders/<int:pk>/cash/", part_cash, name="order-part-cash"),
    path("orders/<int:pk>/shortfall/", part_shortfall, name="order-part-shortfall"),
]
