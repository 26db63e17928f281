from django.urls import path

from fulfilment import picklists, text_views, views

# The part actions that trigger lifecycle transitions join these in lifecycle/fulfilment_urls.py.
app_name = "fulfilment"

urlpatterns = [
    path("delivery-options/", views.DeliveryOptionsView.as_view(), name="delivery-options"),
    path("delivery-options/<int:pk>/", views.DeliveryOptionsView.as_view(), name="delivery-options-of"),
    path("parts/<int:pk>/pick-list/", picklists.part_pick_list, name="pick-list"),
    path("pick-list/", picklists.open_parts_pick_list, name="open-parts-pick-list"),
    path("texts/", text_views.buyer_texts, name="buyer-texts"),
]
