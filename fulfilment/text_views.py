"""Officers read the SMS sent to buyers about their orders (fulfilment/texts.py): which went, which failed and why."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.roles import officer_required
from fulfilment import selectors
from fulfilment.models import BuyerText

TEXTS_PER_PAGE = 50


class BuyerTextFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + BuyerText.Status.choices)
    order = forms.CharField(label=_("Order number"), required=False, max_length=128)


@officer_required
def buyer_texts(request):
    form = BuyerTextFilterForm(request.GET)
    # An unknown status lists nothing and the form says why, rather than listing everything.
    texts = selectors.buyer_texts(**_filters(form)) if form.is_valid() else BuyerText.objects.none()
    page = Paginator(texts, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "fulfilment/buyer_texts.html",
        {"form": form, "page_obj": page, "paginator": page.paginator, "texts": page.object_list},
    )


def _filters(form) -> dict:
    return {"status": form.cleaned_data["status"], "order_number": form.cleaned_data["order"].strip()}
