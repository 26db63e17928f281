import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.cache_version import catalogue_version_bump
from catalog.models import Certification
from cooperatives.models import Cooperative
from tests import factories

Category = get_model("catalogue", "Category")


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
            # The home page features only flagships with a photo.
            image=factories.photo() if i % 5 == 0 else None,
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

    @pytest.mark.parametrize("card_cache_seconds", [0, 3600])
    @pytest.mark.parametrize("count", [10, 300])
    def test_catalogue_query_count_does_not_grow_with_products(
        self, client, site, settings, count, card_cache_seconds, django_assert_max_num_queries
    ):
        # What a signed-in buyer, or the first visitor after a change, costs: no page cache,
        # the product cards rendered or from the cache.
        settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
        settings.PRODUCT_CARD_CACHE_SECONDS = card_cache_seconds
        _seed(count)
        client.get(reverse("catalogue:index"))  # warm the thumbnail store
        catalogue_version_bump()  # the cached count and category tree go stale with the version
        with django_assert_max_num_queries(12):
            response = client.get(reverse("catalogue:index"))
        assert response.content.decode().count('class="product_pod"') == min(count, 24)

    @pytest.mark.parametrize("count", [10, 300])
    def test_category_query_count_does_not_grow_with_products(
        self, client, site, settings, count, django_assert_max_num_queries
    ):
        settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
        _seed(count)
        category = Category.objects.get(name="Rau củ")
        client.get(category.get_absolute_url())
        catalogue_version_bump()
        with django_assert_max_num_queries(13):
            response = client.get(category.get_absolute_url())
        assert response.content.decode().count('class="product_pod"') == min(count, 24)

    def test_pages_follow_one_another_flagships_first(self, client, site):
        coop = factories.cooperative()
        for i in range(30):
            factories.product(coop, title=f"Sản phẩm số {i:02d}", is_flagship=i in (3, 27), image=None)
        first = client.get("/en/catalogue/").content.decode()
        second = client.get("/en/catalogue/?page=2").content.decode()
        titles = [f"Sản phẩm số {i:02d}" for i in range(30)]
        on_first = [title for title in titles if title in first]
        on_second = [title for title in titles if title in second]
        assert len(on_first) == 24 and len(on_second) == 6
        assert not set(on_first) & set(on_second)
        assert first.index("Sản phẩm số 27") < first.index("Sản phẩm số 03") < first.index("Sản phẩm số 29")
        assert "<strong>30</strong>" in first  # "30 results - showing 1 to 24"

    def test_category_lists_products_of_its_subcategories(self, client, site):
        fruit = factories.category("Trái cây")
        citrus = fruit.add_child(name="Cam quýt")
        factories.product(title="Bưởi da xanh", category=citrus, image=None)
        factories.product(title="Rau dền", category=factories.category("Rau củ"), image=None)
        html = client.get(fruit.get_absolute_url()).content.decode()
        assert "Bưởi da xanh" in html
        assert "Rau dền" not in html


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
