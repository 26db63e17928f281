"""On PostgreSQL the search reads its words from an index (catalog migration 0041: the folded words as a
stored text-search vector), for short words too; on both databases a product is found by its words as they
are now, the moment it changes (issue 15: an uncached search at 100,000 products)."""

import pytest
from django.db import connection
from oscar.core.loading import get_model

from catalog import selectors, services
from cooperatives.models import Cooperative
from tests import factories

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def _found(query):
    return set(selectors._products_found(query).values_list("title", flat=True))


def test_a_product_is_found_by_its_words_as_they_are_now(site):
    product = factories.product(title="Cá basa phi lê")
    assert _found("ca basa") == {"Cá basa phi lê"}
    product.title = "Tôm sú Cần Giờ"
    product.save()
    services.product_refresh_search_text(product)  # as every edit of a product does (catalog/services.py)
    assert _found("ca basa") == set()
    assert _found("tom su") == {"Tôm sú Cần Giờ"}
    assert _found("tom s") == set()  # a short word is a whole word: "s" is none of these
    assert _found("can gi") == set()
    assert _found("can gio") == {"Tôm sú Cần Giờ"}


def test_two_letter_words_and_beginnings_on_both_databases(site):
    factories.product(title="Cà phê Robusta")
    factories.product(title="Cá lóc đồng")
    factories.product(title="Cam sành")
    assert _found("ca") == {"Cà phê Robusta", "Cá lóc đồng"}  # "ca" is a word: not "cam"
    assert _found("robu") == {"Cà phê Robusta"}  # four letters or more: the start of a word
    assert _found("ca loc") == {"Cá lóc đồng"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's; CI runs the suite on both")
def test_postgresql_answers_a_word_from_the_words_index(site):
    factories.product(title="Cá lóc đồng")
    words = selectors._searchable(Product.objects.all()).filter(selectors._has_word("padded_text", "ca"))
    assert list(words.values_list("title", flat=True)) == ["Cá lóc đồng"]
    with connection.cursor() as cursor:
        # A tiny table: leave the planner only bitmap scans, to see whether the index can answer the search's
        # own expression (it could not were the expression and the index's to differ).
        cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
        try:
            plan = words.values_list("pk", flat=True).explain()
        finally:
            cursor.execute("SET enable_seqscan = on; SET enable_indexscan = on")
    assert "Bitmap Index Scan on catalogue_product_search_words" in plan


def test_a_product_leaves_and_comes_back_with_its_cooperatives_status(site):
    """The search subtracts the public products not on sale, a list it keeps with the listings (PostgreSQL):
    a suspension and a reinstatement show in the next search; a product with no seller is never found."""
    coop = factories.cooperative(name="HTX Tân Nhựt")
    factories.product(coop, title="Cà phê Robusta")
    factories.product(title="Cà phê sữa")
    unsold = factories.product(title="Cà phê chồn")
    unsold.stockrecords.all().delete()
    assert _found("ca phe") == {"Cà phê Robusta", "Cà phê sữa"}
    coop.status = Cooperative.Status.SUSPENDED
    coop.save()
    assert _found("ca phe") == {"Cà phê sữa"}
    coop.status = Cooperative.Status.VERIFIED
    coop.save()
    assert _found("ca phe") == {"Cà phê Robusta", "Cà phê sữa"}
