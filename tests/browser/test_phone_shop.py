"""The shop on a 360×780 phone, as issue 15 asks: a consumer who scans a trace label can read the
steps in order and buy; an unknown code says so; every page passes the audits (tests/browser/audits.py)."""

import datetime
import io
import re

from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.journeys import enter_guest_details

FOLD = 780  # the bottom of a 360×780 phone's first screen
MIN_TOUCH = 44

Order = get_model("order", "Order")


def _at(hour):
    return timezone.make_aware(datetime.datetime(2026, 11, 20, hour, 0))


def test_a_consumer_scans_a_trace_label_reads_the_steps_in_order_and_buys(live_site, audited_phone):
    page = audited_phone
    coop = factories.cooperative(name="HTX Rau sạch Phước An")
    storefront = factories.storefront(coop)
    product = factories.product(coop=coop, title="Cải ngọt hữu cơ", price=25000)
    area = factories.raw_material_area(coop, name="Cánh đồng ấp 3")
    batch = factories.batch(coop=coop, product_=product, area=area, code="PA-2611-09")
    factories.trace_event(batch, kind="harvested", occurred_at=_at(6), place="Ruộng ấp 3")
    packed = factories.trace_event(batch, kind="packed", occurred_at=_at(9), place="Nhà sơ chế")
    factories.trace_event(batch, kind="shipped", occurred_at=_at(14), place="Kho Thủ Đức")
    factories.trace_event(
        batch, kind="packed", occurred_at=_at(11), place="Nhà sơ chế", corrects=packed, note="Sai giờ."
    )

    page.goto(live_site.url + "/trace/PA-2611-09/")

    numbers = page.locator(".trace-step-number").all_inner_texts()
    assert numbers == ["1.", "2.", "3.", "4."]
    assert "Sửa bước 2" in page.locator("#trace-timeline").inner_text()
    assert not page.locator(".trace-qr img").is_visible()
    assert page.locator("#trace-cooperative").get_attribute("href") == storefront.url
    assert_page_is_fine(page)
    buy = page.locator("#trace-buy button[type=submit]")
    box = buy.bounding_box()
    assert box["y"] + box["height"] <= 780, "the buy button is above the fold"
    buy.click()
    page.locator(".alert-success").first.wait_for()
    assert_page_is_fine(page)
    page.goto(live_site.url + "/basket/")
    assert "Cải ngọt hữu cơ" in page.locator("#content_inner").inner_text()
    assert_page_is_fine(page)

    page.locator("a[href='/checkout/']").last.click()
    page.wait_for_url(re.compile(r"/checkout/$"))
    assert_page_is_fine(page)
    enter_guest_details(page, email="")
    assert_page_is_fine(page)
    page.locator("#choose-delivery").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    assert_page_is_fine(page)
    page.check("#method-cash-on-delivery")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    assert_page_is_fine(page)
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    order = Order.objects.get()
    assert [line.product for line in order.lines.all()] == [product]
    assert order.number in page.content()
    assert_page_is_fine(page)
    page.wait_for_load_state("networkidle")  # no request in flight while the live server's database is flushed


def test_an_unknown_code_says_it_is_not_a_registered_batch(live_site, audited_phone):
    page = audited_phone
    response = page.goto(live_site.url + "/trace/LO-GIA-0001/")

    assert response.status == 404
    assert "không phải là lô hàng đã đăng ký" in page.locator("h1").inner_text()
    assert re.match(r"mailto:.+\?subject=", page.locator("#trace-report").get_attribute("href"))
    assert_page_is_fine(page)


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 140, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _shop_with_products():
    coop = factories.cooperative(name="HTX Nông nghiệp Phước Vĩnh An")
    vegetables = factories.category("Rau củ")
    return [
        factories.product(
            coop,
            title=f"Rau muống hữu cơ thủy canh loại {n}",
            price=25000,
            is_flagship=True,
            category=vegetables,
            image=(f"rau-{n}.jpg", _photo()),
        )
        for n in range(1, 7)
    ]


def _top_and_bottom(page, selector):
    box = page.locator(selector).first.bounding_box()
    return box["y"], box["y"] + box["height"]


def test_one_labelled_menu_with_sign_in_and_the_search_box_always_visible(live_site, audited_phone):
    page = audited_phone
    page.goto(live_site.url + "/")

    togglers = page.locator(".navbar-toggler:visible")
    assert togglers.count() == 1
    assert togglers.inner_text().strip() == "Danh mục"
    assert page.locator("#id_q").is_visible()
    assert page.get_by_label("Tìm nông sản").is_visible()
    for control in ("#id_q", ".site-search button", ".navbar-toggler:visible", ".btn-cart"):
        assert page.locator(control).bounding_box()["height"] >= MIN_TOUCH, control
    assert not page.locator("#login_link").is_visible()

    togglers.click()
    page.get_by_role("link", name="Đăng nhập hoặc đăng ký").first.wait_for(state="visible")
    assert_page_is_fine(page)


