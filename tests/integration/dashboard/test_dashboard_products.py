"""A cooperative's staff manage their own products only (Oscar's partner users)."""

import io
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from catalog.models import Certification
from catalog.services import produce_product_class
from tests import factories

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

CREATE_URL = "/dashboard/catalogue/products/create/nong-san/"


def translated(message, **params):
    """A message as the dashboard shows it (in Vietnamese, the default language)."""
    with translation.override("vi"):
        text = translation.gettext(message)
    return text % params if params else text


def photo(name="rau-muong.png", size=(8, 8), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 140, 60)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def form_data(response):
    """What the browser would submit for the product page as rendered: every form's fields
    with their current values, and each formset's management form."""
    data = {}
    forms = [response.context["form"]]
    for name in ("category_formset", "image_formset", "stockrecord_formset", "recommended_formset"):
        formset = response.context.get(name)
        if formset is not None:
            forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            if field.field.disabled or isinstance(field.field, django_forms.FileField):
                continue
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    data["action"] = "save"
    return data


def new_product_data(client, **fields):
    """The create form, reached by the "New product" button and filled in as a cooperative's staff would."""
    data = form_data(client.get(reverse("dashboard:catalogue-product-create"), follow=True))
    data.update(
        {
            "title": "Rau muống Phước An",
            "description": "Rau muống nước, hái trong ngày.",
            "selling_unit": "bunch",
            "productcategory_set-0-category": str(factories.category().pk),
            "stockrecords-0-price": "150.000",
            "stockrecords-0-num_in_stock": "40",
        }
    )
    data.update(fields)
    return data


def field_errors(response, formset=None):
    if formset is None:
        return response.context["form"].errors
    return [errors for errors in response.context[formset].errors if errors]


@pytest.fixture
def coop_a(site):
    return factories.cooperative(name="HTX Phước An")


@pytest.fixture
def coop_b(site):
    return factories.cooperative(name="HTX Tân Nhựt")


@pytest.fixture
def staff_a(client, coop_a):
    client.force_login(factories.cooperative_staff(coop_a))
    return client


def nothing_saved():
    return Product.objects.count() == 0 and StockRecord.objects.count() == 0 and ProductImage.objects.count() == 0


