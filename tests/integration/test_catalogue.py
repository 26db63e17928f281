import pytest
from django.urls import reverse

from catalog.models import Certification
from cooperatives.models import Cooperative
from tests import factories


def _seed(count):
    coops = [factories.cooperative() for _ in range(3)]
    vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
    for i in range(count):
        factories.product(
            coops[i % 3],
            title=f"Rau cải {i}",
            price=20000 + i * 1000,
            is_flagship=i % 5 == 0,
            ocop_stars=4 if i % 7 == 0 else None,
            certifications=[vietgap],
            image=None,
        )


class TestCatalogueBrowse:
    def test_lists_products_of_verified_cooperatives_only(self, client, site):
        verified = factories.cooperative(name="HTX Nấm Linh Chi")
        suspended = factories.cooperative(status=Cooperative.Status.SUSPENDED)
        factories.product(verified, title="Nấm bào ngư")
        factories.product(suspended, title="Rau muống bị ẩn")
        html = client.get(reverse("catalogue:index")).content.decode()
        assert "Nấm bào ngư" in html
        assert "HTX Nấm Linh Chi" in html
        assert "Rau muống bị ẩn" not in html

    def test_prices_shown_in_whole_dong(self, client, site):
        factories.product(title="Mật ong hoa cà phê", price=150000)
        html = client.get(reverse("catalogue:index")).content.decode()
        assert "150.000\xa0₫" in html
        assert "150.000,00" not in html

    def test_category_page_lists_its_products(self, client, site):
        fruit = factories.category("Trái cây")
        factories.product(title="Bưởi da xanh", category=fruit)
        factories.product(title="Rau dền", category=factories.category("Rau củ"))
        html = client.get(fruit.get_absolute_url()).content.decode()
        assert "Bưởi da xanh" in html
        assert "Rau dền" not in html

    @pytest.mark.parametrize("count", [10, 300])
    def test_catalogue_query_count_does_not_grow_with_products(
        self, client, site, count, django_assert_max_num_queries
    ):
        _seed(count)
        client.get(reverse("catalogue:index"))  # warm the thumbnail store
        with django_assert_max_num_queries(15):
            response = client.get(reverse("catalogue:index"))
        assert response.content.decode().count('class="product_pod"') == min(count, 24)


class TestProductPage:
    def test_shows_cooperative_origin_unit_and_badges(self, client, site):
        coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
        vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
        product = factories.product(
            coop,
            title="Dưa lưới ruột cam",
            ocop_stars=4,
            certifications=[vietgap],
            origin_commune=factories.commune("Tân Thông Hội"),
            season_start=3,
            season_end=8,
        )
        html = client.get(product.get_absolute_url()).content.decode()
        assert "HTX Dưa lưới Tân Thông Hội" in html
        assert "Tân Thông Hội, Củ Chi" in html
        assert "OCOP 4★" in html
        assert "VietGAP" in html

    def test_product_of_suspended_cooperative_is_not_found(self, client, site):
        coop = factories.cooperative(status=Cooperative.Status.SUSPENDED)
        product = factories.product(coop)
        assert client.get(product.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("count", [10, 300])
    def test_product_page_query_count_does_not_grow(self, client, site, count, django_assert_max_num_queries):
        _seed(count)
        product = factories.product(title="Gạo ST25")
        client.get(product.get_absolute_url())
        with django_assert_max_num_queries(20):
            response = client.get(product.get_absolute_url())
        assert "Gạo ST25" in response.content.decode()


@pytest.mark.parametrize("count", [10, 300])
def test_home_page_query_count_does_not_grow(client, site, count, django_assert_max_num_queries):
    _seed(count)
    client.get("/")
    # 17 for the shop's sections, one for the editors' featured cooperatives, one for the latest articles.
    with django_assert_max_num_queries(19):
        response = client.get("/")
    assert response.content.decode().count('class="product_pod"') == min(-(-count // 5), 8)
