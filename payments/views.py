"""Settlement pages: a cooperative's statement; payouts and the commission rate for officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_officer, officer_required
from common.params import id_or_404, parse_id
from cooperatives.models import Cooperative
from cooperatives.selectors import cooperatives_of_user
from fulfilment.models import OrderPart
from lifecycle import money, receipts
from payments import exports, ledger, services
from payments.forms import CommissionRateForm, PayoutForm, PeriodForm, RefundForm, RefundOwedForm, TransferForm
from payments.models import CommissionRate, OrderPayment, PaymentCase, PaymentMethod, PaymentStatus, Payout

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.statement_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.statement_xlsx),
}


def form_errors_text(form) -> str:
    """A form's errors as one sentence a person reads in a message: "Amount received (VND): …"."""
    return " ".join(
        f"{form.fields[name].label or name}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    )


def statement_cooperative(request):
    """The cooperative whose statement ``request`` may see: an officer any, staff only their own."""
    visible = Cooperative.objects.all() if is_officer(request.user) else cooperatives_of_user(request.user)
    chosen = request.GET.get("cooperative")
    if chosen:
        cooperative = visible.filter(pk=id_or_404(chosen)).first()
        if cooperative is None:
            raise Http404  # someone else's statement: as if it did not exist
        return cooperative
    if is_officer(request.user):
        return None
    cooperative = visible.first()
    if cooperative is None:
        raise PermissionDenied
    return cooperative


@login_required
def statement(request):
    cooperative = statement_cooperative(request)
    if cooperative is None:  # an officer without a choice: every cooperative's balance
        balances = list(Cooperative.objects.annotate(owed=Sum("ledger_entries__amount")).order_by("name"))
        for row in balances:
            row.owed = row.owed or 0
            row.owes_market = -row.owed
        return render(request, "payments/balances.html", {"cooperatives": balances})
    period = PeriodForm(request.GET or None)
    dates = period.cleaned_data if period.is_valid() else {}
    result = ledger.statement(cooperative, start=dates.get("start"), end=dates.get("end"))
    export = request.GET.get("format")
    if export in EXPORTS:
        content_type, render_export = EXPORTS[export]
        response = HttpResponse(render_export(result), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="statement-{cooperative.pk}.{export}"'
        return response
    return render(request, "payments/statement.html", {"statement": result, "period": period})


@officer_required
def payout_create(request):
    form = PayoutForm(request.POST or None, initial={"cooperative": parse_id(request.GET.get("cooperative"))})
    if request.method == "POST" and form.is_valid():
        try:
            payout = ledger.payout_record(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Payout %(reference)s recorded.") % {"reference": payout.bank_reference})
            return redirect(f"{reverse('payments:statement')}?cooperative={payout.cooperative_id}")
    payouts = Payout.objects.select_related("cooperative", "recorded_by")[:50]
    return render(request, "payments/payout_form.html", {"form": form, "payouts": payouts})


@officer_required
def commission(request):
    form = CommissionRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The commission rate was saved."))
        return redirect(request.path)
    return render(request, "payments/commission.html", {"form": form, "rates": CommissionRate.objects.all()})


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


@officer_required
@require_POST
def case_resolve(request, pk):
    """An officer closes a payment case with what was done."""
    case = get_object_or_404(PaymentCase, pk=pk)
    try:
        services.payment_case_resolve(case=case, user=request.user, resolution=request.POST.get("resolution", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case of order %(number)s is closed.") % {"number": case.order.number})
    return redirect("payments:cases")
