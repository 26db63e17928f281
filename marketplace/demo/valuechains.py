"""Demo value chains: raw-material areas with outlines, linkage models with participants and digital
technologies, and traced batches of the demo products, all through valuechains.services."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from valuechains import gs1, services
from valuechains.models import LinkageModel

Product = get_model("catalogue", "Product")

# Rough centres of the five rural districts (longitude, latitude); areas are laid out around them.
DISTRICT_CENTRES = {
    "Củ Chi": (106.49, 11.00),
    "Hóc Môn": (106.59, 10.88),
    "Bình Chánh": (106.57, 10.73),
    "Nhà Bè": (106.72, 10.66),
    "Cần Giờ": (106.95, 10.41),
}
BUYERS = ["Saigon Co.op", "Bách Hóa Xanh", "Chợ đầu mối Bình Điền", "Công ty CP Thực phẩm Sài Gòn Xanh"]
SUPPLIERS = ["Công ty Phân bón Bình Điền", "Trung tâm Giống cây trồng TP.HCM"]
STEPS = [
    ("harvested", 0, "Vùng nguyên liệu"),
    ("sorted", 2, "Nhà sơ chế HTX"),
    ("packed", 4, "Nhà sơ chế HTX"),
    ("shipped", 6, "Kho HTX"),
]


def fill_value_chains(cooperatives, certifications, log):
    """Three cooperatives in four get a chain (so every district has some); every other chain reports
    digital technologies; each chain's first product gets a traced batch."""
    made = 0
    for index, cooperative in enumerate(cooperatives):
        if index % 4 == 3 or LinkageModel.objects.filter(lead_cooperative=cooperative).exists():
            continue
        _chain(index, cooperative, certifications)
        made += 1
    if made:
        log(f"  + {made} value chains with traced batches")


@transaction.atomic
def _chain(index, cooperative, certifications):
    commune = cooperative.commune
    product = (
        Product.objects.filter(stockrecords__partner=cooperative.partner).order_by("stockrecords__partner_sku").first()
    )
    area = services.area_create(
        cooperative=cooperative,
        name=f"Vùng nguyên liệu {commune.name}",
        commune=commune,
        hectares=Decimal(8 + index * 3) + Decimal("0.5"),
        crops=product.get_title() if product else "",
        household_count=12 + index * 3,
        location=_square(commune.parent.name, index),
        certifications=[
            {
                "certification": certifications["vietgap"],
                "valid_from": datetime.date(2025, 3, 1),
                "valid_until": datetime.date(2028, 2, 28),
            }
        ],
    )
    today = timezone.localdate()
    linkage = services.linkage_model_create(
        cooperative=cooperative,
        name=f"Liên kết {product.get_title() if product else 'nông sản'} – {BUYERS[index % len(BUYERS)]}",
        key_product=product,
        key_product_name=product.get_title() if product else "Nông sản",
        status=LinkageModel.Status.ACTIVE,
        contract_start=datetime.date(today.year, 1, 1),
        contract_end=datetime.date(today.year + 2, 12, 31),
        agreed_volume=Decimal(20 + index * 5),
        agreed_volume_unit="tonne",
        areas=[area],
        participants=[
            {"role": "household", "name": f"{area.household_count} hộ thành viên xã {commune.name}"},
            {"role": "distributor", "name": BUYERS[index % len(BUYERS)]},
            {"role": "input_supplier", "name": SUPPLIERS[index % len(SUPPLIERS)]},
        ],
    )
    if index % 2 == 0:
        started = datetime.date(today.year, 2, 1)
        services.technology_adopt(
            linkage_model=linkage, technology="traceability", started_on=started, evidence="Tem QR trên mọi lô hàng."
        )
        services.technology_adopt(
            linkage_model=linkage,
            technology="ecommerce",
            started_on=started,
            evidence="Gian hàng trên Chợ HTX.",
            evidence_url="https://example.com/cho-htx",
        )
    if index % 4 == 0:
        services.technology_adopt(
            linkage_model=linkage,
            technology="farm_diary",
            started_on=datetime.date(today.year, 3, 1),
            evidence="Nhật ký sản xuất điện tử cho từng hộ.",
        )
    if product is not None:
        _traced_batch(index, cooperative, product, area, today)


def _traced_batch(index, cooperative, product, area, today):
    if index == 0 and not product.upc:
        # One demo product with a GS1 GTIN (prefix 893), so /01/<gtin>/10/<batch> resolves.
        body = f"893{cooperative.pk:05d}{product.pk:04d}"[:12]
        product.upc = body + str(gs1.gtin_check_digit(body))
        product.save(update_fields=["upc"])
    harvest_day = today - datetime.timedelta(days=2 + index % 5)
    start = timezone.make_aware(datetime.datetime.combine(harvest_day, datetime.time(6, 0)))
    batch = services.batch_create(
        cooperative=cooperative,
        product=product,
        area=area,
        code=f"LO-{cooperative.registration_code[-4:]}-{harvest_day:%y%m%d}",
        harvest_date=harvest_day,
        quantity=Decimal(150 + index * 10),
        unit="kg",
    )
    events = {}
    for kind, hours, place in STEPS:
        events[kind] = services.trace_event_record(
            batch=batch,
            kind=kind,
            occurred_at=start + datetime.timedelta(hours=hours),
            place=f"{place}, xã {area.commune.name}",
            actor=cooperative.name,
        )
    if index == 0:
        services.trace_event_record(
            batch=batch,
            kind="packed",
            occurred_at=start + datetime.timedelta(hours=5),
            place=f"Nhà sơ chế HTX, xã {area.commune.name}",
            actor=cooperative.name,
            note="Giờ đóng gói ghi nhầm; đóng gói lúc 11:00.",
            corrects=events["packed"],
        )


def _square(district, index):
    """A small field (about 0,6 × 0,6 km) near the district's centre, a different one per cooperative."""
    lon, lat = DISTRICT_CENTRES.get(district, DISTRICT_CENTRES["Củ Chi"])
    lon, lat = round(lon + (index % 4) * 0.012, 5), round(lat + (index // 4) * 0.01, 5)
    side = 0.006
    ring = [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]
    return {"type": "Polygon", "coordinates": [[[round(x, 5), round(y, 5)] for x, y in ring]]}
