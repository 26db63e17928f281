import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from catalog import services
from catalog.models import Certification
from cooperatives.models import Cooperative
from tests import factories
from tests.integration.dashboard.test_dashboard_products import CREATE_URL, form_data, new_product_data

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")


def search(client, q, **params):
    return client.get(reverse("search:search"), {"q": q, **params}).content.decode()


def titles(html):
    """The product titles on a results page, in order (not those a search that finds nothing offers)."""
    results = html.split('class="search-dead-end"')[0]
    return re.findall(r"<h3[^>]*>\s*<a[^>]*>([^<]*)</a>", results)


@pytest.fixture
def produce(site):
    coop = factories.cooperative(name="HTX Nông nghiệp Phước An")
    factories.product(coop, title="Cà phê Robusta rang xay", image=None)
    factories.product(coop, title="Dưa lưới ruột cam", image=None)
    factories.product(coop, title="Gạo ST25", image=None)
    factories.product(coop, title="Đậu phộng Củ Chi", image=None)
    factories.product(coop, title="Rau muống", image=None)
    return coop


def test_header_search_form_sends_q_to_our_search(client, site):
    assert reverse("search:search") == "/search/"
    html = client.get(reverse("catalogue:index")).content.decode()
    assert re.search(r'<form[^>]*method="GET" action="/search/"', html)
    assert 'name="q"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ca phe", "Cà phê Robusta rang xay"),
        ("dua luoi", "Dưa lưới ruột cam"),
        ("gao", "Gạo ST25"),
        ("dau", "Đậu phộng Củ Chi"),
        ("CA PHE", "Cà phê Robusta rang xay"),
        ("Cà Phê", "Cà phê Robusta rang xay"),
        ("  dua    luoi  ", "Dưa lưới ruột cam"),
        ("đậu phộng", "Đậu phộng Củ Chi"),
        ("luoi dua", "Dưa lưới ruột cam"),
        ("ĐẬU", "Đậu phộng Củ Chi"),
    ],
)
def test_finds_with_or_without_diacritics_in_any_case(client, produce, query, expected):
    html = search(client, query)
    assert titles(html) == [expected]
    assert "1 kết quả cho" in html


def test_every_word_must_match(client, produce):
    assert titles(search(client, "dua gao")) == []


def test_finds_by_cooperative_category_and_certification(client, site):
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    fruit = factories.category("Trái cây")
    organic = Certification.objects.create(code="huu-co", name="Hữu cơ")
    factories.product(coop, title="Xoài cát Hòa Lộc", category=fruit, certifications=[organic], image=None)
    factories.product(title="Rau dền", image=None)
    assert titles(search(client, "tan thong hoi")) == ["Xoài cát Hòa Lộc"]
    assert titles(search(client, "trai cay")) == ["Xoài cát Hòa Lộc"]
    assert titles(search(client, "huu co xoai")) == ["Xoài cát Hòa Lộc"]


def test_title_matches_rank_before_other_fields(client, site):
    coop = factories.cooperative(name="HTX Cà phê Đất Đỏ")
    factories.product(coop, title="Mật ong rừng", image=None)  # found by its cooperative only
    factories.product(title="Mật ong hoa cà phê", image=None)  # "ca phe" in the title
    factories.product(title="Cà phê hạt", image=None)  # title starts with "ca phe"
    assert titles(search(client, "ca phe")) == ["Cà phê hạt", "Mật ong hoa cà phê", "Mật ong rừng"]


def test_no_match(client, produce):
    html = search(client, "sầu riêng")
    assert titles(html) == []
    assert "0 kết quả cho “sầu riêng”" in html
    assert 'class="nonefound"' in html


def test_empty_query_lists_all_products(client, produce):
    html = search(client, "")
    assert len(titles(html)) == 5


def test_english_search_page(client, produce):
    html = client.get("/en/search/", {"q": "gao"}).content.decode()
    assert titles(html) == ["Gạo ST25"]


def test_suspended_cooperatives_products_are_not_found(client, site):
    suspended = factories.cooperative(status=Cooperative.Status.SUSPENDED)
    factories.product(suspended, title="Cà phê bị ẩn", image=None)
    factories.product(title="Cà phê sữa", image=None)
    assert titles(search(client, "ca phe")) == ["Cà phê sữa"]


def test_paginated_like_the_catalogue(client, site, settings):
    for i in range(30):
        factories.product(title=f"Gạo nếp {i}", image=None)
    assert len(titles(search(client, "gao"))) == 24
    assert len(titles(search(client, "gao", page=2))) == 6


def test_bulk_created_products_are_found(client, site):
    coop = factories.cooperative(name="HTX Gạo Tân Nhựt")
    rice = factories.category("Gạo")
    services.products_bulk_create(
        cooperative=coop,
        rows=[services.NewProduct(title="Nếp cái hoa vàng", category=rice, price=30000, stock=5)],
    )
    assert titles(search(client, "nep cai")) == ["Nếp cái hoa vàng"]
    assert titles(search(client, "tan nhut")) == ["Nếp cái hoa vàng"]


