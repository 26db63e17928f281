"""The officers' stock alerts page (Oscar's, with one mend in dashboard/catalogue/views.py)."""

from oscar.core.loading import get_model

from tests import factories

StockAlert = get_model("partner", "StockAlert")


def test_an_empty_status_filter_lists_every_alert(client, site):
    product = factories.product(stock=1)
    StockAlert.objects.create(stockrecord=product.stockrecords.get(), threshold=5)
    client.force_login(factories.user(is_staff=True, is_superuser=True))

    response = client.get("/dashboard/catalogue/stock-alerts/", {"status": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert product.get_title() in html
    assert response.context["description"] == client.get("/dashboard/catalogue/stock-alerts/").context["description"]
