"""Buyers browse produce by place: the districts, each district and commune with its
cooperatives and products, at Vietnamese addresses; today's (2025) communes lead there too."""

import re

import pytest
from django.urls import reverse

from cooperatives.models import Cooperative
from regions.models import AdministrativeUnit, Layout, Level, Succession
from tests import factories


def _unit_2025(name, *old_units, share=Succession.Share.WHOLE):
    city, _ = AdministrativeUnit.objects.get_or_create(
        layout=Layout.FROM_2025, code="79", defaults={"name": "Thành phố Hồ Chí Minh", "level": Level.CITY}
    )
    unit = AdministrativeUnit.objects.create(
        layout=Layout.FROM_2025,
        code=str(90000 + AdministrativeUnit.objects.count()),
        name=name,
        level=Level.COMMUNE,
        parent=city,
    )
    for old in old_units:
        Succession.objects.create(old_unit=old, new_unit=unit, share=share)
    return unit


@pytest.fixture
def places(site):
    phuoc_vinh_an = factories.commune("Phước Vĩnh An", "Củ Chi")
    an_phu = factories.commune("An Phú", "Củ Chi")
    tan_nhut = factories.commune("Tân Nhựt", "Bình Chánh")
    coop_cu_chi = factories.cooperative(name="HTX Rau Phước Vĩnh An", commune=phuoc_vinh_an)
    coop_binh_chanh = factories.cooperative(name="HTX Gạo Tân Nhựt", commune=tan_nhut)
    factories.product(coop_cu_chi, title="Rau muống Phước Vĩnh An", origin_commune=phuoc_vinh_an)
    # No origin given: the product comes from its cooperative's commune.
    factories.product(coop_cu_chi, title="Cải ngọt không ghi nơi")
    # Grown in another commune than the cooperative's.
    factories.product(coop_cu_chi, title="Dưa lưới An Phú", origin_commune=an_phu)
    factories.product(coop_binh_chanh, title="Gạo thơm Tân Nhựt", origin_commune=tan_nhut)
    return {"phuoc_vinh_an": phuoc_vinh_an, "an_phu": an_phu, "tan_nhut": tan_nhut, "coop": coop_cu_chi}


class TestPlaceAddresses:
    def test_addresses_are_vietnamese_slugs_in_both_languages(self, places):
        assert reverse("places:commune", kwargs={"district": "cu-chi", "commune": "phuoc-vinh-an"}) == (
            "/noi-san-xuat/cu-chi/phuoc-vinh-an/"
        )
        from django.utils import translation

        with translation.override("en"):
            assert reverse("places:district", kwargs={"district": "binh-chanh"}) == "/en/noi-san-xuat/binh-chanh/"

    def test_unknown_place_is_not_found(self, client, places):
        assert client.get("/en/noi-san-xuat/cu-chi/nowhere/").status_code == 404
        assert client.get("/en/noi-san-xuat/nowhere/").status_code == 404
        assert client.get("/en/noi-san-xuat/2025/nowhere/").status_code == 404


class TestPlaceIndex:
    def test_lists_districts_with_their_counts_and_communes(self, client, places):
        response = client.get("/en/noi-san-xuat/")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'href="/en/noi-san-xuat/cu-chi/"' in html
        assert 'href="/en/noi-san-xuat/cu-chi/phuoc-vinh-an/"' in html
        assert "1 cooperative · 3 products" in " ".join(html.split())
        assert 'href="/en/noi-san-xuat/binh-chanh/tan-nhut/"' in html

    @pytest.mark.parametrize("extra", [0, 40])
    def test_query_count_does_not_grow(self, client, places, extra, django_assert_max_num_queries):
        for n in range(extra):
            commune = factories.commune(f"Xã thử {n}", "Hóc Môn")
            factories.product(factories.cooperative(commune=commune), origin_commune=commune)
        with django_assert_max_num_queries(5):
            assert client.get("/en/noi-san-xuat/").status_code == 200


