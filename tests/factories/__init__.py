"""Test data built through the same services the app uses."""

import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from catalog import services as catalog_services
from cooperatives import services as cooperative_services
from cooperatives import storefronts as storefront_services
from cooperatives.models import Cooperative
from regions.models import AdministrativeUnit, Layout, Level

_seq = itertools.count(1)
User = get_user_model()
Category = get_model("catalogue", "Category")


def commune(name="An Phú", district_name="Củ Chi"):
    city, _ = AdministrativeUnit.objects.get_or_create(
        layout=Layout.BEFORE_2025, code="79", defaults={"name": "Thành phố Hồ Chí Minh", "level": Level.CITY}
    )
    district = AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, name=district_name).first()
    if district is None:
        district = AdministrativeUnit.objects.create(
            layout=Layout.BEFORE_2025,
            code=str(700 + next(_seq)),
            name=district_name,
            level=Level.DISTRICT,
            parent=city,
            is_rural=True,
        )
    unit = AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, name=name, parent=district).first()
    return unit or AdministrativeUnit.objects.create(
        layout=Layout.BEFORE_2025,
        code=str(27000 + next(_seq)),
        name=name,
        level=Level.COMMUNE,
        parent=district,
        is_rural=True,
        in_new_rural_programme=True,
    )


def cooperative(name=None, status=Cooperative.Status.VERIFIED, **kwargs):
    n = next(_seq)
    return cooperative_services.cooperative_register(
        name=name or f"HTX Rau sạch số {n}",
        registration_code=kwargs.pop("registration_code", f"HTX-{n:05d}"),
        commune=kwargs.pop("commune", None) or commune(),
        status=status,
        **kwargs,
    )


def user(email=None, password="demo12345", **kwargs):
    n = next(_seq)
    email = email or f"user{n}@example.com"
    return User.objects.create_user(username=email, email=email, password=password, **kwargs)


def cooperative_staff(coop, email=None):
    staff = user(email=email)
    cooperative_services.cooperative_add_staff(cooperative=coop, user=staff)
    return staff


def category(name="Rau củ"):
    existing = Category.objects.filter(name=name).first()
    return existing or Category.add_root(name=name)


def product(coop=None, title=None, price=Decimal("50000"), stock=100, **kwargs):
    n = next(_seq)
    return catalog_services.product_create(
        cooperative=coop or cooperative(),
        title=title or f"Rau muống {n}",
        category=kwargs.pop("category", None) or category(),
        price=price,
        stock=stock,
        **kwargs,
    )


def officer(email=None):
    from django.contrib.auth.models import Permission

    user_ = user(email=email, is_staff=True)
    user_.user_permissions.add(
        Permission.objects.get(codename="review_application", content_type__app_label="cooperatives"),
        Permission.objects.get(codename="view_adoption_dashboard", content_type__app_label="adoption"),
    )
    return user_


def storefront(coop=None):
    """A cooperative's storefront, as approval creates it (with its editors' group and collection)."""
    return storefront_services.storefront_create(cooperative=coop or cooperative())


def order_with_parts(*items, choices=None, buyer=None, language="vi"):
    """An order of ``(product, quantity)`` pairs with one part per cooperative, as checkout makes it.

    ``choices`` maps a cooperative to "delivery" or "pickup" (delivery by default)."""
    from django.db import transaction
    from oscar.test.factories import create_basket, create_order

    from fulfilment.services import order_parts_create

    basket = create_basket(empty=True)
    for product_, quantity in items:
        basket.add_product(product_, quantity=quantity)
    chosen = {coop.pk: method for coop, method in (choices or {}).items()}
    with transaction.atomic():
        order = create_order(basket=basket, user=buyer or user())
        coop_ids = Cooperative.objects.filter(partner__order_lines__order=order).values_list("pk", flat=True)
        order_parts_create(
            order=order, choices={pk: chosen.get(pk, "delivery") for pk in set(coop_ids)}, language=language
        )
    return order


# --- Value chains (helper V) ------------------------------------------------------------------------

SQUARE_IN_CU_CHI = {
    "type": "Polygon",
    "coordinates": [[[106.49, 11.01], [106.50, 11.01], [106.50, 11.02], [106.49, 11.02], [106.49, 11.01]]],
}


def raw_material_area(coop=None, **kwargs):
    from valuechains import services as valuechain_services

    coop = coop or cooperative()
    fields = {
        "name": f"Cánh đồng số {next(_seq)}",
        "commune": coop.commune,
        "hectares": Decimal("12.50"),
        "crops": "Rau ăn lá",
        "household_count": 18,
        "location": SQUARE_IN_CU_CHI,
    }
    fields.update(kwargs)
    return valuechain_services.area_create(cooperative=coop, **fields)


def batch(coop=None, product_=None, area=None, code=None, **kwargs):
    import datetime

    from valuechains import services as valuechain_services

    coop = coop or cooperative()
    fields = {
        "harvest_date": datetime.date(2026, 11, 20),
        "quantity": Decimal("250"),
        "unit": "kg",
    }
    fields.update(kwargs)
    return valuechain_services.batch_create(
        cooperative=coop,
        product=product_ or product(coop=coop),
        area=area or raw_material_area(coop),
        code=code or f"LOT-{next(_seq):05d}",
        **fields,
    )