def test_refresh_follows_a_new_certification(client, site):
    product = factories.product(title="Bưởi da xanh", image=None)
    product.certifications.add(Certification.objects.create(code="vietgap", name="VietGAP"))
    assert titles(search(client, "vietgap")) == []
    services.product_refresh_search_text(product)
    assert titles(search(client, "vietgap buoi")) == ["Bưởi da xanh"]


@pytest.mark.parametrize("count", [10, 300])
def test_search_query_count_does_not_grow_with_products(client, site, count, settings, django_assert_max_num_queries):
    settings.CATALOG_SEARCH_FACETS_CACHE_SECONDS = 0  # count the facets' queries too
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0  # the page itself, as a signed-in buyer gets it
    coops = [factories.cooperative() for _ in range(3)]
    vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
    for i in range(count):
        factories.product(coops[i % 3], title=f"Rau cải {i}", certifications=[vietgap], image=None)
    search(client, "rau cai")  # warm the thumbnail store
    with django_assert_max_num_queries(12):  # the same search again: its results' ids are kept
        html = search(client, "rau cai")
    assert html.count('class="product_pod"') == min(count, 24)


class TestDashboardSave:
    @pytest.fixture
    def staff(self, client, site):
        coop = factories.cooperative(name="HTX Phước An")
        client.force_login(factories.cooperative_staff(coop))
        return client

    def test_product_created_in_the_dashboard_is_found(self, staff, client):
        vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
        data = new_product_data(staff, title="Đậu bắp xanh", certifications=[str(vietgap.pk)])
        response = staff.post(CREATE_URL, data)
        assert response.status_code == 302
        client.logout()
        assert titles(search(client, "dau bap")) == ["Đậu bắp xanh"]
        assert titles(search(client, "phuoc an vietgap")) == ["Đậu bắp xanh"]

    def test_title_changed_in_the_dashboard_is_found_by_its_new_words(self, staff, client):
        coop = Cooperative.objects.get(name="HTX Phước An")
        product = factories.product(coop, title="Rau muống", image=None)
        url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
        data = form_data(staff.get(url))
        data["title"] = "Cải bẹ xanh"
        assert staff.post(url, data).status_code == 302
        client.logout()
        assert titles(search(client, "cai be")) == ["Cải bẹ xanh"]
        assert titles(search(client, "rau muong")) == []


class TestWholeWords:
    """Vietnamese words are syllables: a short typed word matches a whole one, not the start of another."""

    @pytest.fixture
    def produce(self, site):
        factories.product(title="Cà phê sữa", image=None)
        factories.product(title="Cá kèo", image=None)
        factories.product(title="Dưa lưới ruột cam", image=None)
        factories.product(title="Cải ngọt", image=None)
        factories.product(title="Nấm mèo (mộc nhĩ)", image=None)
        factories.product(title="Chả cá", image=None)

    def test_ca_finds_the_word_ca_not_cam_nor_cai(self, client, produce):
        assert sorted(titles(search(client, "ca"))) == sorted(["Cà phê sữa", "Cá kèo", "Chả cá"])

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("cam", ["Dưa lưới ruột cam"]),
            ("cai", ["Cải ngọt"]),
            ("ca keo", ["Cá kèo"]),
            ("moc nhi", ["Nấm mèo (mộc nhĩ)"]),
        ],
    )
    def test_each_word_finds_its_own(self, client, produce, query, expected):
        assert titles(search(client, query)) == expected

    def test_a_long_typed_word_may_begin_a_word(self, client, site):
        factories.product(title="Cà phê Robusta", image=None)
        factories.product(title="Rau dền", image=None)
        assert titles(search(client, "robu")) == ["Cà phê Robusta"]
        assert titles(search(client, "ro")) == []  # too short to be a start: not "robusta"
        assert titles(search(client, "re")) == []

    def test_a_word_inside_another_is_not_found(self, client, site):
        factories.product(title="Xoài cát Hòa Lộc", image=None)
        assert titles(search(client, "oai")) == []
        assert titles(search(client, "xoai")) == ["Xoài cát Hòa Lộc"]


