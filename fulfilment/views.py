from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from cooperatives.selectors import cooperatives_of_user
from fulfilment.forms import DeliveryOptionsForm


class DeliveryOptionsView(LoginRequiredMixin, View):
    """A cooperative's staff set how buyers get their produce: delivery with a fee, pickup, or both."""

    template_name = "fulfilment/delivery_options.html"

    def get_cooperative(self):
        # Only the user's own cooperatives: another cooperative's options answer 404.
        own = cooperatives_of_user(self.request.user)
        if "pk" in self.kwargs:
            return get_object_or_404(own, pk=self.kwargs["pk"])
        cooperative = own.first()
        if cooperative is None:
            raise PermissionDenied
        return cooperative

    def get(self, request, **kwargs):
        cooperative = self.get_cooperative()
        return self.render(DeliveryOptionsForm(instance=cooperative))

    def post(self, request, **kwargs):
        cooperative = self.get_cooperative()
        form = DeliveryOptionsForm(request.POST, instance=cooperative)
        if not form.is_valid():
            return self.render(form, status=400)
        form.save()
        messages.success(request, _("Delivery options saved."))
        return redirect("fulfilment:delivery-options-of", pk=cooperative.pk)

    def render(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "cooperative": form.instance}, status=status)
