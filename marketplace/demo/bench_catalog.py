"""Benchmark data: many products of many cooperatives, written the way the bulk import writes them.

``bench_data_load(products=10_000)`` makes one verified cooperative (with its Oscar partner) for
every 50 products, spread over the imported rural communes and their districts, and gives each
product a Vietnamese title with diacritics, a category, certifications, OCOP stars, a price in
whole đồng and stock. Products go in through ``catalog.services.products_bulk_create``, a
cooperative at a time, so their folded search text is the one real products get.

Everything is derived from the product's number, so a run is reproducible, and it tops up: the
benchmark cooperatives are known by their registration codes (``HTX-BENCH-…``) and their
products by their stock-record codes, so running it again with the same ``products`` creates
nothing, and with a larger one creates only the missing products.
"""

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from oscar.core.loading import get_model

from catalog import services
from catalog.models import Certification, SellingUnit
from cooperatives import services as cooperative_services
from cooperatives.models import Cooperative
from regions.models import AdministrativeUnit, Layout, Level

Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

CODE_PREFIX = "HTX-BENCH-"
PRODUCTS_PER_COOPERATIVE = 50

# The demo's categories and certifications (marketplace/demo/data.py), so both can share a database.
CERTIFICATIONS = [("vietgap", "VietGAP"), ("globalgap", "GlobalGAP"), ("organic", "Hữu cơ")]

# category: (selling unit, [(produce, usual price in đồng)])
PRODUCE = {
    "Rau củ": (
        SellingUnit.KILOGRAM,
        [
            ("Rau muống", 18000),
            ("Cải ngọt", 22000),
            ("Mồng tơi", 20000),
            ("Rau dền đỏ", 19000),
            ("Bí đao", 25000),
            ("Cà chua bi", 70000),
            ("Khổ qua", 28000),
            ("Đậu bắp", 26000),
            ("Cà tím", 22000),
            ("Xà lách", 60000),
            ("Cải bó xôi", 55000),
            ("Cà rốt", 45000),
        ],
    ),
    "Trái cây": (
        SellingUnit.KILOGRAM,
        [
            ("Dưa lưới ruột cam", 85000),
            ("Dưa hấu không hạt", 30000),
            ("Bưởi da xanh", 70000),
            ("Xoài cát Hòa Lộc", 90000),
            ("Chuối già Nam Mỹ", 25000),
            ("Mãng cầu ta", 60000),
            ("Ổi nữ hoàng", 35000),
            ("Sầu riêng Ri6", 150000),
            ("Chôm chôm", 40000),
        ],
    ),
    "Gạo và ngũ cốc": (
        SellingUnit.BAG,
        [
            ("Gạo ST25", 38000),
            ("Gạo lứt đỏ", 42000),
            ("Nếp cái hoa vàng", 45000),
            ("Gạo thơm Jasmine", 28000),
            ("Bột gạo lứt", 65000),
            ("Đậu phộng", 60000),
            ("Đậu xanh", 50000),
        ],
    ),
    "Nấm": (
        SellingUnit.KILOGRAM,
        [
            ("Nấm bào ngư xám", 60000),
            ("Nấm rơm", 110000),
            ("Nấm linh chi đỏ", 450000),
            ("Nấm đùi gà", 90000),
            ("Nấm mèo", 150000),
        ],
    ),
    "Thủy sản": (
        SellingUnit.KILOGRAM,
        [
            ("Tôm sú", 350000),
            ("Cua biển", 420000),
            ("Hàu Cần Giờ", 80000),
            ("Cá kèo", 160000),
            ("Nghêu", 60000),
            ("Cá lóc đồng", 120000),
        ],
    ),
    "Mật ong": (
        SellingUnit.BOTTLE,
        [
            ("Mật ong hoa nhãn", 180000),
            ("Mật ong rừng", 320000),
            ("Mật ong hoa cà phê", 200000),
            ("Phấn hoa", 250000),
        ],
    ),
    "Cà phê và trà": (
        SellingUnit.BAG,
        [
            ("Cà phê Robusta rang xay", 180000),
            ("Cà phê hạt Arabica", 260000),
            ("Trà mãng cầu", 90000),
            ("Trà atiso", 120000),
        ],
    ),
    "Trứng và thịt": (
        SellingUnit.KILOGRAM,
        [
            ("Trứng gà ta", 45000),
            ("Trứng vịt muối", 40000),
            ("Gà thả vườn", 140000),
            ("Thịt bò", 260000),
            ("Sữa bò tươi", 32000),
            ("Thịt heo sạch", 150000),
        ],
    ),
}
QUALIFIERS = ["loại 1", "sạch", "tươi", "đặc sản", "nhà vườn", "thượng hạng", "hữu cơ", "gói nhỏ"]
COOPERATIVE_KINDS = ["Nông nghiệp", "Rau sạch", "Dịch vụ nông nghiệp", "Nông sản", "Trái cây"]
# Price multipliers, so the products fall in every price range of the search facets.
PRICE_FACTORS = [0.5, 0.8, 1, 1, 1.2, 1.5, 2, 3]
SEASONS = {"Trái cây": (4, 9)}


