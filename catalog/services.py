"""Writes to the catalogue: a product and its stock record, together; one, or many at once."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils.translation import gettext as _
from oscar.checks import use_productcategory_materialised_view
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from common.content_language import in_vietnamese

from . import availability, search, suggestion_words
from .change_signals import products_bulk_written
from .models import Certification, OrderLineWeight

Category = get_model("catalogue", "Category")
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
    # ``title`` and ``description`` are the Vietnamese text whatever the page's language (``title_en``…).
    product = in_vietnamese(Product)(
        title=title, description=description, product_class=produce_product_class(), **fields
    )
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
    product_refresh_search_text(product)
    return product


def _category_names(category) -> list[str]:
    """A category's name and its ancestors': "Cà phê" is found by "đồ uống" too."""
    return [node.name for node in category.get_ancestors_and_self()]


def _searched_title(product) -> str:
    """The Vietnamese title, and the English one when there is one: "melon" finds dưa lưới."""
    return " ".join(filter(None, [product.title_vi, product.title_en]))


@in_vietnamese
def product_refresh_search_text(product) -> None:
    """Fold again what ``product`` is searched by (catalog/search.py): its title, its
    cooperative's name, its categories' (with their ancestors') and its certifications' names.

    Called after a product, its categories, certifications or stock record change; written
    with an UPDATE, so Oscar's save() (slug, dates) is not run again."""
    category_names = []
    for category in product.categories.all():
        for name in _category_names(category):
            if name not in category_names:
                category_names.append(name)
    cooperative = (
        StockRecord.objects.filter(product=product, partner__cooperative__isnull=False)
        .order_by("pk")
        .values_list("partner__cooperative__name", flat=True)
        .first()
    )
    product.search_title = search.search_text(title=product.title)[:255]
    product.search_text = search.search_text(
        title=_searched_title(product),
        cooperative_name=cooperative or "",
        category_names=category_names,
        certification_names=[certification.name for certification in product.certifications.all()],
    )
    Product.objects.filter(pk=product.pk).update(search_title=product.search_title, search_text=product.search_text)
    suggestion_words.refresh([product.pk])


_REFRESH_CHUNK = 1000  # products per round of queries: well under SQLite's limit on query parameters


@in_vietnamese
def products_refresh_search_text_many(product_ids: Iterable[int]) -> int:
    """What ``product_refresh_search_text`` does, for many products at once: after a
    cooperative, category or certification is renamed (catalog/search_receivers.py), or to
    refold every product (``manage.py refresh_search_text``).

    Four reads and a batched UPDATE per thousand products, never a save per product. Returns
    how many products were refolded."""
    product_ids = list(dict.fromkeys(product_ids))
    if not product_ids:
        return 0
    names_by_path = dict(Category.objects.values_list("path", "name"))
    ancestor_paths = _ancestor_paths(names_by_path)
    refreshed = 0
    for start in range(0, len(product_ids), _REFRESH_CHUNK):
        chunk = product_ids[start : start + _REFRESH_CHUNK]
        category_names, cooperative_names, certification_names = {}, {}, {}
        links = ProductCategory.objects.filter(product_id__in=chunk).order_by("category__path")
        for product_id, path in links.values_list("product_id", "category__path"):
            names = category_names.setdefault(product_id, [])
            for ancestor in ancestor_paths[path]:
                if names_by_path[ancestor] not in names:
                    names.append(names_by_path[ancestor])
        stockrecords = StockRecord.objects.filter(product_id__in=chunk, partner__cooperative__isnull=False)
        for product_id, name in stockrecords.order_by("-pk").values_list("product_id", "partner__cooperative__name"):
            cooperative_names[product_id] = name  # the first stock record's cooperative wins, as for one product
        certifications = Product.certifications.through.objects.filter(product_id__in=chunk)
        for product_id, name in certifications.order_by("certification__name").values_list(
            "product_id", "certification__name"
        ):
            certification_names.setdefault(product_id, []).append(name)
        products = list(Product.objects.filter(pk__in=chunk).only("pk", "title_vi", "title_en"))
        for product in products:
            product.search_title = search.search_text(title=product.title)[:255]
            product.search_text = search.search_text(
                title=_searched_title(product),
                cooperative_name=cooperative_names.get(product.pk, ""),
                category_names=category_names.get(product.pk, ()),
                certification_names=certification_names.get(product.pk, ()),
            )
        Product.objects.bulk_update(products, ["search_title", "search_text"], batch_size=500)
        suggestion_words.refresh(chunk)
        refreshed += len(products)
    return refreshed


def _ancestor_paths(names_by_path) -> dict[str, list[str]]:
    """Each category's path → its ancestors' and its own paths, from the root down (treebeard's paths)."""
    step = Category.steplen
    return {
        path: [path[:end] for end in range(step, len(path) + 1, step) if path[:end] in names_by_path]
        for path in names_by_path
    }


@dataclass(frozen=True, slots=True)
class NewProduct:
    """One product for ``products_bulk_create``: what ``product_create`` takes, but the image."""

    title: str
    category: Category
    price: Decimal
    stock: int
    sku: str | None = None
    certifications: Sequence[Certification] = ()
    # Other Product fields, by name: description, selling_unit, is_flagship, ocop_stars…
    fields: Mapping[str, object] = field(default_factory=dict)


class ProductRefused(ValidationError):
    """``products_bulk_create`` refused ``rows[index]``; nothing was written."""

    def __init__(self, index: int, error: ValidationError):
        super().__init__(error.messages)
        self.index = index


# Foreign keys are checked by the database as the rows are inserted, not by a query for
# each product; the slug is left unchecked as Oscar's save() (and product_create) leave it.
_UNCHECKED_PRODUCT_FIELDS = ["slug", "product_class", "origin_commune"]
_UNCHECKED_STOCKRECORD_FIELDS = ["product", "partner"]


@transaction.atomic
def products_bulk_create(*, cooperative, rows: Sequence[NewProduct]) -> list[Product]:
    """Create many products sold by ``cooperative``: what ``product_create`` does, a table at a time.

    It exists for the bulk import. ``product_create`` runs some 16 queries a product, so a
    file of 10,000 took about a minute, and on SQLite the import's transaction held the
    database's only write lock all that time: other writes (Oscar counts product views)
    waited out their timeout and failed with "database is locked". Here each table gets a
    few batched INSERTs, whose new ids the database returns (PostgreSQL, SQLite 3.35+).

    Each row is checked in Python first, and ``ProductRefused`` names the first bad one
    before anything is written. What would need a query per row (foreign keys, the
    cooperative's unique product codes, check constraints) is left to the database's
    constraints: a violation raises IntegrityError and, the whole being one transaction,
    nothing is written.

    A bulk insert sends no post_save signals. Of their receivers, Oscar's category view is
    refreshed here; its stock alerts concern stock records that change, not new ones; and
    Haystack's simple backend searches the database itself, so has no index to update.
    """
    product_class = produce_product_class()
    partner = cooperative.partner
    products, stockrecords = [], []
    category_names = {}  # category pk -> its and its ancestors' names: a few categories, many rows
    for index, row in enumerate(rows):
        # What Oscar's Product.save() adds: the slug from the title (structure and dates
        # come from the fields' defaults, the dates as the rows are inserted).
        product = in_vietnamese(Product)(  # the file's titles are Vietnamese, whatever the job's language
            title=row.title,
            slug=slugify(row.title),
            structure=Product.STANDALONE,
            product_class=product_class,
            **row.fields,
        )
        stockrecord = StockRecord(
            partner=partner, partner_sku=row.sku or "", price_currency="VND", price=row.price, num_in_stock=row.stock
        )
        try:
            validate_vnd(row.price)
            if not row.title:
                # Oscar's rule for a stand-alone product, in Oscar's words.
                raise ValidationError(_("Your product must have a title."))
            product.clean_fields(exclude=_UNCHECKED_PRODUCT_FIELDS)
            # Without a code, the stock record is given one from the product's id once it is known.
            stock_exclude = _UNCHECKED_STOCKRECORD_FIELDS + ([] if row.sku else ["partner_sku"])
            stockrecord.clean_fields(exclude=stock_exclude)
        except ValidationError as error:
            raise ProductRefused(index, error) from error
        if row.category.pk not in category_names:
            category_names[row.category.pk] = in_vietnamese(_category_names)(row.category)
        product.search_title = search.search_text(title=row.title)[:255]
        product.search_text = search.search_text(
            title=row.title,
            cooperative_name=cooperative.name,
            category_names=category_names[row.category.pk],
            certification_names=[certification.name_vi for certification in row.certifications],
        )
        products.append(product)
        stockrecords.append(stockrecord)

    Product.objects.bulk_create(products)
    ProductCategory.objects.bulk_create(
        ProductCategory(product_id=product.pk, category_id=row.category.pk)
        for product, row in zip(products, rows, strict=True)
    )
    ProductCertification = Product.certifications.through
    ProductCertification.objects.bulk_create(
        ProductCertification(product_id=product.pk, certification_id=certification.pk)
        for product, row in zip(products, rows, strict=True)
        for certification in row.certifications
    )
    for product, stockrecord in zip(products, stockrecords, strict=True):
        stockrecord.product = product
        if not stockrecord.partner_sku:
            stockrecord.partner_sku = f"{cooperative.registration_code}-{product.pk}"
    StockRecord.objects.bulk_create(stockrecords)
    product_category_hierarchy_refresh()
    # New products: no words to replace, none to read; only those on sale get words.
    suggestion_words.add(
        [
            product
            for product, record in zip(products, stockrecords, strict=True)
            if availability.is_on_sale(product, record)
        ]
    )
    # No save signals: cached pages must go stale all the same.
    products_bulk_written.send(sender=Product, product_ids=[product.pk for product in products], new=True)
    return products


def product_category_hierarchy_refresh() -> None:
    """What Oscar's receiver does when a product's categories are saved, which a bulk
    insert does not signal: refresh the PostgreSQL view of category ancestors, when
    Oscar is set to use it (OSCAR_CATALOGUE_USE_POSTGRES_MATERIALISED_VIEWS)."""
    if use_productcategory_materialised_view():
        with connection.cursor() as cursor:
            cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY catalogue_product_category_hierarchy;")


def order_line_weights_record(*, order) -> int:
    """Keep the weight step each line sold by weight was sold in, so the order still reads "3 × 0,5 kg"
    after the cooperative changes the product's step. Called inside the placement's transaction (checkout's
    place_order, the demo orders): the order and its steps are written together or not at all."""
    lines = order.lines.select_related("product").filter(product__weight_step_grams__isnull=False)
    weights = OrderLineWeight.objects.bulk_create(
        OrderLineWeight(line=line, step_grams=line.product.weight_step_grams) for line in lines
    )
    return len(weights)
