"""The workspace's URLs. Each area (orders, products, import, storefront) lists its own patterns in
its module, so the areas grow without touching each other."""

from django.urls import path

from . import contracts, invoices, menu, orders, product_import, products, storefront, today, training

app_name = "workspace"

urlpatterns = [
    path("", today.today, name="today"),
    path("more/", menu.more, name="more"),
    *orders.urlpatterns,
    *products.urlpatterns,
    *product_import.urlpatterns,
    *storefront.urlpatterns,
    *contracts.urlpatterns,
    *invoices.urlpatterns,
    *training.urlpatterns,
]
