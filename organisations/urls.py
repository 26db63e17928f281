from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("apply/", views.apply, name="apply"),
    path("application/", views.application_status, name="application"),
    path("review/", views.ReviewQueueView.as_view(), name="review-queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("<int:pk>/", views.area, name="area"),
    path("<int:pk>/sites/add/", views.site_edit, name="site-add"),
    path("<int:pk>/sites/<int:site_pk>/", views.site_edit, name="site-edit"),
    path("<int:pk>/sites/<int:site_pk>/active/", views.site_active, name="site-active"),
    path("<int:pk>/members/<int:member_pk>/", views.member, name="member"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation"),
]
