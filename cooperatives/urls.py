from django.urls import path

from . import views

app_name = "cooperatives"

urlpatterns = [
    path("apply/", views.ApplyView.as_view(), name="apply"),
    path("application/", views.application_status, name="application"),
    path("application/documents/<int:pk>/", views.document_download, name="document"),
    path("review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("review/<int:pk>/", views.ApplicationReviewView.as_view(), name="review"),
    path("registry/", views.RegistryView.as_view(), name="registry"),
    path("registry/<int:pk>/status/", views.CooperativeStatusView.as_view(), name="cooperative-status"),
]
