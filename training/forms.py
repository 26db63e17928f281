from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.utils import normalise_email

from accounts.forms import mobile_input
from accounts.phone_login import phone_normalise
from cooperatives.forms import CommuneChoiceField
from regions.models import AdministrativeUnit, Layout, Level

from .models import Course, Official, Session

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


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        return f"{session.course.title} – {timezone.localtime(session.starts_at):%d/%m/%Y %H:%M}"


class OfficialForm(forms.Form):
    """An officer records a commune or district official (and may register them for a session)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Mobile number"), max_length=24, widget=mobile_input())
    email = forms.EmailField(
        label=_("E-mail address"), required=False, help_text=_("Optional: reminders also go by e-mail.")
    )
    # A select, not radio buttons: Oscar's form partial labels a radio group by a <label> with no control.
    level = forms.ChoiceField(
        label=_("Level"), choices=[(value, capfirst(label)) for value, label in Official.Level.choices]
    )
    commune = CommuneChoiceField(
        label=_("Commune of work"),
        required=False,
        help_text=_("For a commune official."),
        queryset=AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, level=Level.COMMUNE)
        .select_related("parent")
        .order_by("parent__name", "name"),
    )
    district = forms.ModelChoiceField(
        label=_("District of work"),
        required=False,
        help_text=_("For a district official."),
        queryset=AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, level=Level.DISTRICT).order_by("name"),
    )
    session = SessionChoiceField(
        label=_("Register for the session"),
        required=False,
        help_text=_("Optional: sessions not yet started of the officials' courses."),
        queryset=Session.objects.none(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Someone else's details: the officer's browser must not offer the officer's own.
        for name in ("full_name", "phone", "email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["session"].queryset = (
            Session.objects.filter(
                is_cancelled=False,
                starts_at__gt=timezone.now(),
                course__audience__in=[Course.Audience.COMMUNE_OFFICIALS, Course.Audience.DISTRICT_OFFICIALS],
            )
            .select_related("course")
            .order_by("starts_at", "pk")
        )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self):
        return phone_normalise(self.cleaned_data["phone"])

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"]) if self.cleaned_data["email"] else ""

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level == Official.Level.COMMUNE and not cleaned.get("commune"):
            self.add_error("commune", _("Choose the commune where the official works."))
        elif level == Official.Level.DISTRICT and not cleaned.get("district"):
            self.add_error("district", _("Choose the district where the official works."))
        cleaned["unit"] = cleaned.get("district") if level == Official.Level.DISTRICT else cleaned.get("commune")
        return cleaned