def test_the_first_products_are_above_the_fold_on_home_and_catalogue(live_site, audited_phone):
    _shop_with_products()
    page = audited_phone
    for path in ("/", "/catalogue/"):
        page.goto(live_site.url + path)
        top, _bottom = _top_and_bottom(page, ".product_pod")
        _title_top, title_bottom = _top_and_bottom(page, ".product_pod h3")
        assert title_bottom <= FOLD, f"{path}: the first product's title ends at {title_bottom:.0f}px"
        print(path, "first product at", round(top), "title ends", round(title_bottom))
        assert_page_is_fine(page)


def test_a_buyer_on_a_phone_buys_and_pays_by_vietqr_with_every_page_fine(live_site, audited_phone, settings):
    settings.VIETQR_BANK_NAME = "Vietcombank"
    products = _shop_with_products()
    page = audited_phone
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.url)

    page.goto(live_site.url + "/")
    assert_page_is_fine(page)
    page.goto(live_site.url + "/catalogue/")
    assert_page_is_fine(page)
    page.goto(live_site.url + products[0].get_absolute_url())
    assert_page_is_fine(page)
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.locator(".alert-success").first.wait_for()

    page.goto(live_site.url + "/basket/")
    quantity = page.get_by_label("Số lượng").first
    assert quantity.bounding_box()["height"] >= MIN_TOUCH
    remove = page.get_by_role("button", name="Xóa").first
    assert remove.bounding_box()["height"] >= MIN_TOUCH
    assert_page_is_fine(page)

    page.locator("a[href='/checkout/']").last.click()
    enter_guest_details(page)
    page.locator("#choose-delivery").click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    assert_page_is_fine(page)
    page.check("#method-bank-transfer")
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    page.locator("#place-order").click()
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))

    # The QR comes right after the order's total, on the first screens, not after the lines.
    qr_top, _ = _top_and_bottom(page, "#bank-transfer svg")
    lines_top, _ = _top_and_bottom(page, "p.lead")
    assert qr_top < lines_top and qr_top < 2 * FOLD, f"the QR starts at {qr_top:.0f}px"
    note = page.locator("#bank-transfer [data-note]").inner_text()
    page.get_by_role("button", name="Sao chép nội dung chuyển khoản").click()
    page.locator("#copy-status", has_text="Đã chép").wait_for(state="attached")
    assert page.evaluate("navigator.clipboard.readText()") == note
    save = page.get_by_role("link", name="Lưu ảnh QR")
    with page.expect_download() as download:
        save.click()
    assert download.value.suggested_filename.endswith(".png")
    assert_page_is_fine(page)
    page.wait_for_load_state("networkidle")


def test_order_pages_fit_the_phone_with_the_qr_after_the_summary(live_site, audited_phone):
    from payments.models import OrderPayment

    products = _shop_with_products()
    buyer = factories.user(email="lan@example.com")
    order = factories.order_with_parts((products[0], 2), (products[1], 1), buyer=buyer)
    OrderPayment.objects.create(order=order, method="bank-transfer", amount=order.total_incl_tax)
    page = audited_phone

    page.goto(live_site.url + "/accounts/login/")
    page.fill("#id_login-username", "lan@example.com")
    page.fill("#id_login-password", "demo12345")
    with page.expect_navigation():
        page.locator("button[name=login_submit]").click()
    page.goto(live_site.url + f"/accounts/orders/{order.number}/")
    qr_top, _ = _top_and_bottom(page, "#bank-transfer svg")
    assert qr_top < 2 * FOLD, f"the QR starts at {qr_top:.0f}px"
    assert_page_is_fine(page)
    page.goto(live_site.url + "/accounts/orders/")
    assert_page_is_fine(page)


def test_card_titles_are_whole_and_break_only_between_words(live_site, audited_phone):
    products = _shop_with_products()
    page = audited_phone
    page.goto(live_site.url + "/catalogue/")

    title = page.locator(".product_pod h3", has_text="loại 1").first
    assert title.inner_text().strip() == products[0].title
    # Every line of the title ends at a space: no word (syllable) is split across lines.
    lines = page.evaluate(
        """h => { const range = document.createRange(); const text = h.querySelector('a').firstChild;
                  const tops = []; for (let i = 0; i < text.length; i++) { range.setStart(text, i);
                  range.setEnd(text, i + 1); tops.push(range.getBoundingClientRect().top); }
                  const breaks = [];
                  for (let i = 1; i < tops.length; i++) if (tops[i] > tops[i - 1] + 2) breaks.push(i);
                  return breaks.map(i => text.data[i - 1]); }""",
        title.element_handle(),
    )
    assert lines and all(before == " " for before in lines), lines
