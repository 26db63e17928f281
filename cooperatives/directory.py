"""The cooperative directory's filter form (GET parameters above the list)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.models import Certification
from regions.models import AdministrativeUnit, Level

from .models import Cooperative

Category = get_model("catalogue", "Category")


class _CommuneField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.full_name


class _CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        # Indented by depth; Oscar's full_name would query each category's ancestors.
        return "– " * (category.depth - 1) + category.name


class DirectoryFilterForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"), queryset=None, required=False, empty_label=_("All districts")
    )
    commune = _CommuneField(label=_("Commune"), queryset=None, required=False, empty_label=_("All communes"))
    category = _CategoryField(label=_("Produce"), queryset=None, required=False, empty_label=_("All produce"))
    certification = forms.ModelChoiceField(
        label=_("Certification"), queryset=None, required=False, empty_label=_("Any certification")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only places where a verified cooperative is, so no choice leads to an empty list.
        verified_communes = Cooperative.objects.verified().values("commune")
        self.fields["district"].queryset = AdministrativeUnit.objects.filter(
            level=Level.DISTRICT, pk__in=AdministrativeUnit.objects.filter(pk__in=verified_communes).values("parent")
        ).order_by("name")
        self.fields["commune"].queryset = (
            AdministrativeUnit.objects.filter(pk__in=verified_communes)
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        self.fields["category"].queryset = Category.objects.filter(is_public=True).order_by("path")
        self.fields["certification"].queryset = Certification.objects.order_by("name")

    def filters(self) -> dict:
        """The valid, chosen filters; a stale or forged value is ignored rather than refused."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
