"""What the cached pages show is declared in caching/registry.py: every model they read makes them
stale when it changes, at once, and a sale refreshes the products sold and the listings only."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from caching.registry import CACHED, DERIVED, declared_models
from catalog.models import Certification
from cooperatives.models import ImportJob
from regions.models import AdministrativeUnit, Layout, Level, Succession
from regions.urls import place_url
from tests import factories

# Read by the cached pages but not shown on them: who asks (session, user, basket), the page tree
# that routes the request, the sites, and sorl's index of thumbnails (derived from the photos).
NOT_SHOWN = {
    "thumbnail.KVStore",
    "sessions.Session",
    "auth.User",
    "basket.Basket",
    "basket.Line",
    "sites.Site",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.Page",
}
_TABLE = re.compile(r'(?:FROM|JOIN)\s+"?([A-Za-z0-9_]+)"?')


def _models_by_table() -> dict[str, str]:
    return {model._meta.db_table: model._meta.label for model in apps.get_models(include_auto_created=True)}


def _through_owner(label: str) -> str:
    """An m2m table stands for the model that declares it (Product.certifications: catalogue.Product)."""
    model = apps.get_model(label)
    if model._meta.auto_created:
        return model._meta.auto_created._meta.label
    return label


Option = get_model("catalogue", "Option")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")
ProductReview = get_model("reviews", "ProductReview")


@pytest.fixture
def shop(site):
    commune = factories.commune("An Phú", "Củ Chi")
    coop = factories.cooperative("HTX Phước An", commune=commune)
    factories.storefront(coop)
    fruit = factories.category("Trái cây")
    vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
    product = factories.product(
        coop, title="Bưởi da xanh", category=fruit, origin_commune=commune, certifications=[vietgap], image=None
    )
    variety = ProductAttribute.objects.create(product_class=product.get_product_class(), name="Giống", code="giong")
    ProductAttributeValue.objects.create(product=product, attribute=variety, value_text="Da xanh Bến Tre")
    factories.batch(coop, product_=product)
    new_commune = AdministrativeUnit.objects.create(
        layout=Layout.FROM_2025, code="30001", name="Xã Phú Hòa Đông", level=Level.COMMUNE, parent=commune.parent.parent
    )
    Succession.objects.create(old_unit=commune, new_unit=new_commune, share=Succession.Share.WHOLE)
    return {
        "product": product,
        "category": fruit,
        "commune": commune,
        "new_commune": new_commune,
        "coop": coop,
        "certification": vietgap,
        "variety": variety,
    }


def _cached_pages(shop) -> dict[str, str]:
    return {
        "catalogue": reverse("catalogue:index"),
        "category": shop["category"].get_absolute_url(),
        "product": shop["product"].get_absolute_url(),
        "search": "/search/?q=buoi",
        "places": reverse("places:index"),
        "district": place_url(shop["commune"].parent),
        "commune": place_url(shop["commune"]),
        "unit-2025": place_url(shop["new_commune"]),
    }


def _models_read(url: str) -> set[str]:
    cache.clear()
    tables = _models_by_table()
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    read = {tables[name] for query in queries for name in _TABLE.findall(query["sql"]) if name in tables}
    return {_through_owner(label) for label in read}


class TestEveryModelShownIsDeclared:
    def test_models_read_by_each_cached_page_make_it_stale(self, shop):
        declared = declared_models()
        missing = {}
        for name, url in _cached_pages(shop).items():
            undeclared = _models_read(url) - declared - set(DERIVED) - NOT_SHOWN
            if undeclared:
                missing[name] = sorted(undeclared)
        assert not missing, f"cached pages read models that caching/registry.py does not watch: {missing}"

    def test_every_cached_things_models_are_watched(self):
        for cached in CACHED:
            assert set(cached.stale_when) <= declared_models(), cached.name


def _get(url):
    """The page and how many queries rendering it took (a product page's hit still counts the view)."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    rendering = [query for query in queries if "analytics_" not in query["sql"]]
    return response.content.decode(), len(rendering)


def _renamed(instance, **fields):
    def change():
        for name, value in fields.items():
            setattr(instance, name, value)
        instance.save()

    return change


def _saved(instance):
    return instance.save


# For each declared model: (url, the change, what the page then shows; None: re-rendered at once).
def _product_case(shop):
    return shop["product"].get_absolute_url(), _renamed(shop["product"], title="Bưởi năm roi"), "Bưởi năm roi"


def _stockrecord_case(shop):
    record = shop["product"].stockrecords.get()
    return shop["product"].get_absolute_url(), _renamed(record, price=65000), "65.000"


def _image_case(shop):
    def change():
        name, content = factories.photo()
        ProductImage.objects.create(product=shop["product"], original=ContentFile(content, name=name), display_order=0)

    return shop["product"].get_absolute_url(), change, "/media/"


def _product_category_case(shop):
    special = factories.category("Đặc sản Củ Chi")
    row = ProductCategory.objects.get(product=shop["product"])
    return shop["product"].get_absolute_url(), _renamed(row, category=special), "Đặc sản Củ Chi"


def _attribute_value_case(shop):
    value = ProductAttributeValue.objects.get(product=shop["product"])
    return shop["product"].get_absolute_url(), _renamed(value, value_text="Ruột hồng"), "Ruột hồng"


def _attribute_case(shop):
    return shop["product"].get_absolute_url(), _renamed(shop["variety"], name="Giống cây"), "Giống cây"


def _product_class_case(shop):
    return shop["product"].get_absolute_url(), _saved(shop["product"].get_product_class()), None


def _recommendation_case(shop):
    mango = factories.product(shop["coop"], title="Xoài cát Hòa Lộc", image=None)

    def change():
        ProductRecommendation.objects.create(primary=shop["product"], recommendation=mango, ranking=1)

    return shop["product"].get_absolute_url(), change, "Xoài cát Hòa Lộc"


def _review_case(shop):
    buyer = factories.user()

    def change():
        ProductReview.objects.create(product=shop["product"], user=buyer, title="Ngọt lịm", score=5, body="Ngon.")

    return shop["product"].get_absolute_url(), change, "Ngọt lịm"


def _batch_case(shop):
    import datetime

    def change():
        factories.batch(
            shop["coop"], product_=shop["product"], code="LO-MOI-01", harvest_date=datetime.date(2026, 12, 1)
        )

    return shop["product"].get_absolute_url(), change, "LO-MOI-01"


def _order_case(shop):
    return reverse("catalogue:index"), lambda: factories.order_with_parts((shop["product"], 1)), "product-bought"


def _order_part_case(shop):
    order = factories.order_with_parts((shop["product"], 1))
    return shop["product"].get_absolute_url(), _saved(order.parts.get()), None


def _category_case(shop):
    return (
        shop["product"].get_absolute_url(),
        _renamed(shop["category"], name="Trái cây miệt vườn"),
        "Trái cây miệt vườn",
    )


def _certification_case(shop):
    return shop["product"].get_absolute_url(), _renamed(shop["certification"], name="GlobalGAP"), "GlobalGAP"


def _option_case(shop):
    return shop["product"].get_absolute_url(), lambda: Option.objects.create(name="Gói quà", code="goi-qua"), None


def _partner_case(shop):
    return shop["product"].get_absolute_url(), _saved(shop["coop"].partner), None


def _cooperative_case(shop):
    return shop["product"].get_absolute_url(), _renamed(shop["coop"], name="HTX Phước An Xanh"), "HTX Phước An Xanh"


def _storefront_case(shop):
    storefront = type(shop["coop"].storefront).objects.get(pk=shop["coop"].storefront.pk)  # as live as stored
    url = shop["product"].get_absolute_url()
    link = f'href="{storefront.url}"'
    assert link in _get(url)[0]
    return url, storefront.unpublish, lambda html: link not in html


def _unit_case(shop):
    return shop["product"].get_absolute_url(), _renamed(shop["commune"], name="An Phú Tây"), "An Phú Tây"


def _succession_case(shop):
    other = AdministrativeUnit.objects.create(
        layout=Layout.FROM_2025,
        code="30002",
        name="Xã Tân An Hội",
        level=Level.COMMUNE,
        parent=shop["new_commune"].parent,
    )

    def change():
        Succession.objects.create(old_unit=shop["commune"], new_unit=other, share=Succession.Share.PARTIAL)

    return place_url(shop["commune"]), change, "Xã Tân An Hội"


def _import_job_case(shop):
    job = ImportJob.objects.create(cooperative=shop["coop"], file_name="hang.csv", status=ImportJob.Status.IMPORTING)
    return reverse("catalogue:index"), _renamed(job, status=ImportJob.Status.DONE), None


CASES = {
    "catalogue.Product": _product_case,
    "partner.StockRecord": _stockrecord_case,
    "catalogue.ProductImage": _image_case,
    "catalogue.ProductCategory": _product_category_case,
    "catalogue.ProductAttributeValue": _attribute_value_case,
    "catalogue.ProductAttribute": _attribute_case,
    "catalogue.ProductClass": _product_class_case,
    "catalogue.ProductRecommendation": _recommendation_case,
    "reviews.ProductReview": _review_case,
    "valuechains.Batch": _batch_case,
    "order.Order": _order_case,
    "order.Line": _order_case,
    "fulfilment.OrderPart": _order_part_case,
    "catalogue.Category": _category_case,
    "catalogue.Certification": _certification_case,
    "catalogue.Option": _option_case,
    "partner.Partner": _partner_case,
    "cooperatives.Cooperative": _cooperative_case,
    "cooperatives.StorefrontPage": _storefront_case,
    "regions.AdministrativeUnit": _unit_case,
    "regions.Succession": _succession_case,
    "cooperatives.ImportJob": _import_job_case,
}


class TestEachDeclaredModelRefreshesAtOnce:
    def test_every_declared_model_has_a_case(self):
        assert set(CASES) == declared_models()

    @pytest.mark.parametrize("model", sorted(CASES))
    def test_change_shows_at_once(self, shop, model):
        url, change, shows = CASES[model](shop)
        _get(url)
        html, queries = _get(url)
        assert queries == 0, "the page was not cached before the change"
        change()
        html, queries = _get(url)
        assert queries > 0, "the page was served from the cache after the change"
        if callable(shows):
            assert shows(html)
        elif shows is not None:
            assert shows in html


class TestASaleRefreshesItsProductsOnly:
    """An order, a stock or a price change of product X refreshes X's page and the listings that show
    X; product Y's cached page stays a hit (before, each order emptied every cached page)."""

    @pytest.fixture
    def warm(self, shop):
        melon = factories.product(shop["coop"], title="Dưa lưới", category=shop["category"], image=None)
        pages = {
            "x": shop["product"].get_absolute_url(),
            "y": melon.get_absolute_url(),
            "catalogue": reverse("catalogue:index"),
            "category": shop["category"].get_absolute_url(),
            "search": "/search/?q=buoi",
        }
        for url in pages.values():
            _get(url)
            assert _get(url)[1] == 0
        return pages

    def _assert_only_x_and_listings_refreshed(self, pages, listings_show: str):
        """Y's page is still a hit (no query); X's page is rendered again, and each listing shows the change
        (a listing may be rendered again without a query: its ids are kept, and X's new card was kept by the
        listing asked before it)."""
        assert _get(pages["y"])[1] == 0
        assert _get(pages["x"])[1] > 0
        for name in ("catalogue", "category", "search"):
            assert listings_show in _get(pages[name])[0], name

    def test_order_of_x(self, shop, warm):
        factories.order_with_parts((shop["product"], 2))
        self._assert_only_x_and_listings_refreshed(warm, '<span class="product-bought">1 đã mua</span>')

    def test_stock_change_of_x(self, shop, warm):
        record = shop["product"].stockrecords.get()
        record.num_in_stock = 0
        record.save()
        self._assert_only_x_and_listings_refreshed(warm, "Hết hàng")

    def test_price_change_of_x(self, shop, warm):
        record = shop["product"].stockrecords.get()
        record.price = 72000
        record.save()
        self._assert_only_x_and_listings_refreshed(warm, "72.000")
        assert "72.000" in _get(warm["x"])[0]

    def test_a_variants_stock_change_refreshes_its_parents_page(self, shop):
        from catalog.cache_version import product_version

        parent = shop["product"]
        Product = get_model("catalogue", "Product")
        child = Product.objects.create(structure=Product.CHILD, parent=parent, title="Bưởi da xanh loại 1")
        before = product_version(parent.pk)
        shop["coop"].partner.stockrecords.create(product=child, partner_sku="CHILD-1", price=80000, num_in_stock=5)
        assert product_version(parent.pk) != before


def _facets(html: str) -> str:
    start = html.index('id="search-facets"')
    return html[start : html.index("</details>", start)]


class TestSearchFacetsAreVersioned:
    def test_a_new_products_category_shows_in_the_facets_at_once(self, shop):
        url = "/search/?q=buoi"
        special = factories.category("Đặc sản Bến Tre")
        assert "Đặc sản Bến Tre" not in _facets(_get(url)[0])
        factories.product(shop["coop"], title="Bưởi năm roi", category=special, image=None)
        assert "Đặc sản Bến Tre" in _facets(_get(url)[0])
