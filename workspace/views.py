from django.shortcuts import render

from .access import workspace_view


@workspace_view
def today(request):
    return render(request, "workspace/today.html", {"active": "today"})


@workspace_view
def more(request):
    return render(request, "workspace/more.html", {"active": "more"})
