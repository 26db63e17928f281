"""The workspace's products: a cooperative's staff list, price, stock, put on and off sale, add and
change their own products from a phone, and never another cooperative's (issue 14)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from catalog.models import Certification
from catalog.photos import MAX_PHOTO_SIDE
from cooperatives.models import Cooperative
from tests import factories

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

LIST_URL = reverse("workspace:products")
ADD_URL = reverse("workspace:product-add")


def camera_photo(name="IMG_0001.jpg", size=(40, 20), exif_orientation=None, fmt="JPEG"):
    """A photo as a phone's camera sends it: a JPEG, maybe stored sideways with an EXIF tag."""
    image = Image.new("RGB", size, (40, 140, 60))
    buffer = io.BytesIO()
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        image.save(buffer, fmt, exif=exif)
    else:
        image.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def stockrecord_of(product):
    return StockRecord.objects.get(product=product)


def product_form(category, **overrides):
    data = {
        "title": "Rau muống Tân Phú Trung",
        "category": category.pk,
        "selling_unit": "bunch",
        "weight_step_grams": "",
        "price": "15.000",
        "stock": "40",
        "ocop_stars": "",
        "season_start": "",
        "season_end": "",
        "origin_commune": "",
        "description": "",
    }
    return {**data, **overrides}


def page_text(response):
    return response.content.decode()


class TestProductList:
    def test_lists_only_the_cooperatives_own_products_with_price_unit_and_stock(self, staff_client, cooperative):
        factories.product(
            coop=cooperative,
            title="Cải ngọt",
            price=Decimal("14000"),
            stock=12,
            selling_unit="500g",
            weight_step_grams=500,
        )
        factories.product(title="Gạo của hợp tác xã khác")
        response = staff_client.get(LIST_URL)
        text = page_text(response)
        assert response.status_code == 200
        assert "Cải ngọt" in text
        assert "14.000\xa0₫ / 500 g · 28.000\xa0₫/kg" in text  # Babel keeps the amount and ₫ on one line
        assert "Còn trong kho: 12" in text
        assert "Gạo của hợp tác xã khác" not in text

    def test_finds_a_product_by_name_typed_without_diacritics(self, staff_client, cooperative):
        factories.product(coop=cooperative, title="Cải ngọt")
        factories.product(coop=cooperative, title="Rau muống")
        text = page_text(staff_client.get(LIST_URL, {"q": "cai"}))
        assert "Cải ngọt" in text
        assert "Rau muống" not in text

    def test_shows_products_on_sale_off_sale_or_low_in_stock(self, staff_client, cooperative):
        factories.product(coop=cooperative, title="Cải ngọt", stock=50)
        factories.product(coop=cooperative, title="Rau muống", stock=2)
        factories.product(coop=cooperative, title="Mồng tơi", stock=50, is_public=False)
        assert "Mồng tơi" not in page_text(staff_client.get(LIST_URL, {"show": "on"}))
        off = page_text(staff_client.get(LIST_URL, {"show": "off"}))
        assert "Mồng tơi" in off and "Cải ngọt" not in off
        low = page_text(staff_client.get(LIST_URL, {"show": "low"}))
        assert "Rau muống" in low and "Cải ngọt" not in low

    def test_links_to_add_a_product_and_to_bulk_import(self, staff_client):
        text = page_text(staff_client.get(LIST_URL))
        assert f'href="{ADD_URL}"' in text
        assert f'href="{reverse("workspace:import")}"' in text

    def test_says_products_show_in_the_shop_once_the_cooperative_is_verified(self, client, site):
        coop = factories.cooperative(status=Cooperative.Status.APPLIED)
        client.force_login(factories.cooperative_staff(coop))
        assert "sản phẩm sẽ hiện trong chợ khi" in page_text(client.get(LIST_URL))

    def test_a_verified_cooperative_is_not_told_so(self, staff_client):
        assert "sản phẩm sẽ hiện trong chợ khi" not in page_text(staff_client.get(LIST_URL))

    @pytest.mark.parametrize("count", [10, 500])
    def test_runs_the_same_queries_for_10_or_500_products(
        self, staff_client, cooperative, count, django_assert_max_num_queries
    ):
        category = factories.category()
        for n in range(count):
            factories.product(coop=cooperative, title=f"Rau {n:03d}", category=category)
        staff_client.get(LIST_URL)  # the missing-photo thumbnail is made once, then read from the cache
        with django_assert_max_num_queries(10):
            response = staff_client.get(LIST_URL)
        assert response.status_code == 200


