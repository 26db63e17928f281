"""A product card is kept under its product's version (catalog/templatetags/product_card_tags.py): every
change a card shows must refresh it at once, with the anonymous page cache out of the way (a signed-in
buyer's catalogue), and a change of one product must leave the other cards where they are."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.models import Certification
from lifecycle.parts import order_cancel
from tests import factories

ProductImage = get_model("catalogue", "ProductImage")
ProductReview = get_model("reviews", "ProductReview")


def _card(html, pk) -> str:
    cards = re.findall(r'<article class="product_pod">.*?</article>', html, re.S)
    return next(card for card in cards if f"/{pk}/" in card)


@pytest.fixture
def shop(client, site, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    client.force_login(factories.user())
    vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
    coop = factories.cooperative(name="HTX Phước An")
    melon = factories.product(
        coop,
        title="Dưa lưới Củ Chi",
        price=60000,
        stock=50,
        certifications=[vietgap],
    )
    other = factories.product(coop, title="Gạo ST25", price=38000)
    return {"client": client, "coop": coop, "melon": melon, "other": other, "vietgap": vietgap}


def _catalogue(shop):
    return shop["client"].get(reverse("catalogue:index")).content.decode()


def _rename(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


def _photo(shop):
    name, content = factories.photo()
    ProductImage.objects.create(product=shop["melon"], original=ContentFile(content, name=name), display_order=0)


def _review(shop):
    ProductReview.objects.create(
        product=shop["melon"], user=factories.user(), title="Ngọt", score=4, body="Ngon.", status=ProductReview.APPROVED
    )


def _cancelled_order(shop):
    order = factories.order_with_parts((shop["melon"], 1))
    assert "1 đã mua" in _card(_catalogue(shop), shop["melon"].pk)
    order_cancel(order=order, user=None, reason="Khách đổi ý")


CHANGES = {
    "title": (lambda shop: _rename(shop["melon"], title="Dưa lưới Hoàng Kim"), "Dưa lưới Hoàng Kim"),
    "price": (lambda shop: _rename(shop["melon"].stockrecords.get(), price=65000), "65.000"),
    "stock level": (lambda shop: _rename(shop["melon"].stockrecords.get(), num_in_stock=3), "Chỉ còn 3"),
    "an order": (lambda shop: factories.order_with_parts((shop["melon"], 1)), "1 đã mua"),
    "a review": (_review, "4,0 trên 5 sao"),
    "a photo": (_photo, lambda card: "Chưa có ảnh" not in card),  # the placeholder's caption gone
    "the cooperative": (lambda shop: _rename(shop["coop"], name="HTX Phước An Xanh"), "HTX Phước An Xanh"),
    "a certification": (lambda shop: _rename(shop["vietgap"], name="VietGAP 2026"), "VietGAP 2026"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_cached_card_shows_the_change_at_once(shop, change):
    make, shown = CHANGES[change]
    shows = shown if callable(shown) else lambda card: shown in card
    assert not shows(_card(_catalogue(shop), shop["melon"].pk))

    make(shop)

    assert shows(_card(_catalogue(shop), shop["melon"].pk))


def test_a_cancelled_order_no_longer_counts(shop):
    _cancelled_order(shop)

    assert "đã mua" not in _card(_catalogue(shop), shop["melon"].pk)


def test_a_sale_leaves_the_other_cards_kept(shop):
    """After an order of one product, only its card is rendered again: the other's rows are not read."""
    _catalogue(shop)
    factories.order_with_parts((shop["melon"], 1))

    with CaptureQueriesContext(connection) as queries:
        html = _catalogue(shop)

    assert "1 đã mua" in _card(html, shop["melon"].pk)
    assert "Gạo ST25" in _card(html, shop["other"].pk)
    fetched = [
        ids.replace(" ", "").split(",")
        for query in queries
        for ids in re.findall(r'"partner_stockrecord"\."product_id" IN \(([^)]*)\)', query["sql"])
    ]
    assert fetched == [[str(shop["melon"].pk)]]