def trace_event(batch_, kind="harvested", **kwargs):
    import datetime

    from django.utils import timezone

    from valuechains import services as valuechain_services

    fields = {
        "occurred_at": timezone.make_aware(datetime.datetime(2026, 11, 20, 6, 30)),
        "place": "Ấp 3, xã An Phú",
        "actor": "Tổ sản xuất số 2",
    }
    fields.update(kwargs)
    return valuechain_services.trace_event_record(batch=batch_, kind=kind, **fields)


# --- Adoption (the department's indicators) -----------------------------------------------------------


def real_geography():
    """HCMC's 58 rural communes (56 in the programme) and the 2025 merger, from regions/data."""
    from django.core.management import call_command

    if not AdministrativeUnit.objects.filter(layout=Layout.BEFORE_2025, code="27499").exists():
        call_command("import_regions", stdout=open("/dev/null", "w"))
    from adoption.defaults import indicators_load_defaults

    indicators_load_defaults()


def unit(code, layout=Layout.BEFORE_2025):
    return AdministrativeUnit.objects.get(layout=layout, code=code)


def linkage_model(coop, *, status="active", areas=(), technologies=(), delivered_on=None, site=None, **kwargs):
    """A linkage model as a cooperative records it; ``delivered_on`` adds a delivery under its contract that day
    (``linkage_delivery``), the evidence the plan's indicators count it on."""
    import datetime

    from valuechains.models import DigitalTechnologyAdoption, LinkageModel

    fields = {"name": f"Liên kết rau an toàn {next(_seq)}", "key_product_name": "Rau ăn lá"}
    fields.update(kwargs)
    model = LinkageModel.objects.create(lead_cooperative=coop, status=status, **fields)
    model.areas.set(areas)
    for technology in technologies:
        DigitalTechnologyAdoption.objects.create(
            linkage_model=model,
            technology=technology,
            started_on=datetime.date(2026, 1, 5),
            evidence="Nhật ký điện tử",
        )
    if delivered_on is not None:
        linkage_delivery(model, delivered_on, site=site)
    return model


def linkage_delivery(model, delivered_on, *, delivered=True, site=None, order=None):
    """A delivery under ``model``'s contract on ``delivered_on``: a placed standing order whose order's part is
    delivered that day (``delivered=False``: placed, not delivered). Without ``order``, the lead cooperative's
    product is made for the order and sold out by it, so the cooperative's online status does not change."""
    from marketplace.demo.deliveries import linkage_delivery_record

    site = site or delivery_site(organisation(kind="school"))
    if order is None:
        order = order_with_parts((product(coop=model.lead_cooperative, stock=1), 1))
    return linkage_delivery_record(
        linkage_model=model, site=site, order=order, delivered_on=delivered_on, delivered=delivered
    )


# --- Money (lifecycle/) ----------------------------------------------------------------------------


def pay(order, amount=None, reference=None):
    """Money for ``order`` arrives the way its payment method brings it (the whole due by default)."""
    from django.db import transaction

    from lifecycle import money, parts, receipts

    with transaction.atomic():
        order = parts.order_lock(order.pk)
        due = money.order_dues(order).due if amount is None else Decimal(amount)
        return receipts.money_received(
            order=order, method=money.order_method(order), amount=due, reference=reference or f"REF-{next(_seq)}"
        )


def photo(name="anh.jpg", size=(64, 48), colour=(60, 140, 60)) -> tuple[str, bytes]:
    """A small JPEG, as ``product_create(image=...)`` takes it: the home page features only products with a photo."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return name, buffer.getvalue()


_tax_seq = itertools.count(1)


def tax_code() -> str:
    """A valid, fresh 10-digit tax code (mã số thuế)."""
    from stdnum.vn import mst

    while True:
        body = f"03{next(_tax_seq):07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:  # a body whose check digit would be 10 has no valid code
            return body + check


def organisation(name=None, *, kind="school", status="verified", applicant=None, officer_=None, **fields):
    """A business buyer applied for through the service, then verified (or left as applied)."""
    from organisations import services as organisation_services
    from organisations.models import Organisation

    n = next(_seq)
    place = {
        "street": "12 Lê Lợi",
        "commune_code": 26743,
        "commune_name": "Phường Bến Thành",
        "province_code": 79,
        "province_name": "Thành phố Hồ Chí Minh",
    }
    row = Organisation(
        name=name or f"Trường Tiểu học số {n}",
        kind=kind,
        tax_code=fields.pop("tax_code", None) or tax_code(),
        contact_name=fields.pop("contact_name", "Nguyễn Thị Lan"),
        phone=fields.pop("phone", "+84283822123"),
        **{**place, **fields},
    )
    organisation_services.organisation_apply(applicant=applicant or user(), language="vi", organisation=row)
    if status == "verified":
        organisation_services.organisation_verify(organisation=row, officer=officer_ or officer())
        row.refresh_from_db()
    return row


def delivery_site(org, name=None, **fields):
    from organisations.models import DeliverySite

    n = next(_seq)
    return DeliverySite.objects.create(
        organisation=org,
        name=name or f"Bếp ăn {n}",
        contact_name="Trần Văn Minh",
        phone="+84901234567",
        street=f"{n} Nguyễn Huệ",
        commune_code=26740,
        commune_name="Phường Sài Gòn",
        province_code=79,
        province_name="Thành phố Hồ Chí Minh",
        **fields,
    )
