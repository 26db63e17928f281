"""Settlement pages: a cooperative's statement; payouts and the commission rate for officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative
from cooperatives.selectors import cooperatives_of_user
from cooperatives.services import is_officer
from fulfilment.models import OrderPart
from payments import exports, ledger, refunds, services
from payments.forms import CommissionRateForm, PayoutForm, PeriodForm, RefundForm
from payments.models import CommissionRate, OrderPayment, PaymentMethod, PaymentStatus, Payout

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.statement_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.statement_xlsx),
}


def officer_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def statement_cooperative(request):
    """The cooperative whose statement ``request`` may see: an officer any, staff only their own."""
    visible = Cooperative.objects.all() if is_officer(request.user) else cooperatives_of_user(request.user)
    chosen = request.GET.get("cooperative")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        cooperative = visible.filter(pk=chosen).first()
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
        balances = Cooperative.objects.annotate(owed=Sum("ledger_entries__amount")).order_by("name")
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
    form = PayoutForm(request.POST or None, initial={"cooperative": request.GET.get("cooperative")})
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
    """Refund (part of) one cooperative's order part: its staff or an officer."""
    parts = OrderPart.objects.select_related("order", "cooperative")
    if not is_officer(request.user):
        parts = parts.filter(cooperative__in=cooperatives_of_user(request.user))
    part = get_object_or_404(parts, pk=part_id)
    form = RefundForm(request.POST or None, initial={"amount": refunds.refundable_total(part)})
    if request.method == "POST" and form.is_valid():
        try:
            refund = refunds.order_part_refund(part=part, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(amount)s refunded.") % {"amount": ledger.vnd(refund.amount)})
            return redirect("dashboard:order-detail", number=part.order.number)
    context = {
        "form": form,
        "part": part,
        "refused": refunds.refusal_reason(part),
        "refundable": refunds.refundable_total(part),
        "refunds": part.refunds.select_related("recorded_by"),
    }
    return render(request, "payments/refund_form.html", context)


@officer_required
def transfers(request):
    """Bank transfers awaited on the market's account; officers mark each one received."""
    if request.method == "POST":
        payment = get_object_or_404(OrderPayment, pk=request.POST.get("payment"))
        try:
            services.bank_transfer_mark_received(
                payment=payment, reference=request.POST.get("reference", ""), user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Order %(number)s is paid.") % {"number": payment.order.number})
        return redirect("payments:transfers")
    awaited = (
        OrderPayment.objects.filter(method=PaymentMethod.BANK_TRANSFER, status=PaymentStatus.AWAITING)
        .select_related("order")
        .order_by("order__date_placed")
    )
    return render(request, "payments/transfers.html", {"payments": awaited[:200]})
