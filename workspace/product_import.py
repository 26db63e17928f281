"""The workspace's import products pages."""

from django.shortcuts import render
from django.urls import path

from .access import workspace_view


@workspace_view
def index(request):
    return render(request, "workspace/stub.html", {"active": "import"})


urlpatterns = [
    path("products/import/", index, name="import"),
]
