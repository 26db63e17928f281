"""A product page shows who sells it (linked to their storefront), where it comes from (linked
to its place page), its certifications, OCOP stars, season and selling unit, and the buyers'
reviews, at a number of queries that does not grow with the reviews or the shop."""

import re

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_basket, create_order

from catalog.models import Certification, Month, SellingUnit
from tests import factories

ProductReview = get_model("reviews", "ProductReview")


def _text(html):
    return " ".join(html.split())


@pytest.fixture
def melon(site):
    commune = factories.commune("Phước Vĩnh An", "Củ Chi")
    coop = factories.cooperative(name="HTX Dưa lưới Phước Vĩnh An", commune=commune)
    factories.storefront(coop)
    vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
    return factories.product(
        coop,
        title="Dưa lưới ruột cam",
        origin_commune=factories.commune("An Phú", "Củ Chi"),
        ocop_stars=4,
        certifications=[vietgap],
        selling_unit=SellingUnit.BOX,
        season_start=Month.MARCH,
        season_end=Month.JUNE,
    )


class TestProductFacts:
    def test_shows_cooperative_origin_certifications_stars_season_and_unit(self, client, melon):
        storefront = melon.cooperative.storefront
        storefront_url = storefront.url
        html = _text(client.get("/en" + melon.get_absolute_url()).content.decode())
        assert f'<a href="/en{storefront_url}">HTX Dưa lưới Phước Vĩnh An</a>' in html
        assert '<a href="/en/noi-san-xuat/cu-chi/an-phu/">An Phú, Củ Chi</a>' in html
        assert "VietGAP" in html
        assert "OCOP 4★" in html
        assert "4 stars" in html
        assert "March – June" in html
        assert "box" in html

    def test_without_an_origin_the_cooperatives_commune_is_the_origin(self, client, site):
        coop = factories.cooperative(commune=factories.commune("Tân Nhựt", "Bình Chánh"))
        product = factories.product(coop)
        html = _text(client.get("/en" + product.get_absolute_url()).content.decode())
        assert '<a href="/en/noi-san-xuat/binh-chanh/tan-nhut/">Tân Nhựt, Bình Chánh</a>' in html
        # No storefront yet: the name without a link.
        assert f'<dd class="col-7 product-cooperative"> {coop.name} </dd>' in html

    def test_product_card_shows_its_cooperative_and_badges(self, client, melon):
        html = _text(client.get("/en/catalogue/").content.decode())
        assert "HTX Dưa lưới Phước Vĩnh An" in html
        assert "OCOP 4★" in html

    def test_thumbnails_not_full_uploads_on_cards_and_page(self, client, site):
        coop = factories.cooperative()
        product = factories.product(coop, image=("dua.jpg", _jpeg(1600, 1200)))
        product_url = "/en" + product.get_absolute_url()
        card = client.get("/en/catalogue/").content.decode()
        page = client.get(product_url).content.decode()
        # The 1600×1200 upload becomes a 264×198 card thumbnail and a 440-wide page image.
        card_images = re.findall(r'<img src="([^"]+)"[^>]*width="(\d+)" height="(\d+)"[^>]*product-thumbnail', card)
        assert [(w, h) for _, w, h in card_images] == [("264", "198")]
        assert card_images[0][0].startswith("/media/cache/")
        page_images = re.findall(r'<img src="(/media/[^"]+)"', page)
        assert page_images and all(src.startswith("/media/cache/") for src in page_images)


def _jpeg(width, height):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (80, 160, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize("reviews", [0, 12])
def test_query_count_does_not_grow_with_reviews(client, melon, reviews, django_assert_max_num_queries):
    for _ in range(reviews):
        buyer = factories.user()
        basket = create_basket(empty=True)
        basket.add_product(melon, quantity=1)
        create_order(basket=basket, user=buyer)
        ProductReview.objects.create(product=melon, user=buyer, title="Ngon", score=5, body="Ngọt.")
    url = "/en" + melon.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200


class TestKeptFragmentsStayLive:
    """The facts and the reviews are kept in the cache under the catalogue version: a change shows at once."""

    def test_a_renamed_cooperative_shows_at_once(self, client, melon):
        url = "/en" + melon.get_absolute_url()
        assert "HTX Dưa lưới Phước Vĩnh An" in client.get(url).content.decode()
        coop = melon.cooperative
        coop.name = "HTX Dưa lưới Củ Chi"
        coop.save()
        html = _text(client.get(url).content.decode())
        assert "HTX Dưa lưới Củ Chi</a>" in html
        assert "Phước Vĩnh An</a>" not in html

    def test_a_new_certification_shows_at_once(self, client, melon):
        url = "/en" + melon.get_absolute_url()
        assert "Organic" not in client.get(url).content.decode()
        melon.certifications.add(Certification.objects.create(code="organic", name="Organic"))
        assert "Organic" in client.get(url).content.decode()

    def test_facts_in_each_language(self, client, melon):
        vietnamese_url = melon.get_absolute_url()
        assert "Selling unit" in client.get("/en" + vietnamese_url).content.decode()
        html = client.get(vietnamese_url).content.decode()
        assert "Đơn vị bán" in html and "Selling unit" not in html

    def test_a_new_review_shows_at_once_and_the_fourth_links_to_all(self, client, melon):
        url = "/en" + melon.get_absolute_url()
        assert "No reviews yet." in client.get(url).content.decode()
        for n in range(4):
            buyer = factories.user()
            ProductReview.objects.create(product=melon, user=buyer, title=f"Ngon {n}", score=5, body="Ngọt.")
            html = client.get(url).content.decode()
            assert f"Ngon {n}" in html  # the newest
            assert ("See all reviews" in html) == (n == 3)

    def test_breadcrumbs_follow_a_renamed_category(self, client, melon):
        url = "/en" + melon.get_absolute_url()
        category = melon.get_categories().first()
        html = _text(client.get(url).content.decode())
        current = '<li class="breadcrumb-item active" aria-current="page">Dưa lưới ruột cam'
        assert f"{category.name}</a></li> {current}" in html
        category.name = "Trái cây"
        category.save()
        html = _text(client.get(url).content.decode())
        assert f"Trái cây</a></li> {current}" in html
