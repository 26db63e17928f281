from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import Rating
from feedback.selectors import offered_communes

COMMENT_MAX_LENGTH = 1000


class FeedbackForm(forms.Form):
    """What the resident fills in. The spam and repeat-voting rules are in feedback_submit."""

    commune = forms.ModelChoiceField(
        label=_("Your commune"),
        queryset=offered_communes(),
        empty_label=_("Choose your commune"),
        error_messages={
            "required": _("Choose your commune."),
            "invalid_choice": _("Choose your commune from the list."),
        },
        widget=forms.Select(attrs={"class": "form-control form-control-lg"}),
    )
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the new-rural results and public services in your commune?"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how satisfied you are, from 1 to 5."),
            "invalid_choice": _("Choose how satisfied you are, from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control", "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={"max_length": _("Please keep your comment under %(limit_value)d characters.")},
    )
    # Honeypot: hidden from people by CSS (feedback.css), left in the page for programs.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # The signed moment the form was shown (feedback.services.form_token_make); the template
    # always renders a fresh one, so a refused post never echoes back what it sent.
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)