@dataclass
class BenchResult:
    cooperatives_created: int = 0
    products_created: int = 0
    products_total: int = 0


class BenchDataError(ValueError):
    """The database lacks what benchmark data is built on (the administrative units)."""


def bench_data_load(
    *, products: int, per_cooperative: int = PRODUCTS_PER_COOPERATIVE, log: Callable[[str], None] = print
) -> BenchResult:
    """Make sure the first ``products`` benchmark products (and their cooperatives) exist."""
    if products < 0 or per_cooperative < 1:
        raise ValueError("products must be 0 or more and per_cooperative 1 or more")
    communes = _communes_across_districts()
    if not communes:
        raise BenchDataError("No communes: run `manage.py import_regions` first.")
    result = BenchResult()
    categories = _categories()
    certifications = _certifications()
    cooperative_count = -(-products // per_cooperative)  # ceiling
    existing_skus = set(
        StockRecord.objects.filter(partner__cooperative__registration_code__startswith=CODE_PREFIX).values_list(
            "partner_sku", flat=True
        )
    )
    for number in range(cooperative_count):
        with transaction.atomic():
            cooperative, created = _cooperative(number, communes)
            result.cooperatives_created += created
            first, last = number * per_cooperative, min(products, (number + 1) * per_cooperative)
            rows = [
                _product_row(index, cooperative, categories, certifications, flagship=index == first)
                for index in range(first, last)
                if _sku(index) not in existing_skus
            ]
            if rows:
                services.products_bulk_create(cooperative=cooperative, rows=rows)
                result.products_created += len(rows)
        if (number + 1) % 20 == 0:
            log(f"  {number + 1}/{cooperative_count} cooperatives, {result.products_created} products created")
    if result.products_created:
        _analyze()
    result.products_total = StockRecord.objects.filter(
        partner__cooperative__registration_code__startswith=CODE_PREFIX
    ).count()
    return result


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load: PostgreSQL, left to autovacuum,
    planned the search's queries for empty tables and took 2 s each instead of 20 ms."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _communes_across_districts() -> list[AdministrativeUnit]:
    """The rural communes, taking each district in turn, so a few cooperatives already span every district."""
    by_district = {}
    for commune in (
        AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, level=Level.COMMUNE)
        .select_related("parent")
        .order_by("code")
    ):
        by_district.setdefault(commune.parent_id, []).append(commune)
    return [commune for round_ in itertools.zip_longest(*by_district.values()) for commune in round_ if commune]


def _categories() -> dict[str, Category]:
    categories = {}
    for name in PRODUCE:
        categories[name] = Category.objects.filter(name=name, depth=1).first() or Category.add_root(name=name)
    return categories


def _certifications() -> dict[str, Certification]:
    return {
        code: Certification.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in CERTIFICATIONS
    }


def _cooperative(number: int, communes) -> tuple[Cooperative, bool]:
    code = f"{CODE_PREFIX}{number + 1:05d}"
    existing = Cooperative.objects.select_related("commune").filter(registration_code=code).first()
    if existing is not None:
        return existing, False
    commune = communes[number % len(communes)]
    kind = COOPERATIVE_KINDS[(number // len(communes)) % len(COOPERATIVE_KINDS)]
    cooperative = cooperative_services.cooperative_register(
        name=f"HTX {kind} {commune.name} {number + 1}",
        registration_code=code,
        commune=commune,
        status=Cooperative.Status.VERIFIED,
        member_count=10 + number % 90,
        address=f"Ấp {number % 6 + 1}, xã {commune.name}, {commune.parent.name if commune.parent else ''}",
    )
    return cooperative, True


def _sku(index: int) -> str:
    return f"{CODE_PREFIX}P{index + 1:07d}"


def _product_row(index: int, cooperative, categories, certifications, *, flagship: bool) -> services.NewProduct:
    rng = random.Random(index)  # the same product on every run
    category_name = rng.choice(list(PRODUCE))
    unit, produce = PRODUCE[category_name]
    name, usual_price = rng.choice(produce)
    qualifier = rng.choice(QUALIFIERS)
    price = max(1000, round(usual_price * rng.choice(PRICE_FACTORS) / 1000) * 1000)
    certification_codes = rng.choice([[], [], ["vietgap"], ["vietgap"], ["organic"], ["globalgap", "vietgap"]])
    ocop_stars = rng.choice([None] * 7 + [3, 3, 4, 5])
    season = SEASONS.get(category_name)
    return services.NewProduct(
        title=f"{name} {qualifier} {cooperative.commune.name}",
        category=categories[category_name],
        price=Decimal(price),
        stock=0 if index % 40 == 39 else rng.randint(5, 300),
        sku=_sku(index),
        certifications=[certifications[code] for code in certification_codes],
        fields={
            "description": f"{name} {qualifier} của {cooperative.name}.",
            "selling_unit": unit,
            "is_flagship": flagship,
            "ocop_stars": ocop_stars,
            "origin_commune_id": cooperative.commune_id,
            "season_start": season[0] if season else None,
            "season_end": season[1] if season else None,
        },
    )
