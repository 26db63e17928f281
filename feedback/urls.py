from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.FeedbackFormView.as_view(), name="form"),
    path("thanks/", views.ThanksView.as_view(), name="thanks"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
]