class TestPriceAndStockInTheList:
    def test_changes_price_and_stock_and_comes_back_to_the_list(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, title="Cải ngọt", price=Decimal("14000"), stock=5)
        response = staff_client.post(
            reverse("workspace:product-quick", args=[product.pk]),
            {"price": "16.500", "stock": "30", "next": f"{LIST_URL}?q=cai"},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == f"{LIST_URL}?q=cai"
        assert "Đã lưu giá bán và tồn kho của “Cải ngọt”." in page_text(response)
        stockrecord = stockrecord_of(product)
        assert (stockrecord.price, stockrecord.num_in_stock) == (Decimal("16500"), 30)

    @pytest.mark.parametrize(
        ("price", "stock", "message"),
        [
            ("16.5", "30", "Nhập giá là số đồng nguyên"),
            ("0", "30", "số đồng nguyên dương"),
            ("16000", "-1", "Tồn kho không thể nhỏ hơn 0"),
            ("16000", "mười", "Nhập tồn kho là số nguyên"),
        ],
    )
    def test_refuses_a_bad_price_or_stock_with_a_message_and_stores_nothing(
        self, staff_client, cooperative, price, stock, message
    ):
        product = factories.product(coop=cooperative, title="Cải ngọt", price=Decimal("14000"), stock=5)
        response = staff_client.post(
            reverse("workspace:product-quick", args=[product.pk]), {"price": price, "stock": stock}, follow=True
        )
        assert "“Cải ngọt” chưa được thay đổi" in page_text(response)
        assert message in page_text(response)
        stockrecord = stockrecord_of(product)
        assert (stockrecord.price, stockrecord.num_in_stock) == (Decimal("14000"), 5)

    def test_answers_products_js_with_json_without_leaving_the_page(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, price=Decimal("14000"))
        response = staff_client.post(
            reverse("workspace:product-quick", args=[product.pk]),
            {"price": "0", "stock": "3"},
            headers={"X-Requested-With": "workspace"},
        )
        assert response.status_code == 400
        assert "số đồng nguyên dương" in response.json()["message"]

    def test_tells_products_js_what_the_row_now_shows(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, price=Decimal("14000"), stock=20, selling_unit="bunch")
        response = staff_client.post(
            reverse("workspace:product-quick", args=[product.pk]),
            {"price": "12000", "stock": "4"},
            headers={"X-Requested-With": "workspace"},
        )
        answer = response.json()
        assert answer["ok"] and answer["low"]
        assert (answer["price"], answer["stock"]) == ("12.000\xa0₫ / bó", "Còn trong kho: 4")

    def test_the_switch_takes_a_product_off_sale_and_back(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, title="Cải ngọt")
        url = reverse("workspace:product-sale", args=[product.pk])
        response = staff_client.post(url, {"on_sale": "0"}, follow=True)
        assert "“Cải ngọt” đã ngừng bán" in page_text(response)
        product.refresh_from_db()
        assert not product.is_public
        staff_client.post(url, {"on_sale": "1"})
        product.refresh_from_db()
        assert product.is_public

    def test_a_product_off_sale_leaves_the_shop(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, title="Cải ngọt Tân Phú Trung")
        assert "Cải ngọt Tân Phú Trung" in page_text(staff_client.get("/search/", {"q": "cai ngot"}))
        staff_client.post(reverse("workspace:product-sale", args=[product.pk]), {"on_sale": "0"}, follow=True)
        assert "Cải ngọt Tân Phú Trung" not in page_text(staff_client.get("/search/", {"q": "cai ngot"}))


class TestAnotherCooperativesProduct:
    """Cooperative A's staff can neither read nor change B's products: 404, nothing stored."""

    @pytest.fixture
    def other(self, db):
        return factories.product(title="Gạo Tân Nhựt", price=Decimal("30000"), stock=7)

    def test_cannot_open_it(self, staff_client, other):
        assert staff_client.get(reverse("workspace:product-edit", args=[other.pk])).status_code == 404

    def test_cannot_change_it(self, staff_client, other):
        category = factories.category()
        posts = [
            ("workspace:product-edit", product_form(category, title="Đổi tên", price="1000")),
            ("workspace:product-quick", {"price": "1000", "stock": "1"}),
            ("workspace:product-sale", {"on_sale": "0"}),
            ("workspace:product-remove", {"confirm": "1"}),
        ]
        for name, data in posts:
            assert staff_client.post(reverse(name, args=[other.pk]), data).status_code == 404
        other.refresh_from_db()
        stockrecord = stockrecord_of(other)
        assert (other.title, other.is_public) == ("Gạo Tân Nhựt", True)
        assert (stockrecord.price, stockrecord.num_in_stock) == (Decimal("30000"), 7)


class TestAddAProduct:
    def test_the_first_screen_asks_for_the_essentials_and_a_camera_photo(self, staff_client):
        Certification.objects.create(code="vietgap", name="VietGAP")
        text = page_text(staff_client.get(ADD_URL))
        for name in ("title", "category", "selling_unit", "weight_step_grams", "price", "stock"):
            assert f'name="{name}"' in text
        assert 'type="file" name="photos"' in text
        assert 'accept="image/*"' in text and 'capture="environment"' in text and "multiple" in text
        details = text.split("<details")[1]
        for name in ("certifications", "ocop_stars", "season_start", "origin_commune", "description"):
            assert f'name="{name}"' in details

    def test_adds_a_product_with_a_photo_that_shows_in_the_shop(self, staff_client, cooperative):
        category = factories.category("Rau ăn lá")
        photo = camera_photo(size=(3200, 1800))
        response = staff_client.post(ADD_URL, {**product_form(category), "photos": [photo]}, follow=True)
        assert "Đã thêm “Rau muống Tân Phú Trung”." in page_text(response)
        product = Product.objects.get(title="Rau muống Tân Phú Trung")
        stockrecord = stockrecord_of(product)
        assert stockrecord.partner == cooperative.partner
        assert (stockrecord.price, stockrecord.num_in_stock) == (Decimal("15000"), 40)
        assert list(product.categories.all()) == [category]
        image = product.images.get()
        with Image.open(image.original) as stored:
            assert max(stored.size) == MAX_PHOTO_SIDE
            assert stored.format == "JPEG"
        found = staff_client.get("/search/", {"q": "rau muong tan phu"})
        assert "Rau muống Tân Phú Trung" in page_text(found)

    def test_turns_a_sideways_camera_photo_upright_and_drops_its_exif(self, staff_client, cooperative):
        # Orientation 6: the camera held upright stores the picture turned a quarter to the left.
        photo = camera_photo(size=(40, 20), exif_orientation=6)
        staff_client.post(ADD_URL, {**product_form(factories.category()), "photos": [photo]})
        with Image.open(ProductImage.objects.get().original) as stored:
            assert stored.size == (20, 40)
            assert 0x0112 not in stored.getexif()

    def test_a_weight_step_needs_a_weight_unit(self, staff_client, cooperative):
        data = product_form(factories.category(), selling_unit="bunch", weight_step_grams="500")
        response = staff_client.post(ADD_URL, data)
        assert response.status_code == 400
        assert "kg hoặc 500 g" in page_text(response)
        assert not Product.objects.exists()

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("price", "0", "số đồng nguyên dương"),
            ("price", "15.000,5", "Nhập giá là số đồng nguyên"),
            ("stock", "-3", "Tồn kho không thể nhỏ hơn 0"),
            ("title", "", "bắt buộc"),
        ],
    )
    def test_bad_input_gets_a_message_and_stores_nothing(self, staff_client, cooperative, field, value, message):
        response = staff_client.post(ADD_URL, product_form(factories.category(), **{field: value}))
        assert response.status_code == 400
        assert "Chưa lưu gì cả" in page_text(response)
        assert message in page_text(response)
        assert not Product.objects.exists()

    def test_a_file_that_is_not_a_photo_is_refused_by_name_and_nothing_stored(self, staff_client, cooperative):
        fake = SimpleUploadedFile("anh-rau.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
        response = staff_client.post(ADD_URL, {**product_form(factories.category()), "photos": [fake]})
        assert response.status_code == 400
        assert "anh-rau.jpg" in page_text(response)
        assert not Product.objects.exists() and not ProductImage.objects.exists()

    def test_a_photo_over_the_limit_is_refused_and_nothing_stored(self, staff_client, cooperative):
        small = camera_photo().read()
        big = SimpleUploadedFile("to-qua.jpg", small + bytes(6 * 1024 * 1024), content_type="image/jpeg")
        response = staff_client.post(ADD_URL, {**product_form(factories.category()), "photos": [big]})
        assert response.status_code == 400
        assert "to-qua.jpg" in page_text(response)
        assert not Product.objects.exists()


class TestChangeAProduct:
    def test_the_form_holds_the_product_as_it_is(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, title="Cải ngọt", price=Decimal("14000"), stock=12)
        text = page_text(staff_client.get(reverse("workspace:product-edit", args=[product.pk])))
        assert 'value="Cải ngọt"' in text
        assert 'value="14000"' in text and 'value="12"' in text

    def test_saves_facts_price_stock_and_a_new_photo_together(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, title="Cải ngọt", price=Decimal("14000"), stock=12)
        category = factories.category("Rau ăn lá")
        data = {
            **product_form(category, title="Cải ngọt hữu cơ", price="18000", stock="3", ocop_stars="4"),
            "selling_unit": "500g",
            "weight_step_grams": "500",
            "photos": [camera_photo()],
        }
        response = staff_client.post(reverse("workspace:product-edit", args=[product.pk]), data)
        assert response.status_code == 302
        product.refresh_from_db()
        assert (product.title, product.ocop_stars, product.weight_step_grams) == ("Cải ngọt hữu cơ", 4, 500)
        assert list(product.categories.all()) == [category]
        assert (stockrecord_of(product).price, stockrecord_of(product).num_in_stock) == (Decimal("18000"), 3)
        assert product.images.count() == 1
        assert "cai ngot huu co" in product.search_title

    def test_a_bad_photo_leaves_the_product_as_it_was(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, title="Cải ngọt", price=Decimal("14000"))
        fake = SimpleUploadedFile("bang-gia.png", b"%PDF-1.4 not an image", content_type="image/png")
        data = {**product_form(factories.category(), title="Tên mới", price="99000"), "photos": [fake]}
        response = staff_client.post(reverse("workspace:product-edit", args=[product.pk]), data)
        assert response.status_code == 400
        product.refresh_from_db()
        assert product.title == "Cải ngọt" and stockrecord_of(product).price == Decimal("14000")


class TestPhotos:
    def test_a_photo_can_be_removed_from_the_product_form(self, staff_client, cooperative):
        product = factories.product(coop=cooperative)
        staff_client.post(
            reverse("workspace:product-edit", args=[product.pk]),
            {**product_form(factories.category(), title=product.title), "photos": [camera_photo(), camera_photo()]},
        )
        first, second = product.images.order_by("display_order")
        response = staff_client.post(
            reverse("workspace:product-photo-remove", args=[product.pk, first.pk]), follow=True
        )
        assert "Đã xoá ảnh." in page_text(response)
        assert list(product.images.all()) == [second]

    def test_another_cooperatives_photo_is_not_found(self, staff_client, cooperative):
        own = factories.product(coop=cooperative)
        other = factories.product()
        image = ProductImage.objects.create(product=other, original=camera_photo(), display_order=0)
        response = staff_client.post(reverse("workspace:product-photo-remove", args=[own.pk, image.pk]))
        assert response.status_code == 404
        response = staff_client.post(reverse("workspace:product-photo-remove", args=[other.pk, image.pk]))
        assert response.status_code == 404
        assert ProductImage.objects.filter(pk=image.pk).exists()


class TestFormPages:
    @pytest.mark.parametrize("count", [10, 500])
    def test_the_form_pages_do_not_grow_with_the_catalogue(
        self, staff_client, cooperative, count, django_assert_max_num_queries
    ):
        category = factories.category()
        products = [factories.product(coop=cooperative, category=category) for _ in range(count)]
        edit_url = reverse("workspace:product-edit", args=[products[0].pk])
        staff_client.get(edit_url)  # the session and the product class are read once
        with django_assert_max_num_queries(10):
            assert staff_client.get(ADD_URL).status_code == 200
        with django_assert_max_num_queries(14):  # the product, its photos, categories and certifications
            assert staff_client.get(edit_url).status_code == 200

    def test_english_is_under_en(self, staff_client, cooperative):
        factories.product(coop=cooperative, title="Cải ngọt")
        text = page_text(staff_client.get("/en" + LIST_URL))
        assert "Add a product" in text and "In stock: 100" in text


class TestRemoveAProduct:
    def test_a_stray_post_without_the_buttons_confirmation_deletes_nothing(self, staff_client, cooperative):
        product = factories.product(coop=cooperative)
        staff_client.post(reverse("workspace:product-remove", args=[product.pk]))
        product.refresh_from_db()
        assert product.is_public

    def test_a_product_nobody_ordered_is_deleted(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, title="Cải ngọt")
        response = staff_client.post(
            reverse("workspace:product-remove", args=[product.pk]), {"confirm": "1"}, follow=True
        )
        assert "Đã xoá “Cải ngọt”." in page_text(response)
        assert not Product.objects.filter(pk=product.pk).exists()

    def test_an_ordered_product_is_taken_off_sale_instead(self, staff_client, cooperative):
        product = factories.product(coop=cooperative, title="Cải ngọt")
        factories.order_with_parts((product, 1))
        response = staff_client.post(
            reverse("workspace:product-remove", args=[product.pk]), {"confirm": "1"}, follow=True
        )
        assert "ngừng bán" in page_text(response)
        product.refresh_from_db()
        assert not product.is_public
