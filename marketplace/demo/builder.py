"""Builds the demo data through the services the app itself uses.

Every step looks up what exists first, so running it twice changes nothing.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.db import transaction
from oscar.core.loading import get_class, get_model

from catalog import services as catalog_services
from catalog.models import Certification
from cooperatives import services as cooperative_services
from cooperatives.models import Application, Cooperative
from fulfilment import services as fulfilment_services
from payments import services as payment_services
from payments.models import PaymentMethod
from regions.models import AdministrativeUnit, Layout, Level

from . import data
from .adoption import fill_adoption
from .content import fill_content
from .contract_history import fill_contract_history
from .contracts import fill_contracts
from .deliveries import fill_linkage_deliveries
from .english import fill_english
from .images import product_image
from .invoices import fill_invoices
from .organisations import fill_organisations
from .storefronts import fill_storefronts
from .training import fill_training
from .valuechains import fill_value_chains

User = get_user_model()
Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")
OrderCreator = get_class("order.utils", "OrderCreator")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
ShippingRepository = get_class("shipping.repository", "Repository")
Selector = get_class("partner.strategy", "Selector")

OFFICERS_GROUP = "Department officers"
# What an officer of the department may read in Oscar's dashboard.
OFFICER_PERMISSIONS = [
    ("order", "view_order"),
    ("order", "view_line"),
    ("catalogue", "view_product"),
    ("partner", "view_partner"),
    ("partner", "view_stockrecord"),
    ("cooperatives", "view_cooperative"),
    ("cooperatives", "review_application"),
    ("adoption", "view_adoption_dashboard"),
]


def build(log=print):
    _site()
    _vietnam()
    certifications = _certifications()
    categories = _categories()
    cooperatives = _cooperatives(certifications, categories, log)
    _accounts(cooperatives)
    fill_storefronts(cooperatives, log)
    fill_value_chains(cooperatives, certifications, log)
    _orders(cooperatives, log)
    _onboarding_examples()
    fill_organisations(log)
    fill_contracts(log)
    fill_invoices(log)
    fill_contract_history(log)
    fill_linkage_deliveries(log)
    fill_content(log)
    # After the content: the courses take the training library's resources as materials.
    fill_training(log)
    fill_english(log)
    fill_adoption(log)


def _site():
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": "127.0.0.1:8000", "name": "Chợ HTX"})


def _vietnam():
    Country.objects.update_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "name": "Việt Nam",
            "printable_name": "Việt Nam",
            "is_shipping_country": True,
            "display_order": 1,
        },
    )


def _certifications():
    return {
        code: Certification.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in data.CERTIFICATIONS
    }


def _categories():
    categories = {}
    for name in data.CATEGORIES:
        categories[name] = Category.objects.filter(name=name, depth=1).first() or Category.add_root(name=name)
    return categories


def _commune(name, district):
    return AdministrativeUnit.objects.get(
        layout=Layout.BEFORE_2025, level=Level.COMMUNE, name=name, parent__name=district
    )


@transaction.atomic
def _cooperatives(certifications, categories, log):
    cooperatives = []
    for index, (name, commune_name, district, products) in enumerate(data.COOPERATIVES, start=1):
        code = f"HTX-79-{index:04d}"
        commune = _commune(commune_name, district)
        cooperative = Cooperative.objects.filter(registration_code=code).first()
        if cooperative is None:
            cooperative = cooperative_services.cooperative_register(
                name=name,
                registration_code=code,
                commune=commune,
                status=Cooperative.Status.VERIFIED,
                founded_year=2005 + index % 15,
                member_count=12 + index * 7,
                contact_name="Nguyễn Văn " + "ABCDEGHKLMNPQSTUVXYĐ"[index - 1],
                phone=f"09{index:02d}123456",
                email=f"htx{index}@example.com",
                address=f"Ấp {index % 5 + 1}, xã {commune_name}, {district}",
                description=f"{name} liên kết các hộ nông dân xã {commune_name} sản xuất theo quy trình an toàn.",
                **_delivery_options(index, commune_name, district),
            )
            log(f"  + {name}")
        for position, (title, category, price, unit, certs, ocop) in enumerate(products):
            sku = _demo_sku(cooperative, position)
            if StockRecord.objects.filter(partner=cooperative.partner, partner_sku=sku).exists():
                continue
            season = data.SEASONS.get(category)
            step_grams = data.WEIGHT_STEPS.get(title)
            catalog_services.product_create(
                cooperative=cooperative,
                title=title,
                category=categories[category],
                # A product sold by weight is priced per step (its kilogram price × the step).
                price=Decimal(price) * step_grams / 1000 if step_grams else Decimal(price),
                stock=20 + (index * 13 + position * 7) % 180,
                sku=sku,
                description=f"{title} của {name}, thu hoạch tại xã {commune_name}, huyện {district}.",
                certifications=[certifications[c] for c in certs],
                image=(f"{sku.lower()}.jpg", product_image(title, category)),
                is_flagship=position == 0,
                ocop_stars=ocop,
                selling_unit=unit,
                weight_step_grams=step_grams,
                origin_commune=commune,
                season_start=season[0] if season else None,
                season_end=season[1] if season else None,
            )
        cooperatives.append(cooperative)
    return cooperatives


def _delivery_options(index, commune_name, district):
    """Every cooperative delivers (fees 20.000–35.000 ₫, free from 300.000 ₫ for half of them); most
    also offer pickup at the cooperative, and every fifth one pickup only."""
    pickup_only = index % 5 == 0
    return {
        "offers_delivery": not pickup_only,
        "delivery_fee": Decimal(20000 + (index % 4) * 5000),
        "free_delivery_threshold": Decimal(300000) if index % 2 == 0 else None,
        "offers_pickup": pickup_only or index % 3 != 0,
        "pickup_address": f"Trụ sở HTX, ấp {index % 5 + 1}, xã {commune_name}, {district}",
        "pickup_hours": "Thứ Hai – Thứ Bảy, 7:00–17:00",
    }


def _user(email, **flags):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, password=data.DEMO_PASSWORD, **flags)
    return user


@transaction.atomic
def _accounts(cooperatives):
    admin = _user("admin@example.com", is_staff=True, is_superuser=True, first_name="Quản trị")
    officers, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    officers.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in OFFICER_PERMISSIONS
    )
    officer = _user("officer@example.com", is_staff=True, first_name="Cán bộ", last_name="Sở NN&PTNT")
    officer.groups.add(officers)
    for email, index in data.COOPERATIVE_STAFF:
        manager = _user(email)
        cooperative_services.cooperative_add_staff(cooperative=cooperatives[index], user=manager)
        cooperatives[index].managers.add(manager)
    _user("buyer@example.com", first_name="Lan", last_name="Nguyễn")
    return admin


# (buyer e-mail or None for a guest, [(cooperative index, product position, quantity)]); the first
# is paid by VietQR transfer (awaited: officers record it at /payments/transfers/), the rest in cash.
DEMO_ORDERS = [
    ("buyer@example.com", [(0, 0, 2), (9, 0, 1)]),
    ("buyer@example.com", [(0, 1, 1), (9, 1, 2), (17, 0, 1)]),
    ("buyer@example.com", [(1, 0, 1)]),
    (None, [(0, 2, 3), (9, 2, 1)]),
    (None, [(5, 0, 2)]),
    (None, [(12, 1, 1), (18, 0, 1)]),
]


def _orders(cooperatives, log):
    if Order.objects.exists():
        return
    for number, (email, lines) in enumerate(DEMO_ORDERS, start=1):
        user = User.objects.get(email=email) if email else None
        _place_order(
            user=user,
            guest_email="" if user else f"khach{number}@example.com",
            lines=[(_demo_product(cooperatives[c], position), quantity) for c, position, quantity in lines],
            payment_method=PaymentMethod.BANK_TRANSFER if number == 1 else PaymentMethod.CASH_ON_DELIVERY,
        )
    log(f"  + {len(DEMO_ORDERS)} orders")


def _demo_sku(cooperative, position):
    return f"{cooperative.registration_code}-{position + 1:02d}"


def _demo_product(cooperative, position):
    return StockRecord.objects.get(partner=cooperative.partner, partner_sku=_demo_sku(cooperative, position)).product


@transaction.atomic
def _place_order(*, user, guest_email, lines, payment_method):
    """The same Oscar classes the checkout uses: basket, strategy, totals, OrderCreator."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product, quantity in lines:
        basket.add_product(product, quantity)
    address = ShippingAddress.objects.create(
        first_name="Lan",
        last_name="Nguyễn",
        line1="12 Lê Lợi, phường Bến Thành",
        line4="TP. Hồ Chí Minh",
        country=Country.objects.get(iso_3166_1_a2="VN"),
        phone_number="+84901234567",
    )
    method = ShippingRepository().get_default_shipping_method(basket=basket, shipping_addr=address)
    shipping_charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, shipping_charge)
    order_number = OrderNumberGenerator().order_number(basket)
    order = OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=shipping_charge,
        user=user,
        shipping_address=address,
        order_number=order_number,
        guest_email=guest_email,
    )
    catalog_services.order_line_weights_record(order=order)
    # One part per cooperative, each delivered or picked up as its cooperative offers by default.
    choices = {group.cooperative.pk: group.delivery_method for group in method.groups}
    fulfilment_services.order_parts_create(order=order, choices=choices, language=settings.LANGUAGE_CODE)
    source = payment_services.payment_source_for(payment_method, total=total)
    source.order = order
    source.save()
    payment_services.order_payment_create(order=order, method=payment_method)
    basket.submit()
    return order


