"""Writes to the catalogue: a product and its stock record, together."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

PRODUCE_CLASS_NAME = "Nông sản"


def produce_product_class():
    product_class, _created = ProductClass.objects.get_or_create(
        slug="nong-san", defaults={"name": PRODUCE_CLASS_NAME, "requires_shipping": True, "track_stock": True}
    )
    return product_class


def validate_vnd(price) -> Decimal:
    """Prices are whole đồng: 150000, never 150000.50."""
    price = Decimal(price)
    if price <= 0 or price != price.to_integral_value():
        raise ValidationError(_("A price must be a positive whole number of đồng."))
    return price


@transaction.atomic
def product_create(
    *,
    cooperative,
    title: str,
    category,
    price,
    stock: int,
    description: str = "",
    certifications=(),
    image: tuple[str, bytes] | None = None,
    sku: str | None = None,
    **fields,
):
    """Create a product sold by ``cooperative`` with its price (VND) and stock."""
    price = validate_vnd(price)
    product = Product(title=title, description=description, product_class=produce_product_class(), **fields)
    product.full_clean(exclude=["slug", "upc"])
    product.save()
    ProductCategory.objects.create(product=product, category=category)
    if certifications:
        product.certifications.set(certifications)
    StockRecord.objects.create(
        product=product,
        partner=cooperative.partner,
        partner_sku=sku or f"{cooperative.registration_code}-{product.pk}",
        price_currency="VND",
        price=price,
        num_in_stock=stock,
    )
    if image:
        filename, content = image
        ProductImage.objects.create(product=product, original=ContentFile(content, name=filename), display_order=0)
    return product