class TestCooperativeStaffCreateProducts:
    def test_product_with_photo_and_dotted_price_appears_in_shop_at_that_price(self, staff_a, coop_a):
        vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
        commune = factories.commune("Phước Vĩnh An")
        data = new_product_data(
            staff_a,
            is_flagship="on",
            ocop_stars="4",
            certifications=[str(vietgap.pk)],
            origin_commune=str(commune.pk),
            season_start="3",
            season_end="8",
        )
        data["images-0-original"] = photo()

        response = staff_a.post(CREATE_URL, data)

        assert response.status_code == 302, field_errors(response)
        product = Product.objects.get()
        assert product.title == "Rau muống Phước An"
        assert product.product_class == produce_product_class()
        assert (product.is_flagship, product.ocop_stars, product.selling_unit) == (True, 4, "bunch")
        assert list(product.certifications.all()) == [vietgap]
        assert product.origin_commune == commune
        assert (product.season_start, product.season_end) == (3, 8)
        stockrecord = product.stockrecords.get()
        assert stockrecord.partner == coop_a.partner
        assert stockrecord.price == Decimal("150000")
        assert stockrecord.price_currency == "VND"
        assert stockrecord.num_in_stock == 40
        assert stockrecord.partner_sku.startswith(coop_a.registration_code)
        assert product.images.count() == 1
        shop = staff_a.get(reverse("catalogue:index")).content.decode()
        assert "Rau muống Phước An" in shop
        assert "150.000\xa0₫" in shop

    @pytest.mark.parametrize("typed", ["150000", "150.000", " 150.000 "])
    def test_price_is_taken_in_whole_dong_with_or_without_thousands_dots(self, staff_a, typed):
        response = staff_a.post(CREATE_URL, new_product_data(staff_a, **{"stockrecords-0-price": typed}))

        assert response.status_code == 302, field_errors(response, "stockrecord_formset")
        assert StockRecord.objects.get().price == Decimal("150000")

    @pytest.mark.parametrize("typed", ["150000.5", "150.00", "150,5", "-150000", "1.50.000", "abc", "150k"])
    def test_price_that_is_not_whole_dong_is_refused_and_nothing_saved(self, staff_a, typed):
        response = staff_a.post(CREATE_URL, new_product_data(staff_a, **{"stockrecords-0-price": typed}))

        assert response.status_code == 200
        assert field_errors(response, "stockrecord_formset") == [
            {"price": [translated("Enter the price as a whole number of đồng, for example 150000 or 150.000.")]}
        ]
        assert nothing_saved()

    def test_price_of_zero_is_refused_and_nothing_saved(self, staff_a):
        response = staff_a.post(CREATE_URL, new_product_data(staff_a, **{"stockrecords-0-price": "0"}))

        assert field_errors(response, "stockrecord_formset") == [
            {"price": [translated("A price must be a positive whole number of đồng.")]}
        ]
        assert nothing_saved()

    @pytest.mark.parametrize("typed", ["-1", "2.5", "nhiều"])
    def test_stock_that_is_not_a_whole_number_of_zero_or_more_is_refused(self, staff_a, typed):
        response = staff_a.post(CREATE_URL, new_product_data(staff_a, **{"stockrecords-0-num_in_stock": typed}))

        assert response.status_code == 200
        assert "num_in_stock" in field_errors(response, "stockrecord_formset")[0]
        assert nothing_saved()

    def test_text_file_uploaded_as_photo_is_refused_naming_the_file(self, staff_a):
        data = new_product_data(staff_a)
        data["images-0-original"] = SimpleUploadedFile("rau.jpg", b"not a photo at all", content_type="image/jpeg")

        response = staff_a.post(CREATE_URL, data)

        assert response.status_code == 200
        assert field_errors(response, "image_formset") == [
            {"original": [translated("%(name)s is not a JPEG, PNG or WebP image.", name="rau.jpg")]}
        ]
        assert translated("%(name)s is not a JPEG, PNG or WebP image.", name="rau.jpg") in response.content.decode()
        assert nothing_saved()

    def test_photo_in_another_image_format_is_refused(self, staff_a):
        data = new_product_data(staff_a)
        data["images-0-original"] = photo("rau.gif", fmt="GIF")

        response = staff_a.post(CREATE_URL, data)

        assert field_errors(response, "image_formset") == [
            {"original": [translated("%(name)s is not a JPEG, PNG or WebP image.", name="rau.gif")]}
        ]
        assert nothing_saved()

    def test_photo_over_5_mb_is_refused(self, staff_a):
        data = new_product_data(staff_a)
        data["images-0-original"] = SimpleUploadedFile("lon.png", b"\0" * (5 * 1024 * 1024 + 1))

        response = staff_a.post(CREATE_URL, data)

        [errors] = field_errors(response, "image_formset")
        assert "lon.png" in errors["original"][0]
        assert nothing_saved()

    def test_photo_with_too_many_pixels_is_refused_without_decoding_it(self, staff_a, monkeypatch):
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50)  # 64 pixels: over the warning limit only
        data = new_product_data(staff_a)
        data["images-0-original"] = photo("bom.png", size=(8, 8))

        response = staff_a.post(CREATE_URL, data)

        assert field_errors(response, "image_formset") == [
            {"original": [translated("%(name)s has too many pixels to be a photo.", name="bom.png")]}
        ]
        assert nothing_saved()

    def test_season_needs_both_months_or_neither(self, staff_a):
        response = staff_a.post(CREATE_URL, new_product_data(staff_a, season_start="3"))

        assert field_errors(response) == {
            "season_end": [
                translated("Give both the month the season starts and the month it ends, or leave both empty.")
            ]
        }
        assert nothing_saved()

    def test_form_offers_produce_facts_but_not_product_type_barcode_attributes_or_upselling(self, staff_a, coop_a):
        response = staff_a.get(reverse("dashboard:catalogue-product-create"), follow=True)

        form = response.context["form"]
        assert {"is_flagship", "ocop_stars", "certifications", "selling_unit", "origin_commune"} <= set(form.fields)
        assert {"season_start", "season_end", "title", "description", "is_public"} <= set(form.fields)
        assert "upc" not in form.fields
        assert not [name for name in form.fields if name.startswith("attr_")]
        assert "recommended_formset" not in response.context
        html = response.content.decode()
        assert 'href="#product_recommended"' not in html
        assert 'href="#product_attributes"' not in html
        partner = response.context["stockrecord_formset"].forms[0].fields["partner"]
        assert [(value.value, label) for value, label in partner.choices] == [(coop_a.partner.pk, coop_a.partner.name)]
        assert "JPEG, PNG" in response.context["image_formset"].forms[0].fields["original"].help_text

    def test_new_product_button_goes_straight_to_produce(self, staff_a):
        ProductClass.objects.create(name="Sách", slug="sach")
        list_page = staff_a.get(reverse("dashboard:catalogue-product-list"))
        assert not list_page.context["productclass_form"].fields

        response = staff_a.get(reverse("dashboard:catalogue-product-create"), {"product_class": "999"})

        assert response["Location"] == CREATE_URL

    def test_cannot_create_a_product_of_another_type(self, staff_a):
        ProductClass.objects.create(name="Sách", slug="sach")

        response = staff_a.get(reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": "sach"}))

        assert response.status_code == 404

    def test_cannot_create_a_stock_record_for_another_cooperatives_partner(self, staff_a, coop_b):
        data = new_product_data(staff_a, **{"stockrecords-0-partner": str(coop_b.partner.pk)})

        response = staff_a.post(CREATE_URL, data)

        assert response.status_code == 200
        assert "partner" in field_errors(response, "stockrecord_formset")[0]
        assert nothing_saved()
        assert not coop_b.partner.stockrecords.exists()


class TestCooperativeStaffEditProducts:
    @pytest.fixture
    def ours(self, coop_a):
        return factories.product(
            coop_a, title="Bí đao", price=Decimal("50000"), stock=10, image=("bi-dao.png", photo().read())
        )

    def test_form_shows_price_in_whole_dong(self, staff_a, ours):
        response = staff_a.get(reverse("dashboard:catalogue-product", kwargs={"pk": ours.pk}))

        assert response.context["stockrecord_formset"].forms[0]["price"].value() == "50000"
        assert len(response.context["stockrecord_formset"].forms) == 1

    def test_edit_price_and_stock(self, staff_a, ours):
        url = reverse("dashboard:catalogue-product", kwargs={"pk": ours.pk})
        data = form_data(staff_a.get(url))
        data.update({"stockrecords-0-price": "65.500", "stockrecords-0-num_in_stock": "7"})

        response = staff_a.post(url, data)

        assert response.status_code == 302, field_errors(response, "stockrecord_formset")
        stockrecord = ours.stockrecords.get()
        assert (stockrecord.price, stockrecord.num_in_stock) == (Decimal("65500"), 7)
        assert ours.images.count() == 1

    def test_bad_price_on_edit_changes_nothing(self, staff_a, ours):
        url = reverse("dashboard:catalogue-product", kwargs={"pk": ours.pk})
        data = form_data(staff_a.get(url))
        data.update({"title": "Bí đao xanh", "stockrecords-0-price": "65000.5", "stockrecords-0-num_in_stock": "7"})

        response = staff_a.post(url, data)

        assert response.status_code == 200
        ours.refresh_from_db()
        assert ours.title == "Bí đao"
        assert (ours.stockrecords.get().price, ours.stockrecords.get().num_in_stock) == (Decimal("50000"), 10)

    def test_cannot_move_own_stock_record_to_another_cooperatives_partner(self, staff_a, ours, coop_a, coop_b):
        url = reverse("dashboard:catalogue-product", kwargs={"pk": ours.pk})
        data = form_data(staff_a.get(url))
        data["stockrecords-0-partner"] = str(coop_b.partner.pk)

        response = staff_a.post(url, data)

        assert "partner" in field_errors(response, "stockrecord_formset")[0]
        assert ours.stockrecords.get().partner == coop_a.partner
        assert not coop_b.partner.stockrecords.exists()

    def test_cannot_add_a_stock_record_for_another_cooperatives_partner(self, staff_a, ours, coop_b):
        url = reverse("dashboard:catalogue-product", kwargs={"pk": ours.pk})
        data = form_data(staff_a.get(url))
        data.update(
            {
                "stockrecords-TOTAL_FORMS": "2",
                "stockrecords-1-partner": str(coop_b.partner.pk),
                "stockrecords-1-partner_sku": "B-1",
                "stockrecords-1-price": "1000",
                "stockrecords-1-num_in_stock": "1",
            }
        )

        response = staff_a.post(url, data)

        assert response.status_code == 200
        assert ours.stockrecords.count() == 1
        assert not coop_b.partner.stockrecords.exists()

    def test_cannot_delete_the_stock_record_holding_price_and_stock(self, staff_a, ours):
        url = reverse("dashboard:catalogue-product", kwargs={"pk": ours.pk})
        data = form_data(staff_a.get(url))
        data["stockrecords-0-DELETE"] = "on"

        response = staff_a.post(url, data)

        assert response.status_code == 200
        assert response.context["stockrecord_formset"].non_form_errors()
        assert ours.stockrecords.count() == 1

    def test_bulk_price_update_is_not_offered(self, staff_a, ours):
        list_url = reverse("dashboard:catalogue-product-list")
        assert "set_product_price" not in staff_a.get(list_url).context["actions"]

        response = staff_a.post(list_url, {"action": "set_product_price", "selected_product": [ours.pk]})

        assert response.status_code == 302
        assert [str(m) for m in get_messages(response.wsgi_request)] == [translated("Invalid action")]
        assert ours.stockrecords.get().price == Decimal("50000")


def test_product_list_shows_only_own_cooperatives_products(client, site):
    coop_a, coop_b = factories.cooperative(), factories.cooperative()
    factories.product(coop_a, title="Bí đao của A")
    factories.product(coop_b, title="Khổ qua của B")
    client.force_login(factories.cooperative_staff(coop_a))

    html = client.get(reverse("dashboard:catalogue-product-list")).content.decode()

    assert "Bí đao của A" in html
    assert "Khổ qua của B" not in html


def test_product_list_leaves_out_barcodes_product_types_and_variants(staff_a, coop_a):
    factories.product(coop_a, title="Bí đao")

    response = staff_a.get(reverse("dashboard:catalogue-product-list"))

    assert "upc" not in response.context["form"].fields
    columns = [column.name for column in response.context["products"].columns]
    assert "title" in columns and "stock_records" in columns
    assert not {"upc", "product_class", "variants"} & set(columns)


def test_cannot_open_or_change_another_cooperatives_product(client, site):
    coop_a, coop_b = factories.cooperative(), factories.cooperative()
    theirs = factories.product(coop_b, title="Khổ qua của B", price=28000)
    client.force_login(factories.cooperative_staff(coop_a))
    url = reverse("dashboard:catalogue-product", kwargs={"pk": theirs.pk})

    assert client.get(url).status_code in (403, 404)
    client.post(url, {"title": "Bị sửa", "stockrecords-TOTAL_FORMS": "0"})

    theirs.refresh_from_db()
    assert theirs.title == "Khổ qua của B"
    assert theirs.stockrecords.get().price == 28000


def test_cannot_edit_another_cooperatives_product_with_a_complete_form(staff_a, coop_a, coop_b):
    theirs = factories.product(coop_b, title="Khổ qua của B", price=28000, stock=5)
    ours = factories.product(coop_a, title="Bí đao")
    data = form_data(staff_a.get(reverse("dashboard:catalogue-product", kwargs={"pk": ours.pk})))
    data.update({"title": "Bị sửa", "stockrecords-0-id": str(theirs.stockrecords.get().pk)})

    response = staff_a.post(reverse("dashboard:catalogue-product", kwargs={"pk": theirs.pk}), data)

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Khổ qua của B"
    assert (theirs.stockrecords.get().price, theirs.stockrecords.get().num_in_stock) == (28000, 5)


def test_cannot_delete_another_cooperatives_product(staff_a, coop_b):
    theirs = factories.product(coop_b, title="Khổ qua của B")
    url = reverse("dashboard:catalogue-product-delete", kwargs={"pk": theirs.pk})

    assert staff_a.get(url).status_code == 404
    assert staff_a.post(url).status_code == 404
    assert Product.objects.filter(pk=theirs.pk).exists()


def test_can_delete_own_product(staff_a, coop_a):
    ours = factories.product(coop_a, title="Bí đao")

    response = staff_a.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": ours.pk}))

    assert response.status_code == 302
    assert not Product.objects.filter(pk=ours.pk).exists()


@pytest.mark.parametrize("count", [5, 50])
def test_product_list_query_count_does_not_grow_with_products(
    staff_a, coop_a, coop_b, count, django_assert_max_num_queries
):
    image = photo().read()
    for i in range(count):
        factories.product(coop_a, title=f"Rau {i}", image=(f"rau-{i}.png", image))
        factories.product(coop_b, title=f"Khổ qua {i}")
    url = reverse("dashboard:catalogue-product-list")
    staff_a.get(url)  # warm the thumbnail store

    with django_assert_max_num_queries(16):
        response = staff_a.get(url)

    html = response.content.decode()
    assert html.count('name="selected_product"') == min(count, 20)
    assert "Khổ qua" not in html


def test_officer_sees_every_cooperatives_products_and_oscars_full_form(client, coop_a, coop_b):
    ours = factories.product(coop_a, title="Bí đao của A")
    factories.product(coop_b, title="Khổ qua của B")
    client.force_login(factories.user(is_staff=True, is_superuser=True))

    html = client.get(reverse("dashboard:catalogue-product-list")).content.decode()
    page = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": ours.pk}))

    assert "Bí đao của A" in html and "Khổ qua của B" in html
    assert "upc" in page.context["form"].fields
    assert "recommended_formset" in page.context
    assert 'href="#product_recommended"' in page.content.decode()


def test_cooperative_staff_are_never_staff_users(site):
    staff = factories.cooperative_staff(factories.cooperative())
    assert not staff.is_staff
    assert staff.has_perm("partner.dashboard_access")
