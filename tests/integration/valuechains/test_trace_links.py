"""Buyers reach the trace of their produce: from the product page (the batch on sale) and from their order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db



def test_the_product_page_links_to_the_latest_batch_and_a_new_batch_shows_at_once(client, site):
    coop = factories.cooperative()
    melon = factories.product(coop, title="Dưa lưới")
    area = factories.raw_material_area(coop)
    factories.batch(coop, melon, area, code="DL-2611-A", harvest_date=datetime.date(2026, 11, 10))
    url = reverse("catalogue:detail", kwargs={"product_slug": melon.slug, "pk": melon.pk})
    page = client.get(url).content.decode()  # anonymous: this page is kept in the page cache
    assert 'href="/trace/DL-2611-A/"' in page
    factories.batch(coop, melon, area, code="DL-2611-B", harvest_date=datetime.date(2026, 11, 25))
    page = client.get(url).content.decode()
    assert 'href="/trace/DL-2611-B/"' in page and "DL-2611-A" not in page


def test_a_product_without_batches_has_no_trace_link(client, site):
    product = factories.product()
    url = reverse("catalogue:detail", kwargs={"product_slug": product.slug, "pk": product.pk})
    assert 'id="batch-on-sale"' not in client.get(url).content.decode()


def test_the_buyers_order_links_to_the_batch_harvested_before_it_was_placed(client, site):
    coop = factories.cooperative()
    melon, rice = factories.product(coop, title="Dưa lưới"), factories.product(coop, title="Gạo")
    area = factories.raw_material_area(coop)
    today = timezone.localdate()
    factories.batch(coop, melon, area, code="DL-OLD", harvest_date=today - datetime.timedelta(days=9))
    factories.batch(coop, melon, area, code="DL-RECENT", harvest_date=today - datetime.timedelta(days=2))
    factories.batch(coop, melon, area, code="DL-LATER", harvest_date=today + datetime.timedelta(days=3))
    buyer = factories.user()
    order = factories.order_with_parts((melon, 1), (rice, 1), buyer=buyer)
    client.force_login(buyer)
    page = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    traces = page[page.index('id="order-traces"') :]
    assert 'href="/trace/DL-RECENT/"' in traces
    assert "DL-OLD" not in traces and "DL-LATER" not in traces
    assert "Gạo" not in traces.split("</section>")[0]  # no batch recorded: no trace claimed
