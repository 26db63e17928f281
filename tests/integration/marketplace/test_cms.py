"""The home page is edited in Wagtail's admin at /cms/."""

from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from marketplace.models import HomePage


def _admin(client):
    admin = get_user_model().objects.create_superuser("admin@example.com", "admin@example.com", "x")
    client.force_login(admin)


def test_editor_opens_the_home_page_in_the_cms(client, site):
    _admin(client)
    response = client.get(f"/cms/pages/{site.pk}/edit/")
    assert response.status_code == 200
    assert "Nông sản từ HTX" in response.content.decode()


def test_published_change_shows_on_the_home_page(client, site):
    home = HomePage.objects.get(pk=site.pk)
    home.hero_title = "Mùa dưa lưới Củ Chi"
    home.save_revision().publish()
    assert "Mùa dưa lưới Củ Chi" in client.get("/").content.decode()


def test_preview_renders_with_the_shop_layout(client, site):
    _admin(client)
    data = {
        "title": "Chợ HTX",
        "slug": "home",
        "hero_title": "Bản nháp xem trước",
        "intro": rich_text("<p>Rau sạch mỗi ngày</p>"),
        "featured": streamfield([]),
        "featured_en": streamfield([]),
    }
    client.post(f"/cms/pages/{site.pk}/edit/preview/", nested_form_data(data))
    response = client.get(f"/cms/pages/{site.pk}/edit/preview/?mode=")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bản nháp xem trước" in html
    assert "Rau sạch mỗi ngày" in html


def test_editors_choose_the_featured_cooperatives_of_the_home_page(client, site):
    from cooperatives.models import Cooperative
    from tests import factories

    chosen = factories.cooperative(name="HTX Hàu Cần Giờ")
    suspended = factories.cooperative(name="HTX Tạm ngừng", status=Cooperative.Status.SUSPENDED)
    other = factories.cooperative(name="HTX Không được chọn")
    factories.product(chosen, title="Hàu sữa", is_flagship=True, image=factories.photo())
    factories.product(other, title="Rau muống chủ lực", is_flagship=True, image=factories.photo())
    for _ in range(3):
        factories.product(other)
    home = HomePage.objects.get(pk=site.pk)
    home.featured_cooperatives.set([chosen, suspended])
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert "HTX Hàu Cần Giờ" in html and "Hàu sữa" in html
    assert "HTX Không được chọn" not in html and "Rau muống chủ lực" not in html
    assert "HTX Tạm ngừng" not in html
