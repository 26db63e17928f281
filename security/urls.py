from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("account/two-factor/", views.two_factor, name="two-factor"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
]
