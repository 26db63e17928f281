from django.core.exceptions import PermissionDenied
from oscar.apps.dashboard.partners import views


class PartnerManageView(views.PartnerManageView):
    """Oscar's partner page: shown to whoever may view partners, saved only by whoever may change them
    (a view-only officer reads a cooperative's partner record and cannot rename it)."""

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("partner.change_partner"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)