# A minimal valid PDF, standing in for a scanned registration certificate.
DEMO_CERTIFICATE = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


@transaction.atomic
def _onboarding_examples():
    """A pending application and a suspended cooperative, through the onboarding services."""
    officer = User.objects.get(email="officer@example.com")
    applicant = _user("applicant@example.com", first_name="Bình", last_name="Trần")
    if not Application.objects.filter(applicant=applicant).exists():
        cooperative_services.application_submit(
            applicant=applicant,
            language="vi",
            documents=[ContentFile(DEMO_CERTIFICATE, name="giay-chung-nhan-dang-ky.pdf")],
            cooperative_name="HTX Rau mầm Tân Phú Trung",
            registration_code="HTX-79-0101",
            commune=_commune("Tân Phú Trung", "Củ Chi"),
            legal_representative="Trần Văn Bình",
            phone="0909123456",
            member_count=18,
            main_products="Rau mầm, rau ăn lá thủy canh",
        )
    if not Cooperative.objects.filter(registration_code="HTX-79-0102").exists():
        suspended = cooperative_services.cooperative_register(
            name="HTX Nông sản Phạm Văn Hai",
            registration_code="HTX-79-0102",
            commune=_commune("Phạm Văn Hai", "Bình Chánh"),
            status=Cooperative.Status.VERIFIED,
            member_count=22,
        )
        cooperative_services.cooperative_suspend(
            cooperative=suspended, officer=officer, reason="Chưa gia hạn giấy chứng nhận VietGAP."
        )
