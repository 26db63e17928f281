"""The words a typo may be of: every word of the products on sale, and of the places. Read again after any
product change (the listings' version), so it must stay cheap at 100,000 products: it comes from the
suggestions' words table, one row per distinct word at the index (issue 15: a buyer typing right after a
product edit waited 3 to 10 s while every product's text was read and split)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import search_query
from cooperatives.models import Cooperative
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_words_of_the_products_on_sale(site):
    coop = factories.cooperative(name="HTX Tân Nhựt")
    factories.product(coop, title="Xoài cát Hòa Lộc")
    factories.product(title="Mít Thái")
    words = search_query.catalogue_words()
    assert {"xoai", "cat", "hoa", "loc", "mit", "thai", "tan", "nhut"} <= words

    coop.status = Cooperative.Status.SUSPENDED
    coop.save()
    words = search_query.catalogue_words()
    assert "mit" in words and not {"xoai", "nhut"} & words


def test_read_without_any_products_text(site):
    for n in range(5):
        factories.product(title=f"Sầu riêng Ri6 {n}")
    with CaptureQueriesContext(connection) as queries:
        words = search_query.catalogue_words()
    assert {"sau", "rieng", "ri", "6"} <= words
    assert not [q["sql"] for q in queries if 'FROM "catalogue_product"' in q["sql"]]


def test_a_typo_finds_a_word_of_a_new_product_at_once(client, site):
    factories.product(title="Mít Thái")
    assert "Chôm chôm" not in client.get("/search/", {"q": "chom chom"}).content.decode()
    factories.product(title="Chôm chôm Java")
    assert "Chôm chôm Java" in client.get("/search/", {"q": "chomm chom"}).content.decode()
