"""Writes to the catalogue: many products at once, as the bulk import needs."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from catalog import services
from catalog.models import Certification
from tests import factories

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def coop(db):
    return factories.cooperative(registration_code="HTX-00042")


def _new(n, **kwargs):
    values = {"title": f"Rau cải {n}", "category": factories.category(), "price": Decimal(20000 + n), "stock": n}
    return services.NewProduct(**{**values, **kwargs})


class TestCreatingManyProducts:
    def test_each_product_is_made_as_product_create_makes_one(self, coop):
        vietgap = Certification.objects.create(code="vietgap", name="VietGAP")
        one = services.product_create(
            cooperative=coop, title="Rau cải 0", category=factories.category(), price=20000, stock=0
        )

        products = services.products_bulk_create(
            cooperative=coop,
            rows=[_new(1, sku="RC-1", certifications=[vietgap], fields={"ocop_stars": 4}), _new(2)],
        )

        first, second = (Product.objects.get(pk=product.pk) for product in products)
        assert (first.title, first.slug, first.ocop_stars) == ("Rau cải 1", "rau-cai-1", 4)
        assert (first.structure, first.product_class, first.selling_unit) == (
            one.structure,
            one.product_class,
            one.selling_unit,
        )
        assert list(first.certifications.all()) == [vietgap] and not second.certifications.exists()
        assert first.categories.get() == second.categories.get() == factories.category()
        assert list(first.stockrecords.values_list("partner_sku", "price", "price_currency", "num_in_stock")) == [
            ("RC-1", 20001, "VND", 1)
        ]
        # Without a code, the stock record is named after the product, as product_create names it.
        assert second.stockrecords.get().partner_sku == f"HTX-00042-{second.pk}"
        assert one.stockrecords.get().partner_sku == f"HTX-00042-{one.pk}"

    def test_a_bad_row_is_named_by_its_position_and_nothing_is_written(self, coop):
        rows = [_new(1), _new(2, price=Decimal("1500.50")), _new(3, title="")]

        with pytest.raises(services.ProductRefused) as refused:
            services.products_bulk_create(cooperative=coop, rows=rows)

        assert refused.value.index == 1
        with pytest.raises(ValidationError) as expected:
            services.validate_vnd(Decimal("1500.50"))
        assert refused.value.messages == expected.value.messages
        assert not Product.objects.exists() and not StockRecord.objects.exists()

    @pytest.mark.parametrize("count", [5, 500])
    def test_queries_do_not_go_one_per_product(self, coop, count, django_assert_max_num_queries):
        rows = [_new(n, sku=f"RC-{n}") for n in range(count)]

        with django_assert_max_num_queries(30):
            services.products_bulk_create(cooperative=coop, rows=rows)

        assert StockRecord.objects.filter(partner=coop.partner).count() == count


def test_a_photos_thumbnails_are_made_in_every_size_the_templates_use(site, settings):
    """Without a broker nothing is queued (sorl makes each size on first view); the worker's function
    makes them all at once."""
    import io
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile
    from oscar.core.loading import get_model
    from PIL import Image

    from catalog.thumbnails import PRODUCT_IMAGE_SIZES, product_image_thumbnails_enqueue, product_image_thumbnails_make

    photo = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 60, 40)).save(photo, "JPEG")
    image = get_model("catalogue", "ProductImage").objects.create(
        product=factories.product(), original=SimpleUploadedFile("ca-chua.jpg", photo.getvalue()), display_order=0
    )
    assert product_image_thumbnails_enqueue(image.pk) is False
    assert product_image_thumbnails_make(image.pk) == len(PRODUCT_IMAGE_SIZES)
    sizes = sorted(Image.open(path).size for path in (Path(settings.MEDIA_ROOT) / "cache").rglob("*.jpg"))
    assert sizes == sorted([(264, 198), (440, 330), (65, 55), (100, 75), (200, 150)])
