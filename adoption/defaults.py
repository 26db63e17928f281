"""The plan's targets as first loaded (Plan 2784/KH-UBND, 23 June 2023, targets for 2025).

The data migration and the demo load these; afterwards they are data an administrator edits."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group, Permission

PLAN = "Kế hoạch 2784/KH-UBND (23/6/2023)"
PLAN_DEADLINE = datetime.date(2025, 12, 31)
OFFICERS_GROUP = "Department officers"

DEFAULT_INDICATORS = [
    {
        "code": "communes_with_online_cooperative",
        "name_vi": "Xã có hợp tác xã bán hàng trên nền tảng số",
        "name_en": "Communes with a cooperative selling online",
        "numerator_label_en": "programme communes with at least one verified cooperative with a product on sale",
        "numerator_label_vi": "xã trong chương trình có ít nhất một HTX đã xác minh đang bán sản phẩm",
        "denominator_label_en": "communes in the new-rural programme",
        "denominator_label_vi": "xã thuộc chương trình nông thôn mới",
        "target": Decimal("1"),
    },
    {
        "code": "districts_with_linkage_model",
        "name_vi": "Huyện có mô hình liên kết sản xuất gắn với tiêu thụ nông sản chủ lực",
        "name_en": "Districts with a production–consumption linkage model for a key product",
        "numerator_label_en": "programme districts with at least one active linkage model for a key product",
        "numerator_label_vi": "huyện có ít nhất một mô hình liên kết đang hoạt động cho nông sản chủ lực",
        "denominator_label_en": "districts in the programme",
        "denominator_label_vi": "huyện thuộc chương trình",
        "target": Decimal("0.8"),
    },
    {
        "code": "linkages_with_digital_technology",
        "name_vi": "Mô hình liên kết gắn với vùng nguyên liệu có ứng dụng công nghệ số",
        "name_en": "Linkage models tied to a raw-material area that apply digital technology",
        "numerator_label_en": "active linkage models tied to a raw-material area that apply a digital technology",
        "numerator_label_vi": "mô hình liên kết đang hoạt động gắn với vùng nguyên liệu có ứng dụng công nghệ số",
        "denominator_label_en": "active linkage models tied to a raw-material area",
        "denominator_label_vi": "mô hình liên kết đang hoạt động gắn với vùng nguyên liệu",
        "target": Decimal("0.7"),
    },
    {
        "code": "communes_collecting_feedback",
        "name_vi": "Xã có kênh trực tuyến lấy ý kiến người dân về mức độ hài lòng",
        "name_en": "Communes collecting residents' satisfaction online",
        "numerator_label_en": "communes with residents' feedback received online in the last 365 days",
        "numerator_label_vi": "xã nhận được ý kiến trực tuyến của người dân trong 365 ngày qua",
        "denominator_label_en": "programme communes in the 2025 layout (wards not counted)",
        "denominator_label_vi": "xã thuộc chương trình theo địa giới từ 1/7/2025 (không tính phường)",
        "target": Decimal("0.5"),
    },
    {
        "code": "cooperatives_with_trained_staff",
        "name_vi": "Hợp tác xã có cán bộ đã được tập huấn chuyển đổi số",
        "name_en": "Cooperatives with staff trained in digital transformation",
        "numerator_label_en": "verified cooperatives with at least one staff member who attended a training session",
        "numerator_label_vi": "HTX đã xác minh có ít nhất một cán bộ đã dự lớp tập huấn",
        "denominator_label_en": "verified cooperatives (suspended ones not counted)",
        "denominator_label_vi": "HTX đã xác minh (không tính HTX bị tạm ngưng)",
        "target": Decimal("1"),
    },
    {
        "code": "officials_trained",
        "name_vi": "Cán bộ xã, huyện được tập huấn trong năm",
        "name_en": "Commune and district officials trained this year",
        "numerator_label_en": "registered officials who attended a training session this year",
        "numerator_label_vi": "cán bộ đã đăng ký và đã dự lớp tập huấn trong năm",
        "denominator_label_en": "officials registered for a training course this year",
        "denominator_label_vi": "cán bộ đăng ký lớp tập huấn trong năm",
        "target": Decimal("1"),
    },
]

OFFICER_PERMISSIONS = [("adoption", "view_adoption_dashboard"), ("cooperatives", "review_application")]


def indicators_load_defaults(indicator_model=None):
    """Create the plan's indicators that do not exist yet; never overwrite an edited target."""
    if indicator_model is None:
        from adoption.models import Indicator as indicator_model
    for position, fields in enumerate(DEFAULT_INDICATORS):
        defaults = {**fields, "deadline": PLAN_DEADLINE, "source": PLAN, "position": position}
        indicator_model.objects.get_or_create(code=defaults.pop("code"), defaults=defaults)


def officers_group():
    """The department's group, with the dashboard permission (created if missing)."""
    group, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    for app_label, codename in OFFICER_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission:
            group.permissions.add(permission)
    return group
