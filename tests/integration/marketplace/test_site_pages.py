from tests import factories


def test_home_page_lists_flagship_products(client, site):
    coop = factories.cooperative(name="HTX Dưa lưới Củ Chi")
    factories.product(coop, title="Dưa lưới Taki", is_flagship=True, price=85000, image=factories.photo())
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


def test_our_strings_are_vietnamese_at_the_root_and_english_under_en(client, site):
    vietnamese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Nông sản từ các hợp tác xã TP. Hồ Chí Minh" in vietnamese
    assert "Xem tất cả nông sản" in vietnamese
    assert "Produce from Ho Chi Minh City&#x27;s cooperatives" in english
    assert "Browse all produce" in english


def test_language_link_is_on_every_page_header(client, site):
    html = client.get("/catalogue/").content.decode()
    assert 'href="/en/catalogue/"' in html
    html = client.get("/en/catalogue/").content.decode()
    assert 'href="/catalogue/"' in html


def test_forbidden_page_is_friendly_and_translated(client, site):
    client.force_login(factories.user())
    response = client.get("/dashboard/")
    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_gaps_in_oscars_vietnamese_catalogue_are_filled(client, site):
    # Oscar's "your basket total is now" message: the basket page shows it when a line changes.
    product = factories.product(title="Bưởi da xanh", price=60000)
    client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    line = product.basket_lines.get()
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(line.pk), "form-0-quantity": "2"}
    response = client.post("/basket/", data, follow=True)
    assert "Tổng giỏ hàng của bạn hiện là <strong>120.000\xa0₫</strong>" in response.content.decode()


def test_language_link_is_on_checkout_pages_too(client, site):
    product = factories.product()
    client.post(f"/basket/add/{product.pk}/", {"quantity": 1})
    html = client.get("/checkout/").content.decode()
    assert 'href="/en/checkout/"' in html


def test_language_link_is_on_dashboard_pages(client, site):
    client.force_login(factories.cooperative_staff(factories.cooperative()))
    html = client.get("/dashboard/orders/").content.decode()
    assert 'href="/en/dashboard/orders/"' in html
