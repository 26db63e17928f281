import datetime

from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from accounts.roles import is_officer
from common.params import choice_or_default
from common.throttle import client_ip
from feedback import selectors, services
from feedback.forms import FeedbackForm

# The officers' summary covers the last 30, 90 or 365 days.
PERIOD_DAYS = (30, 90, 365)


class FeedbackFormView(View):
    template_name = "feedback/form.html"

    def get(self, request):
        return self._render(request, FeedbackForm())

    def post(self, request):
        form = FeedbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.feedback_submit(
                    commune=data["commune"],
                    rating=data["rating"],
                    comment=data["comment"],
                    client_ip=client_ip(request),
                    form_token=data["form_token"],
                    honeypot=data["website"],
                    language=get_language(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("feedback:thanks")
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        context = {"form": form, "form_token": services.form_token_make()}
        return render(request, self.template_name, context, status=status)


class ThanksView(TemplateView):
    template_name = "feedback/thanks.html"


class SummaryView(UserPassesTestMixin, TemplateView):
    """Officers only: anonymous visitors are sent to log in, everyone else gets 403."""

    template_name = "feedback/summary.html"

    def test_func(self):
        user = self.request.user
        return is_officer(user)

    def get_context_data(self, **kwargs):
        # A period that is not offered shows the default one.
        days = choice_or_default(self.request.GET.get("days"), PERIOD_DAYS, default=PERIOD_DAYS[0])
        until = timezone.now()
        summary = selectors.feedback_summary(since=until - datetime.timedelta(days=days), until=until)
        return super().get_context_data(feedback_summary=summary, days=days, period_days=PERIOD_DAYS, **kwargs)
