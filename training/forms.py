from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cooperatives.forms import CommuneChoiceField
from regions.models import AdministrativeUnit, Layout

from .models import Course, Session

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "audience", "topics", "materials", "is_published"]
        widgets = {
            "topics": forms.Textarea(attrs={"rows": 4}),
            "materials": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "materials": _("From the training library."),
            "is_published": _("Published courses' sessions are listed for everyone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = self.fields["materials"].queryset.order_by("title")


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    commune = CommuneChoiceField(
        label=_("Commune"),
        required=False,
        queryset=AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, level="commune")
        .select_related("parent")
        .order_by("parent__name", "name"),
    )

    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "commune", "venue", "online_link", "seats", "trainer", "is_cancelled"]
        help_texts = {
            "venue": _("For a class in a commune hall: the hall and its address."),
            "online_link": _("For an online class: the meeting link. Leave the venue empty."),
        }

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.course = course


class PersonForm(forms.Form):
    """An officer registers someone by the e-mail address of their account."""

    email = forms.EmailField(label=_("E-mail address of the account"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        person = get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk").first()
        if person is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        self.person = person
        return email
