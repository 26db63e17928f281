"""Demo business buyers: two schools, a supermarket and a restaurant group in four of the city's
former districts, verified through organisations.services, each with delivery sites and a demo user
(the password is the demo's)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from organisations import services
from organisations.models import DeliverySite, Membership, Organisation

from . import data

User = get_user_model()
HCMC = (79, "Thành phố Hồ Chí Minh")
# Wards and communes of the 2025 layout, named after the districts they replaced.
CU_CHI = (27553, "Xã Củ Chi")
BINH_CHANH = (27637, "Xã Bình Chánh")
HOC_MON = (27559, "Xã Hóc Môn")
BEN_THANH = (26743, "Phường Bến Thành")
SAI_GON = (26740, "Phường Sài Gòn")
THU_DUC = (26824, "Phường Thủ Đức")

# (user e-mail, name, kind, tax code, contact, phone, (street, commune), [(site, street, commune, notes)])
ORGANISATIONS = [
    (
        "school1@example.com",
        "Trường Tiểu học Củ Chi",
        Organisation.Kind.SCHOOL,
        "0312345673",
        "Nguyễn Thị Hoa",
        "+842837921234",
        ("15 Tỉnh lộ 8", CU_CHI),
        [("Bếp ăn bán trú", "15 Tỉnh lộ 8", CU_CHI, "Giao trước 6 giờ 30 sáng, cổng phụ.")],
    ),
    (
        "school2@example.com",
        "Trường Mầm non Bình Chánh",
        Organisation.Kind.SCHOOL,
        "0318765434",
        "Lê Thị Thu",
        "+842837601234",
        ("88 Quốc lộ 1A", BINH_CHANH),
        [
            ("Bếp ăn cơ sở 1", "88 Quốc lộ 1A", BINH_CHANH, "Rau củ giao trong ngày."),
            ("Bếp ăn cơ sở 2", "12 Đường số 7", BINH_CHANH, ""),
        ],
    ),
    (
        "supermarket@example.com",
        "Siêu thị Xanh Hóc Môn",
        Organisation.Kind.SUPERMARKET,
        "0306452116",
        "Phạm Văn Tài",
        "+84908123456",
        ("20 Lê Thị Hà", HOC_MON),
        [
            ("Kho nhận hàng Hóc Môn", "20 Lê Thị Hà", HOC_MON, "Nhận hàng 5–9 giờ sáng."),
            ("Cửa hàng Thủ Đức", "3 Võ Văn Ngân", THU_DUC, ""),
        ],
    ),
    (
        "restaurant@example.com",
        "Chuỗi nhà hàng Bếp Sài Gòn",
        Organisation.Kind.RESTAURANT,
        "0315987238",
        "Trần Minh Khoa",
        "+84909876543",
        ("45 Lê Lợi", BEN_THANH),
        [
            ("Nhà hàng Bến Thành", "45 Lê Lợi", BEN_THANH, ""),
            ("Nhà hàng Sài Gòn", "9 Nguyễn Huệ", SAI_GON, "Gọi trước khi giao."),
        ],
    ),
]


def _place(commune):
    return {
        "commune_code": commune[0],
        "commune_name": commune[1],
        "province_code": HCMC[0],
        "province_name": HCMC[1],
    }


def _user(email, first_name):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, password=data.DEMO_PASSWORD, first_name=first_name)
    return user


@transaction.atomic
def fill_organisations(log):
    officer = User.objects.get(email="officer@example.com")
    made = 0
    for email, name, kind, tax_code, contact, phone, (street, commune), sites in ORGANISATIONS:
        if Organisation.objects.filter(tax_code=tax_code).exists():
            continue
        organisation = Organisation(
            name=name, kind=kind, tax_code=tax_code, contact_name=contact, phone=phone, street=street, **_place(commune)
        )
        services.organisation_apply(applicant=_user(email, contact), language="vi", organisation=organisation)
        services.organisation_verify(organisation=organisation, officer=officer)
        for site_name, site_street, site_commune, notes in sites:
            DeliverySite.objects.create(
                organisation=organisation,
                name=site_name,
                street=site_street,
                contact_name=contact,
                phone=phone,
                notes=notes,
                **_place(site_commune),
            )
        made += 1
    # The supermarket's accountant pays, without ordering or approving: roles are several and apart.
    supermarket = Organisation.objects.get(tax_code="0306452116")
    Membership.objects.get_or_create(
        organisation=supermarket,
        user=_user("accountant@example.com", "Kế toán"),
        defaults={"can_order": False, "can_approve": False, "can_pay": True},
    )
    log(f"Business buyers: {made} new")
