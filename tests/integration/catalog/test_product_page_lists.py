"""The lists under a product's page: the products recommended with it and the buyer's recently viewed ones.

Both show products on sale only, as cards, and follow the shop at once: a product taken off sale, or a
cooperative suspended, leaves them on the next page; a new recommendation shows on the next page. Neither
reads a product row when the cards are kept (issue 17: a signed-in buyer's product page)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from cooperatives.models import Cooperative
from tests import factories

ProductRecommendation = get_model("catalogue", "ProductRecommendation")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0


def _section(html, heading):
    """The card titles of the section under ``heading``, in order."""
    if heading not in html:
        return []
    section = html.split(heading, 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<h3[^>]*>\s*<a [^>]*>([^<]+)</a>", section)


def _listed(client, product, heading):
    return _section(client.get(product.get_absolute_url()).content.decode(), heading)


def _suspend_seller(product):
    coop = product.stockrecords.get().partner.cooperative
    coop.status = Cooperative.Status.SUSPENDED
    coop.save()


RECENT = "Những sản phẩm bạn đã xem gần đây"
RECOMMENDED = "Có thể bạn cũng thích"


class TestRecentlyViewed:
    def test_newest_first_without_the_product_shown(self, client, site):
        viewed = [factories.product(title=f"Rau muống {n}") for n in range(3)]
        shown = factories.product(title="Dưa lưới Củ Chi")
        for product in [*viewed, shown]:
            client.get(product.get_absolute_url())
        html = client.get(shown.get_absolute_url()).content.decode()
        assert _section(html, RECENT) == ["Rau muống 2", "Rau muống 1", "Rau muống 0"]

    def test_at_most_six(self, client, site):
        viewed = [factories.product(title=f"Cải ngọt {n}") for n in range(8)]
        for product in viewed:
            client.get(product.get_absolute_url())
        html = client.get(viewed[0].get_absolute_url()).content.decode()
        assert _section(html, RECENT) == [f"Cải ngọt {n}" for n in (7, 6, 5, 4, 3, 2)]

    def test_a_product_taken_off_sale_leaves_at_once(self, client, site):
        hidden, suspended_coops, kept = (factories.product(title=t) for t in ("Ổi", "Xoài", "Bưởi"))
        shown = factories.product(title="Dưa lưới")
        for product in (hidden, suspended_coops, kept, shown):
            client.get(product.get_absolute_url())
        assert _listed(client, shown, RECENT) == ["Bưởi", "Xoài", "Ổi"]

        hidden.is_public = False
        hidden.save()
        _suspend_seller(suspended_coops)
        assert _listed(client, shown, RECENT) == ["Bưởi"]

    def test_a_bad_cookie_lists_nothing(self, client, site):
        shown = factories.product(title="Dưa lưới")
        for value in ("not json", '{"a": 1}', '["x", 2]', "[99999]"):
            client.cookies["oscar_history"] = value
            response = client.get(shown.get_absolute_url())
            assert response.status_code == 200
            assert _section(response.content.decode(), RECENT) == []

    def test_a_forged_cookie_of_thousands_of_ids_reads_no_more_than_oscar_keeps(self, client, site, settings):
        shown = factories.product(title="Dưa lưới")
        viewed = factories.product(title="Bưởi")
        client.cookies["oscar_history"] = "[" + ",".join([*map(str, range(100_000, 105_000)), str(viewed.pk)]) + "]"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(shown.get_absolute_url())
        assert response.status_code == 200
        assert _section(response.content.decode(), RECENT) == ["Bưởi"]
        # The newest 20 ids asked about (104999 among them), not all 5,000 (100004 among them).
        assert [q["sql"] for q in queries if "104999" in q["sql"]]
        assert not [q["sql"] for q in queries if "100004" in q["sql"]]

    def test_kept_cards_read_no_product_row(self, client, site):
        viewed = [factories.product(title=f"Rau dền {n}") for n in range(3)]
        shown = factories.product(title="Dưa lưới")
        client.force_login(factories.user())
        for product in [*viewed, shown]:
            client.get(product.get_absolute_url())
        client.get(shown.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            html = client.get(shown.get_absolute_url()).content.decode()
        assert _section(html, RECENT) == ["Rau dền 2", "Rau dền 1", "Rau dền 0"]
        assert not [q["sql"] for q in queries if 'FROM "catalogue_product"' in q["sql"]]


class TestRecommended:
    def test_on_sale_in_ranking_order_and_at_once(self, client, site):
        shown = factories.product(title="Dưa lưới")
        low, high = factories.product(title="Mật ong"), factories.product(title="Trứng gà")
        ProductRecommendation.objects.create(primary=shown, recommendation=low, ranking=1)
        assert _listed(client, shown, RECOMMENDED) == ["Mật ong"]

        ProductRecommendation.objects.create(primary=shown, recommendation=high, ranking=5)
        assert _listed(client, shown, RECOMMENDED) == ["Trứng gà", "Mật ong"]

        _suspend_seller(high)
        assert _listed(client, shown, RECOMMENDED) == ["Mật ong"]

    def test_none_shows_no_heading(self, client, site):
        shown = factories.product(title="Dưa lưới")
        assert RECOMMENDED not in client.get(shown.get_absolute_url()).content.decode()

    def test_english(self, client, site):
        shown, other = factories.product(title="Dưa lưới"), factories.product(title="Mật ong")
        ProductRecommendation.objects.create(primary=shown, recommendation=other, ranking=1)
        client.get(other.get_absolute_url())
        html = client.get("/en" + shown.get_absolute_url()).content.decode()
        assert _section(html, "Recommended items") == ["Mật ong"]
        assert _section(html, "Products you recently viewed") == ["Mật ong"]


class TestStockAlert:
    def test_a_product_in_stock_does_not_look_up_the_buyers_alert(self, client, site):
        product = factories.product(title="Dưa lưới", stock=10)
        client.force_login(factories.user())
        client.get(product.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            html = client.get(product.get_absolute_url()).content.decode()
        assert 'id="add_to_basket_form"' in html
        assert not [q["sql"] for q in queries if "customer_productalert" in q["sql"]]
