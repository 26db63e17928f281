"""The workspace's storefront pages."""

from django.shortcuts import render
from django.urls import path

from .access import workspace_view


@workspace_view
def index(request):
    return render(request, "workspace/stub.html", {"active": "storefront"})


urlpatterns = [
    path("storefront/", index, name="storefront"),
]
