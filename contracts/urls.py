from django.urls import path

from . import offer_views, views

app_name = "contracts"

urlpatterns = [
    path("", views.officer_contracts, name="officer-contracts"),
    path("<int:contract_pk>/", views.officer_contract, name="officer-contract"),
    path("<int:contract_pk>/versions/<int:version_pk>/paper/", views.officer_paper, name="officer-paper"),
    path("organisations/<int:pk>/", views.organisation_contracts, name="organisation-contracts"),
    path("organisations/<int:pk>/offer/", offer_views.organisation_offer, name="organisation-offer"),
    path("organisations/<int:pk>/<int:contract_pk>/", views.organisation_contract, name="organisation-contract"),
    path(
        "organisations/<int:pk>/<int:contract_pk>/versions/<int:version_pk>/paper/",
        views.organisation_paper,
        name="organisation-paper",
    ),
    path(
        "organisations/<int:pk>/<int:contract_pk>/deliveries/",
        views.organisation_deliveries,
        name="organisation-deliveries",
    ),
    path("organisations/<int:pk>/<int:contract_pk>/change/", views.organisation_change, name="organisation-change"),
    path(
        "organisations/<int:pk>/<int:contract_pk>/versions/<int:version_pk>/answer/",
        views.organisation_answer,
        name="organisation-answer",
    ),
]
