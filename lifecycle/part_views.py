"""The staff actions on one part of an order that trigger lifecycle transitions (a part's status, the cash
collected). They live here, above fulfilment, because they call the transitions lifecycle owns; their URLs keep
the fulfilment namespace (lifecycle/fulfilment_urls.py)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from fulfilment.forms import CashForm, OrderPartStatusForm
from fulfilment.models import OrderPart
from lifecycle import parts as lifecycle
from lifecycle import receipts

PART_REFUSED = gettext_lazy("You can only change your own cooperative's part of an order. Nothing was changed.")


class PartActionView(LoginRequiredMixin, View):
    """A cooperative's staff (or an officer) act on one part of an order through the order lifecycle,
    from the order's dashboard page, and go back there with what happened."""

    form_class = None
    invalid_message = ""

    def act(self, part, data) -> str:
        raise NotImplementedError

    def post(self, request, pk):
        part = get_object_or_404(OrderPart.objects.select_related("order", "cooperative__partner"), pk=pk)
        back = reverse("dashboard:order-detail", kwargs={"number": part.order.number}) + "#parts"
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, self.invalid_message)
            return redirect(back)
        try:
            done = self.act(part, form.cleaned_data)
        except PermissionDenied:
            messages.error(request, PART_REFUSED)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(back)


class OrderPartStatusView(PartActionView):
    """Move one part of an order to its next status (officers: any part; staff: their cooperative's)."""

    form_class = OrderPartStatusForm
    invalid_message = gettext_lazy("Choose the new status of the part. Nothing was changed.")

    def act(self, part, data):
        part = lifecycle.part_move(part=part, status=data["status"], user=self.request.user, reason=data["reason"])
        return _("The part of %(cooperative)s is now “%(status)s”.") % {
            "cooperative": part.cooperative.name,
            "status": part.get_status_display(),
        }


class PartCashView(PartActionView):
    """Cash on delivery: the part's cooperative records the cash its shipper collected (or why not)."""

    form_class = CashForm
    invalid_message = gettext_lazy("Enter the cash collected in whole đồng. Nothing was recorded.")

    def act(self, part, data):
        receipts.cash_record(part=part, user=self.request.user, **data)
        return _("The cash for the part of %(cooperative)s is recorded.") % {"cooperative": part.cooperative.name}
