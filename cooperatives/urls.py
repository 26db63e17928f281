from django.urls import path

from . import views
from .product_import import views as import_views

app_name = "cooperatives"

urlpatterns = [
    path("apply/", views.ApplyView.as_view(), name="apply"),
    path("application/", views.application_status, name="application"),
    path("application/documents/<int:pk>/", views.document_download, name="document"),
    path("review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("review/<int:pk>/", views.ApplicationReviewView.as_view(), name="review"),
    path("registry/", views.RegistryView.as_view(), name="registry"),
    path("registry/<int:pk>/status/", views.CooperativeStatusView.as_view(), name="cooperative-status"),
    path("staff/", views.staff, name="staff"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation"),
    path("import/", import_views.product_import, name="product-import"),
    path("import/template.<str:file_format>", import_views.import_template, name="import-template"),
    path("import/<int:pk>/", import_views.import_job, name="import-job"),
    path("import/<int:pk>/status/", import_views.import_job_status, name="import-job-status"),
]
