"""The workspace's menu: every page staff use that is not in the bottom bar."""

from django.shortcuts import render

from .access import workspace_view


@workspace_view
def more(request):
    return render(request, "workspace/more.html", {"active": "more"})
