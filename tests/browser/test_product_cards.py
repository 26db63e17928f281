"""On a 360-px phone a product card's price line (what the price buys, the price per kg), its rating and
"x đã mua" stay inside the card, and the catalogue passes the buyer-page audits."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from tests import factories
from tests.browser.audits import axe_violations, english_on_page
from tests.browser.journeys import assert_fits_the_phone

ProductReview = get_model("reviews", "ProductReview")

# Each part of a card must end inside its card (a pixel of rounding allowed).
OVERFLOWING = """() => Array.from(document.querySelectorAll('.product_pod')).flatMap(card => {
  const box = card.getBoundingClientRect();
  return Array.from(card.querySelectorAll('.unit-price, .unit-price-per-kg, .product-popularity'))
    .filter(part => part.getBoundingClientRect().right > box.right + 1 || part.scrollWidth > part.clientWidth + 1)
    .map(part => part.innerText);
})"""


@pytest.fixture
def shop(live_site):
    coop = factories.cooperative(name="HTX Nông nghiệp công nghệ cao Phước Vĩnh An Củ Chi")
    # The longest price lines a card shows: a 7-digit amount per 1,25 kg step, a long selling unit.
    melon = factories.product(
        coop, title="Dưa lưới ruột cam", price=Decimal("1250000"), selling_unit="kg", weight_step_grams=1250
    )
    factories.product(coop, title="Khổ qua", price=Decimal("14000"), selling_unit="kg", weight_step_grams=500)
    factories.product(coop, title="Mật ong hoa nhãn", price=Decimal("1350000"), selling_unit="piece")
    for score in (4, 5):
        ProductReview.objects.create(product=melon, user=factories.user(), title="Ngon", score=score, body="Ngọt.")
    for _ in range(12):
        factories.order_with_parts((melon, 1))
    return melon


def test_card_price_lines_stay_inside_their_cards_on_a_phone(shop, live_site, audited_phone):
    audited_phone.goto(live_site.url + "/catalogue/")

    assert audited_phone.locator(".unit-price").first.is_visible()
    assert audited_phone.evaluate(OVERFLOWING) == []
    melon = audited_phone.locator(".product_pod", has_text="Dưa lưới ruột cam")
    assert melon.locator(".unit-price").inner_text() == "1.250.000\u00a0₫ / 1,25 kg"
    assert melon.locator(".unit-price-per-kg").inner_text() == "1.000.000\u00a0₫/kg"
    assert melon.locator(".product-rating").get_attribute("aria-label") == "4,5 trên 5 sao, 2 đánh giá"
    assert melon.locator(".product-bought").inner_text() == "12 đã mua"
    assert_fits_the_phone(audited_phone)
    assert english_on_page(audited_phone) == []
    assert axe_violations(audited_phone) == []



def test_the_product_page_and_basket_show_the_unit_price_on_a_phone(shop, live_site, audited_phone):
    audited_phone.goto(live_site.url + shop.get_absolute_url())

    price = "1.250.000\u00a0₫ / 1,25 kg · 1.000.000\u00a0₫/kg"
    assert audited_phone.locator(".product-information-price").inner_text() == price
    assert_fits_the_phone(audited_phone)
    assert axe_violations(audited_phone) == []

    audited_phone.locator("#add_to_basket_form button[type=submit]").click()
    audited_phone.goto(live_site.url + "/basket/")

    assert audited_phone.locator(".basket-line-unit-price").inner_text() == price
    assert_fits_the_phone(audited_phone)
    assert axe_violations(audited_phone) == []