class TestDistrictPage:
    def test_lists_cooperatives_and_products_of_its_communes_only(self, client, places):
        html = client.get("/en/noi-san-xuat/cu-chi/").content.decode()
        assert "HTX Rau Phước Vĩnh An" in html
        assert "Rau muống Phước Vĩnh An" in html
        assert "Cải ngọt không ghi nơi" in html
        assert "Dưa lưới An Phú" in html
        assert "HTX Gạo Tân Nhựt" not in html
        assert "Gạo thơm Tân Nhựt" not in html

    def test_suspended_cooperative_and_its_products_are_not_listed(self, client, places):
        Cooperative.objects.filter(pk=places["coop"].pk).update(status=Cooperative.Status.SUSPENDED)
        html = client.get("/en/noi-san-xuat/cu-chi/").content.decode()
        assert "HTX Rau Phước Vĩnh An" not in html
        assert "Rau muống Phước Vĩnh An" not in html

    def test_products_are_paginated(self, client, places, settings):
        coop = places["coop"]
        for n in range(25):
            factories.product(coop, title=f"Rau thêm {n:02d}", origin_commune=places["phuoc_vinh_an"])
        first = client.get("/en/noi-san-xuat/cu-chi/").content.decode()
        second = client.get("/en/noi-san-xuat/cu-chi/?page=2").content.decode()
        assert "28 products" in first
        shown = [f"Rau thêm {n:02d}" for n in range(25)]
        on_first = {title for title in shown if title in first}
        on_second = {title for title in shown if title in second}
        assert on_first and on_second and not on_first & on_second

    @pytest.mark.parametrize("extra", [0, 30])
    def test_query_count_does_not_grow(self, client, places, extra, django_assert_max_num_queries):
        coop = places["coop"]
        for n in range(extra):
            commune = factories.commune(f"Xã thử {n}", "Củ Chi")
            factories.cooperative(commune=commune)
            factories.product(coop, origin_commune=commune)
        client.get("/en/noi-san-xuat/cu-chi/")  # makes the thumbnails, once
        with django_assert_max_num_queries(16):
            assert client.get("/en/noi-san-xuat/cu-chi/").status_code == 200


class TestCommunePage:
    def test_lists_what_comes_from_the_commune(self, client, places):
        html = client.get("/en/noi-san-xuat/cu-chi/phuoc-vinh-an/").content.decode()
        assert "HTX Rau Phước Vĩnh An" in html
        assert "Rau muống Phước Vĩnh An" in html
        assert "Cải ngọt không ghi nơi" in html
        assert "Dưa lưới An Phú" not in html

    def test_a_product_grown_elsewhere_is_listed_where_it_grows(self, client, places):
        html = client.get("/en/noi-san-xuat/cu-chi/an-phu/").content.decode()
        assert "Dưa lưới An Phú" in html
        assert "No cooperative sells here yet." in html

    def test_says_which_2025_commune_it_became(self, client, places):
        _unit_2025("An Nhơn Tây", places["phuoc_vinh_an"], places["an_phu"])
        html = client.get("/en/noi-san-xuat/cu-chi/phuoc-vinh-an/").content.decode()
        assert "Since 1 July 2025 part of:" in html
        assert 'href="/en/noi-san-xuat/2025/an-nhon-tay/"' in html

    @pytest.mark.parametrize("extra", [0, 30])
    def test_query_count_does_not_grow(self, client, places, extra, django_assert_max_num_queries):
        for _ in range(extra):
            factories.product(places["coop"], origin_commune=places["phuoc_vinh_an"])
        client.get("/en/noi-san-xuat/cu-chi/phuoc-vinh-an/")  # makes the thumbnails, once
        with django_assert_max_num_queries(16):
            assert client.get("/en/noi-san-xuat/cu-chi/phuoc-vinh-an/").status_code == 200


