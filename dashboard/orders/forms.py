"""Oscar's order dashboard forms; Oscar's get_class loader takes the classes here first, its own otherwise."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.core.loading import get_model

from fulfilment.models import OrderPart
from fulfilment.order_status import order_status_label

Order = get_model("order", "Order")

NO_PART_OF_YOURS = _("This order holds none of your cooperative's lines: you cannot write a note on it.")


class PartChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.cooperative.name


class OrderNoteForm(oscar_forms.OrderNoteForm):
    """Oscar's note form, with the part of the order a new note is about.

    ``parts`` are those the writer may act on (``fulfilment.selectors.order_parts_for_user``). An
    officer may choose one or none (the note is then for officers only). A cooperative's staff write
    about their own part; one who works for several cooperatives of the order chooses which, the first
    by cooperative name being selected. An edited note keeps its part, so the field is not offered.
    """

    def __init__(self, order, user, *args, parts=(), for_officer=False, **kwargs):
        super().__init__(order, user, *args, **kwargs)
        self.parts = list(parts)
        self.for_officer = for_officer
        if self.instance.pk is None and self.parts and (for_officer or len(self.parts) > 1):
            self.fields["part"] = PartChoiceField(
                label=_("About the part of"),
                queryset=OrderPart.objects.filter(pk__in=[part.pk for part in self.parts])
                .select_related("cooperative")
                .order_by("cooperative__name"),
                required=not for_officer,
                empty_label=_("The whole order (officers only)") if for_officer else None,
                initial=None if for_officer else self.parts[0].pk,
            )

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None and "part" not in self.fields and not self.for_officer:
            if not self.parts:
                raise ValidationError(NO_PART_OF_YOURS, code="no_part")
            cleaned_data["part"] = self.parts[0]
        return cleaned_data


class OrderSearchForm(oscar_forms.OrderSearchForm):
    """Oscar's order search, each status offered in words (Oscar offers its bare codes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "---------")] + order_status_choices(Order.all_statuses())


def order_status_choices(statuses):
    return [(status, order_status_label(status)) for status in statuses]
