from tests import factories


def test_home_page_lists_flagship_products(client, site):
    coop = factories.cooperative(name="HTX Dưa lưới Củ Chi")
    factories.product(coop, title="Dưa lưới Taki", is_flagship=True, price=85000)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi"' in html
    assert "Dưa lưới Taki" in html
    assert "85.000" in html


def test_catalogue_lists_products(client, site):
    coop = factories.cooperative()
    factories.product(coop, title="Gạo ST25", price=45000)
    response = client.get("/catalogue/")
    assert "Gạo ST25" in response.content.decode()
