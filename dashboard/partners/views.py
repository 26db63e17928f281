from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from oscar.apps.dashboard.partners import views


class PartnerManageView(views.PartnerManageView):
    """Oscar's partner page: shown to whoever may view partners, saved only by whoever may change them
    (a view-only officer reads a cooperative's partner record and cannot rename it)."""

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("partner.change_partner"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


class PartnerDeleteView(views.PartnerDeleteView):
    """A cooperative's partner record cannot go while the cooperative, its orders or its ledger need
    it: the page says so instead of failing."""

    def form_valid(self, form):
        # Django's DeleteView asks for the success URL (where Oscar writes its "deleted" message)
        # before deleting: here the message follows what happened.
        try:
            with transaction.atomic():
                self.object.delete()
        except ProtectedError:
            messages.error(
                self.request,
                _("%(partner)s cannot be deleted: a cooperative, its orders or its statement still use it.")
                % {"partner": self.object.name},
            )
            return redirect("dashboard:partner-manage", pk=self.object.pk)
        return redirect(self.get_success_url())
