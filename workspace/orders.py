"""The workspace's orders pages."""

from django.shortcuts import render
from django.urls import path

from .access import workspace_view


@workspace_view
def index(request):
    return render(request, "workspace/stub.html", {"active": "orders"})


urlpatterns = [
    path("orders/", index, name="orders"),
]
