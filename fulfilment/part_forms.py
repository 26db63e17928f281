"""The workspace's form to move an order part on (workspace/orders.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fulfilment.models import OrderPart

Status = OrderPart.Status


class PartMoveForm(forms.Form):
    """The step the person chose, the status their page showed (so a page opened before someone else
    moved the part moves nothing), and, to cancel, why: the buyer is told the reason."""

    status = forms.ChoiceField(choices=Status.choices)
    seen_status = forms.ChoiceField(choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False, strip=True)

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.CANCELLED and not data.get("reason"):
            self.add_error("reason", _("Write the reason for cancelling: the buyer reads it. Nothing was changed."))
        return data