class TestToday2025Units:
    def test_a_2025_commune_lists_what_comes_from_the_communes_it_took_in(self, client, places):
        _unit_2025("An Nhơn Tây", places["phuoc_vinh_an"], places["an_phu"])
        html = client.get("/en/noi-san-xuat/2025/an-nhon-tay/").content.decode()
        assert "Formed on 1 July 2025 from:" in html
        assert 'href="/en/noi-san-xuat/cu-chi/an-phu/"' in html
        assert "Rau muống Phước Vĩnh An" in html
        assert "Dưa lưới An Phú" in html
        assert "Gạo thơm Tân Nhựt" not in html

    def test_a_2025_name_where_a_district_goes_redirects_to_its_page(self, client, places):
        _unit_2025("Tân Nhựt", places["tan_nhut"])
        response = client.get("/en/noi-san-xuat/tan-nhut/")
        assert response.status_code == 301
        assert response["Location"] == "/en/noi-san-xuat/2025/tan-nhut/"

    def test_a_2025_name_under_an_old_district_redirects_to_its_page(self, client, places):
        _unit_2025("Tân An Hội", places["phuoc_vinh_an"])
        response = client.get("/en/noi-san-xuat/cu-chi/tan-an-hoi/")
        assert response.status_code == 301
        assert response["Location"] == "/en/noi-san-xuat/2025/tan-an-hoi/"


class TestLinksToPlaces:
    def test_product_page_links_to_its_origin_commune(self, client, places):
        product = places["coop"].partner.stockrecords.get(product__title="Dưa lưới An Phú").product
        html = client.get("/en" + product.get_absolute_url()).content.decode()
        assert 'href="/en/noi-san-xuat/cu-chi/an-phu/"' in html

    def test_storefront_links_to_its_commune(self, client, places):
        storefront = factories.storefront(places["coop"])
        html = client.get("/en" + storefront.url).content.decode()
        assert 'href="/en/noi-san-xuat/cu-chi/phuoc-vinh-an/"' in html

    def test_directory_card_links_to_the_cooperatives_commune(self, client, places):
        storefront = factories.storefront(places["coop"])
        directory = storefront.get_parent()
        html = client.get("/en" + directory.url).content.decode()
        assert 'href="/en/noi-san-xuat/cu-chi/phuoc-vinh-an/"' in html


class TestWithTheDemoShop:
    """On the real administrative units (both layouts) and the demo's cooperatives."""

    @pytest.fixture
    def demo(self, site):
        import io

        from django.core.management import call_command

        call_command("load_demo_data", stdout=io.StringIO())

    def test_every_district_and_its_communes_are_listed_with_counts(self, client, demo):
        html = " ".join(client.get("/en/noi-san-xuat/").content.decode().split())
        for slug in ("cu-chi", "hoc-mon", "binh-chanh", "nha-be", "can-gio"):
            assert f'href="/en/noi-san-xuat/{slug}/"' in html
        assert html.count('class="col-12 col-md-6 mb-3 place-district"') == 5
        verified = Cooperative.objects.verified().count()
        total = sum(int(n) for n in re.findall(r"(\d+) cooperatives? ·", html))
        assert total == verified

    def test_every_commune_page_of_the_demo_answers_and_names_its_2025_commune(self, client, demo):
        from regions.urls import place_url

        communes = AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, cooperatives__isnull=False).distinct()
        assert communes
        for commune in communes:
            response = client.get(place_url(commune))
            assert response.status_code == 200, commune
            assert "/noi-san-xuat/2025/" in response.content.decode(), commune

    def test_a_2025_commune_gathers_its_old_communes(self, client, demo):
        response = client.get("/en/noi-san-xuat/2025/an-nhon-tay/")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'href="/en/noi-san-xuat/cu-chi/an-phu/"' in html
        assert 'href="/en/noi-san-xuat/cu-chi/phu-my-hung/"' in html