class TestRenames:
    """Search follows a renamed cooperative, category or certification, without saving each product."""

    def test_renamed_cooperative(self, client, site):
        coop = factories.cooperative(name="HTX Bình Lợi")
        factories.product(coop, title="Rau dền", image=None)
        coop.name = "HTX Xuân Thới Sơn"
        coop.save()
        assert titles(search(client, "xuan thoi son")) == ["Rau dền"]
        assert titles(search(client, "binh loi")) == []

    def test_renamed_category_refolds_the_products_under_it(self, client, site):
        fruit = factories.category("Trái cây")
        melons = fruit.add_child(name="Dưa")
        factories.product(title="Dưa lưới", category=melons, image=None)
        factories.product(title="Rau dền", image=None)
        fruit = Category.objects.get(pk=fruit.pk)
        fruit.name = "Hoa quả"
        fruit.save()
        assert titles(search(client, "hoa qua")) == ["Dưa lưới"]
        assert titles(search(client, "trai cay")) == []

    def test_renamed_and_deleted_certification(self, client, site):
        organic = Certification.objects.create(code="huu-co", name="Hữu cơ")
        factories.product(title="Cải bó xôi", certifications=[organic], image=None)
        organic.name = "Organic"
        organic.save()
        assert titles(search(client, "organic")) == ["Cải bó xôi"]
        assert titles(search(client, "huu co")) == []
        organic.delete()
        assert titles(search(client, "organic")) == []

    def test_rename_updates_in_bulk(self, site, django_assert_max_num_queries):
        coop = factories.cooperative(name="HTX Cũ")
        for i in range(30):
            factories.product(coop, title=f"Rau cải {i}", image=None)
        coop.name = "HTX Mới"
        with django_assert_max_num_queries(15):  # 12, and the suggestions' words: read, delete, insert
            coop.save()
        assert set(Product.objects.values_list("search_text", flat=True)) == {
            f"rau cai {i} htx moi rau cu" for i in range(30)
        }

    def test_bulk_refresh_folds_as_one_product_refresh_does(self, site):
        fruit = factories.category("Trái cây")
        melons = fruit.add_child(name="Dưa")
        vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
        organic = Certification.objects.create(code="huu-co", name="Hữu cơ")
        product = factories.product(title="Dưa lưới", category=melons, certifications=[vietgap, organic], image=None)
        product.categories.add(factories.category("Rau củ"))
        services.product_refresh_search_text(product)
        one = Product.objects.get(pk=product.pk).search_text
        Product.objects.filter(pk=product.pk).update(search_text="")
        assert services.products_refresh_search_text_many([product.pk]) == 1
        assert Product.objects.get(pk=product.pk).search_text == one
        assert one == "dua luoi htx rau sach so " + one.split("htx rau sach so ")[1]


class TestResultsReadOnce:
    """The ids a search finds are read in one query and kept under the catalogue version
    (catalog/search_results.py): the count and every page come from them, and stay live."""

    @staticmethod
    def _scans(captured):
        return [query for query in captured if "search_text" in query["sql"] or "search_words" in query["sql"]]

    def test_count_and_page_come_from_one_scan_and_the_next_page_from_none(self, client, site, settings):
        settings.CATALOG_SEARCH_FACETS_CACHE_SECONDS = 0  # facets count apart; only the results here
        for i in range(30):
            factories.product(title=f"Gạo nếp {i}", image=None)
        with CaptureQueriesContext(connection) as first:
            html = client.get("/en/search/", {"q": "gao nep"}).content.decode()
        assert "30 results for “gao nep”" in html and len(titles(html)) == 24
        facet_scans = len(self._scans(first)) - 1  # all but the results' own
        with CaptureQueriesContext(connection) as second:
            html = client.get("/en/search/", {"q": "gao nep", "page": 2}).content.decode()
        # No more than the facets' (on PostgreSQL they count from the ids they found on the first page).
        assert len(self._scans(second)) <= facet_scans
        assert "30 results for “gao nep”" in html and len(titles(html)) == 6

    def test_every_page_lists_each_product_once_in_order(self, client, site):
        for i in range(30):
            factories.product(title=f"Gạo nếp {i}", image=None)
        listed = titles(search(client, "gao")) + titles(search(client, "gao", page=2))
        assert sorted(listed) == sorted(f"Gạo nếp {i}" for i in range(30))
        # Newest first, as the catalogue orders ties.
        assert listed == [f"Gạo nếp {i}" for i in reversed(range(30))]

    def test_a_new_product_is_found_by_the_same_search_at_once(self, client, site):
        factories.product(title="Gạo nếp cái", image=None)
        assert titles(search(client, "gao")) == ["Gạo nếp cái"]
        factories.product(title="Gạo ST25", image=None)
        assert sorted(titles(search(client, "gao"))) == ["Gạo ST25", "Gạo nếp cái"]

    def test_a_suspended_cooperatives_products_leave_the_same_search_at_once(self, client, site):
        coop = factories.cooperative()
        factories.product(coop, title="Gạo nếp cái", image=None)
        factories.product(title="Gạo ST25", image=None)
        assert len(titles(search(client, "gao"))) == 2
        coop.status = Cooperative.Status.SUSPENDED
        coop.save()
        assert titles(search(client, "gao")) == ["Gạo ST25"]

    def test_a_product_renamed_out_of_the_search_leaves_it(self, client, site):
        product = factories.product(title="Gạo nếp cái", image=None)
        assert titles(search(client, "nep")) == ["Gạo nếp cái"]
        product.title = "Gạo ST25"
        product.save()
        services.product_refresh_search_text(product)
        assert titles(search(client, "nep")) == []
