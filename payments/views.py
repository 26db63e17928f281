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
from payments import exports, ledger, services
from payments.forms import CommissionRateForm, PayoutForm, PeriodForm
from payments.models import CommissionRate, PaymentCase, Payout

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
