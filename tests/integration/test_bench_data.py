import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from oscar.core.loading import get_model

from common.text import fold_vietnamese
from cooperatives.models import Cooperative
from marketplace.demo import bench_catalog as bench_data

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def load(products, **options):
    out = io.StringIO()
    call_command("load_bench_data", products=products, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def loaded(site):
    load(120)
    return Product.objects.all()


def test_spreads_products_over_verified_cooperatives_with_partners(loaded):
    cooperatives = Cooperative.objects.filter(registration_code__startswith=bench_data.CODE_PREFIX)
    assert loaded.count() == 120
    assert cooperatives.count() == 3  # one per 50 products
    assert all(cooperative.is_verified and cooperative.partner_id for cooperative in cooperatives)
    assert StockRecord.objects.count() == 120
    assert set(StockRecord.objects.values_list("partner__cooperative", flat=True)) == set(
        cooperatives.values_list("pk", flat=True)
    )


def test_cooperatives_sit_in_imported_communes_of_different_districts(site):
    load(10, per_cooperative=1)
    districts = set(
        Cooperative.objects.filter(registration_code__startswith=bench_data.CODE_PREFIX).values_list(
            "commune__parent__name", flat=True
        )
    )
    assert districts == {"Củ Chi", "Hóc Môn", "Bình Chánh", "Nhà Bè", "Cần Giờ"}


def test_products_have_what_facets_need(loaded):
    stockrecords = StockRecord.objects.all()
    prices = [stockrecord.price for stockrecord in stockrecords]
    assert all(price == price.to_integral_value() and price > 0 for price in prices)  # whole đồng
    assert min(prices) < 50000 and max(prices) > 500000
    assert any(stockrecord.num_in_stock > 0 for stockrecord in stockrecords)
    assert loaded.filter(categories__isnull=False).distinct().count() == 120
    assert loaded.values("categories").distinct().count() >= 5
    assert loaded.filter(certifications__code="vietgap").exists()
    assert set(loaded.exclude(ocop_stars=None).values_list("ocop_stars", flat=True)) <= {3, 4, 5}
    assert loaded.exclude(ocop_stars=None).exists()
    assert loaded.filter(origin_commune__isnull=False).count() == 120


def test_titles_are_vietnamese_and_searchable_folded(loaded):
    product = loaded.first()
    assert product.title != fold_vietnamese(product.title)  # diacritics kept
    assert product.search_title == fold_vietnamese(product.title)
    assert product.search_text.startswith(product.search_title)
    assert product.cooperative.name  # its cooperative, through its stock record
    assert fold_vietnamese(product.cooperative.name) in product.search_text


def test_running_again_creates_nothing_and_a_larger_run_tops_up(loaded):
    titles = sorted(loaded.values_list("title", flat=True))
    out = load(120)
    assert "0 cooperatives and 0 products created" in out
    assert sorted(Product.objects.values_list("title", flat=True)) == titles
    out = load(160)
    assert "1 cooperatives and 40 products created" in out
    assert Product.objects.count() == 160


def test_products_are_listed_in_the_shop(client, loaded):
    html = client.get("/en/catalogue/").content.decode()
    assert html.count('class="product_pod"') == 24


def test_refuses_a_negative_count(site):
    with pytest.raises(CommandError):
        load(-1)
