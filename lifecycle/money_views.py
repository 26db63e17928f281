"""The settlement pages that trigger or read lifecycle's money rules: refunds, bank transfers awaited, the
cases officers look at. They live here, above payments, because they call what lifecycle owns (money, receipts);
their URLs keep the payments namespace (lifecycle/payments_urls.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import is_officer, officer_required
from cooperatives.selectors import cooperatives_of_user
from fulfilment.models import OrderPart
from lifecycle import money, receipts
from payments import ledger
from payments.forms import RefundForm, RefundOwedForm, TransferForm
from payments.models import OrderPayment, PaymentCase, PaymentMethod, PaymentStatus
from payments.views import form_errors_text


@login_required
def refund_create(request, part_id):
    """Refund (part of) the goods of one cooperative's order part: its staff or an officer."""
    parts = OrderPart.objects.select_related("order__payment", "cooperative")
    if not is_officer(request.user):
        parts = parts.filter(cooperative__in=cooperatives_of_user(request.user))
    part = get_object_or_404(parts, pk=part_id)
    form = RefundForm(request.POST or None, initial={"amount": receipts.goods_refundable(part)})
    if request.method == "POST" and form.is_valid():
        try:
            refund = receipts.refund_goods(part=part, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(amount)s refunded.") % {"amount": ledger.vnd(refund.amount)})
            return redirect("dashboard:order-detail", number=part.order.number)
    context = {
        "form": form,
        "part": part,
        "refused": receipts.goods_refusal(part),
        "refundable": receipts.goods_refundable(part),
        "refunds": part.refunds.select_related("recorded_by"),
    }
    return render(request, "payments/refund_form.html", context)


def _transfer_rows():
    """Bank-transfer orders still awaiting money, each with its ``dues`` (a fixed number of queries)."""
    payments = list(
        OrderPayment.objects.filter(method=PaymentMethod.BANK_TRANSFER, status=PaymentStatus.AWAITING)
        .select_related("order")
        .order_by("order__date_placed")[:200]
    )
    dues = money.dues_for_orders(payment.order_id for payment in payments)
    for payment in payments:
        payment.dues = dues[payment.order_id]
    return [payment for payment in payments if payment.dues.due]


@officer_required
def transfers(request):
    """Bank transfers awaited on the market's account: officers record each amount that arrived."""
    if request.method == "POST":
        form = TransferForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form) + " " + _("Nothing was recorded."))
            return redirect("payments:transfers")
        data = dict(form.cleaned_data)
        payment = get_object_or_404(OrderPayment.objects.select_related("order"), pk=data.pop("payment"))
        try:
            receipts.transfer_record(order=payment.order, user=request.user, **data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            dues = money.order_dues(payment.order)
            messages.success(
                request,
                _("Transfer recorded for order %(number)s: %(state)s.")
                % {"number": payment.order.number, "state": money.describe_dues(dues)},
            )
        return redirect("payments:transfers")
    return render(request, "payments/transfers.html", {"payments": _transfer_rows()})


@officer_required
def cases(request):
    """What officers must look at: card payments that did not match, payments after expiry, refunds owed."""
    open_cases = PaymentCase.objects.filter(resolved_at=None).select_related("order", "stripe_event")[:200]
    orders = list(money.orders_maybe_owing_refunds()[:200])
    dues = money.dues_for_orders(order.pk for order in orders)
    owed = [(order, dues[order.pk]) for order in orders if dues[order.pk].refund_owed]
    return render(request, "payments/cases.html", {"cases": open_cases, "owed": owed})


@officer_required
def refund_owed(request, order_id):
    """An officer pays back what the buyer is owed on an order (cancelled goods, overpayment)."""
    payment = get_object_or_404(OrderPayment.objects.select_related("order"), order_id=order_id)
    order = payment.order
    dues = money.order_dues(order)
    form = RefundOwedForm(request.POST or None, initial={"amount": dues.refund_owed})
    if request.method == "POST" and form.is_valid():
        try:
            refund = receipts.refund_owed(order=order, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(amount)s refunded.") % {"amount": ledger.vnd(refund.amount)})
            return redirect("payments:cases")
    return render(request, "payments/refund_owed.html", {"form": form, "order": order, "dues": dues})
