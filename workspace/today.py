"""Today: what needs the staff's attention now."""

from django.shortcuts import render

from .access import workspace_view


@workspace_view
def today(request):
    return render(request, "workspace/today.html", {"active": "today"})
