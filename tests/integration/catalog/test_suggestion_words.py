"""The suggestions' words table (catalog/suggestion_words.py) follows every change at once:
a product renamed or taken off sale, its cooperative suspended or reinstated, its category renamed;
``manage.py refresh_search_text`` rebuilds it. Runs on SQLite and, with DATABASE_URL, PostgreSQL."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import services as catalog_services
from cooperatives import services as cooperative_services
from tests import factories

pytestmark = pytest.mark.django_db


def products_suggested(client, q):
    response = client.get("/search/suggest/", {"q": q})
    assert response.status_code == 200
    return [s["label"] for s in response.json()["suggestions"] if s["kind"] == "product"]


@pytest.fixture
def melon(site):
    coop = factories.cooperative(name="HTX Nông sản Tân Thông")
    fruit = factories.category("Trái cây")
    return factories.product(coop, title="Dưa lưới ruột cam", category=fruit, image=None)


def test_a_renamed_product_is_suggested_by_its_new_name(client, melon):
    assert products_suggested(client, "dua lu") == ["Dưa lưới ruột cam"]
    melon.title = "Bí đỏ hồ lô"
    melon.save()
    catalog_services.product_refresh_search_text(melon)
    assert products_suggested(client, "dua lu") == []
    assert products_suggested(client, "bi d") == ["Bí đỏ hồ lô"]


def test_a_product_off_sale_is_no_longer_suggested(client, melon):
    melon.is_public = False
    melon.save()
    assert products_suggested(client, "dua lu") == []
    melon.is_public = True
    melon.save()
    assert products_suggested(client, "dua lu") == ["Dưa lưới ruột cam"]


def test_a_suspended_cooperatives_products_are_no_longer_suggested(client, melon):
    coop = melon.stockrecords.get().partner.cooperative
    officer = factories.officer()
    cooperative_services.cooperative_suspend(cooperative=coop, officer=officer, reason="Kiểm tra")
    assert products_suggested(client, "dua lu") == []
    cooperative_services.cooperative_reinstate(cooperative=coop, officer=officer)
    assert products_suggested(client, "dua lu") == ["Dưa lưới ruột cam"]


def test_a_renamed_category_finds_its_products_by_its_new_name(client, melon):
    assert products_suggested(client, "trai c") == ["Dưa lưới ruột cam"]
    category = melon.categories.get()
    category.name = "Hoa quả"
    category.save()
    assert products_suggested(client, "trai c") == []
    assert products_suggested(client, "hoa q") == ["Dưa lưới ruột cam"]


def test_a_removed_stock_record_takes_the_product_off(client, melon):
    melon.stockrecords.all().delete()
    assert products_suggested(client, "dua lu") == []


def test_the_command_rebuilds_the_table(client, melon):
    from catalog.models import SuggestionWord

    SuggestionWord.objects.all().delete()
    assert products_suggested(client, "ruot") == []
    call_command("refresh_search_text", stdout=open("/dev/null", "w"))  # noqa: SIM115
    cache.clear()  # the empty answer above is kept a few minutes: the command is run with the shop closed
    assert products_suggested(client, "ruot") == ["Dưa lưới ruột cam"]


def test_earlier_words_are_whole_words_and_the_last_a_beginning(client, site):
    coop = factories.cooperative()
    factories.product(coop, title="Cà phê Robusta", image=None)
    factories.product(coop, title="Cam sành", image=None)
    assert set(products_suggested(client, "ca")) == {"Cà phê Robusta", "Cam sành"}  # the last word, a beginning
    assert products_suggested(client, "ca p") == ["Cà phê Robusta"]
    assert products_suggested(client, "cam s") == ["Cam sành"]
    assert products_suggested(client, "c robusta") == []


QUERIES = ["d", "dua", "dua l", "dua luoi c", "ca", "ca p", "gao st", "gao st 2", "vietg", "htx", "tan thong h", "trai"]


def test_the_same_products_as_the_search_finds(client, site):
    """The table answers what the search's own query (``selectors.product_suggestions``) answers."""
    from catalog import selectors, suggestion_words

    call_command("import_regions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    fruit, rice = factories.category("Trái cây"), factories.category("Gạo")
    for n, coop_name in enumerate(["HTX Dưa lưới Tân Thông Hội", "HTX Gạo Sóc Trăng"]):
        coop = factories.cooperative(name=coop_name)
        for title in ["Dưa lưới ruột cam", "Dưa leo", "Cà phê VietGAP", "Gạo ST25", "Gạo ST24 túi 5 kg", "Cá lóc"]:
            factories.product(coop, title=f"{title} {n}", category=rice if "Gạo" in title else fruit, image=None)
    answered = 0
    for q in QUERIES:
        expected = [pk for pk, _title, _slug in selectors.product_suggestions(q, limit=8)]
        assert suggestion_words.product_ids(q, limit=8) == expected, q
        answered += bool(expected)
    assert answered >= len(QUERIES) - 1


def test_a_sale_changes_no_words(melon):
    """Every order allocates stock, which saves the stock record: the words are not rewritten."""
    record = melon.stockrecords.get()
    with CaptureQueriesContext(connection) as queries:
        record.allocate(1)
    assert queries.captured_queries
    assert not [query for query in queries.captured_queries if "suggestionword" in query["sql"]]


def test_a_stock_record_moved_to_a_suspended_seller_takes_the_product_off(client, melon):
    record = melon.stockrecords.get()
    record.partner = factories.cooperative(status="suspended").partner
    record.save()
    assert products_suggested(client, "dua lu") == []


def test_products_created_in_bulk_are_suggested_if_on_sale(client, site):
    from decimal import Decimal

    rows = [
        catalog_services.NewProduct(title=title, category=factories.category(), price=Decimal(20000), stock=5)
        for title in ["Măng tây xanh", "Măng cụt Lái Thiêu"]
    ]
    catalog_services.products_bulk_create(cooperative=factories.cooperative(), rows=rows)
    catalog_services.products_bulk_create(cooperative=factories.cooperative(status="applied"), rows=rows[:1])
    # Once each: not the unverified cooperative's.
    assert sorted(products_suggested(client, "mang")) == ["Măng cụt Lái Thiêu", "Măng tây xanh"]


def test_a_product_made_flagship_comes_first(client, site):
    coop = factories.cooperative()
    older = factories.product(coop, title="Bưởi da xanh", image=None)
    factories.product(coop, title="Bưởi Năm Roi", image=None)
    assert products_suggested(client, "buoi")[0] == "Bưởi Năm Roi"  # the newest first
    older.is_flagship = True
    older.save()
    assert products_suggested(client, "buoi")[0] == "Bưởi da xanh"


def test_a_products_save_that_changes_no_sale_rewrites_nothing(melon):
    melon.description = "Ngọt, thơm."
    with CaptureQueriesContext(connection) as queries:
        melon.save()
    assert not [query for query in queries.captured_queries if "suggestionword" in query["sql"]]
