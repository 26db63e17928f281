"""The demo cooperatives' storefronts: created by the approval service, then filled
the way a cooperative's staff would fill them in Wagtail's admin (a draft, then publish)."""

import datetime
import io

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from cooperatives.models import StorefrontPage
from cooperatives.storefronts import storefront_create

from . import data
from .images import PALETTE, _ascii, product_image

WagtailImage = get_image_model()


def fill_storefronts(cooperatives, log=print):
    """Give each demo cooperative a filled storefront; those that have one are left as they are."""
    created = 0
    for index, (cooperative, (name, commune, district, products)) in enumerate(
        zip(cooperatives, data.COOPERATIVES, strict=True), start=1
    ):
        if StorefrontPage.objects.filter(cooperative=cooperative).exists():
            continue
        with transaction.atomic():
            storefront = storefront_create(cooperative=cooperative)
            _fill(storefront, index, name, commune, district, products)
        created += 1
    if created:
        log(f"  + {created} storefronts")


def _fill(storefront, index, name, commune, district, products):
    flagship, flagship_category = products[0][0], products[0][1]
    colour = PALETTE.get(flagship_category, (90, 140, 70))
    storefront.tagline = f"{flagship} từ xã {commune}, {district}"
    storefront.hero_image = _wagtail_image(
        storefront, f"{name}: đồng ruộng", f"htx-{index:02d}-hero.jpg", hero_image(name, colour)
    )
    storefront.story = _story(storefront.cooperative, commune, district, products)
    storefront.gallery = [
        (
            "photo",
            {
                "image": _wagtail_image(
                    storefront, title, f"htx-{index:02d}-anh-{n}.jpg", product_image(title, category, size=400)
                ),
                "caption": f"{title} vừa thu hoạch",
            },
        )
        for n, (title, category, *_rest) in enumerate(products[:3], start=1)
    ]
    storefront.certifications = _certificates(index, products)
    storefront.save_revision().publish()


def _story(cooperative, commune, district, products):
    # "rau muống VietGAP", not "rau muống vietgap": only the first letter drops its capital.
    titles = [title[0].lower() + title[1:] for title, *_rest in products]
    names = ", ".join(titles[:-1]) + f" và {titles[-1]}"
    return (
        f"<p>{cooperative.name} được thành lập năm {cooperative.founded_year} tại xã {commune}, huyện {district}, "
        f"với {cooperative.member_count} thành viên là các hộ nông dân trong vùng.</p>"
        f"<p>Chúng tôi trồng và chế biến {names} theo quy trình an toàn, ghi chép nhật ký sản xuất "
        "và thu hoạch trong ngày để giao tận tay người mua ở Thành phố Hồ Chí Minh.</p>"
        "<p>Mời bạn ghé thăm cơ sở hoặc đặt hàng ngay trên Chợ HTX.</p>"
    )


def _certificates(index, products):
    certificates = []
    if any("vietgap" in certs for _t, _c, _p, _u, certs, _o in products):
        certificates.append(
            (
                "certificate",
                {
                    "name": "VietGAP",
                    "number": f"VietGAP-TT-{index:02d}-79-{2023 + index % 3}",
                    "issued_by": "Tổ chức chứng nhận VietGAP (dữ liệu mẫu)",
                    "valid_until": datetime.date(2026 + index % 3, 6, 30),
                },
            )
        )
    if any("organic" in certs for _t, _c, _p, _u, certs, _o in products):
        certificates.append(("certificate", {"name": "Hữu cơ (TCVN 11041)", "issued_by": "Dữ liệu mẫu"}))
    best = max((ocop for *_rest, ocop in products if ocop), default=None)
    if best:
        certificates.append(
            ("certificate", {"name": f"OCOP {best}★", "issued_by": "UBND Thành phố Hồ Chí Minh (dữ liệu mẫu)"})
        )
    return certificates


def _wagtail_image(storefront, title, filename, content):
    image = WagtailImage(title=title, collection=storefront.collection)
    image.file = ImageFile(io.BytesIO(content), name=filename)
    image.save()
    return image


def hero_image(name: str, colour, width: int = 1200, height: int = 400) -> bytes:
    """Fields under a sky: rows of the cooperative's colour, its name across the sky."""
    image = PillowImage.new("RGB", (width, height), (200, 225, 240))
    draw = ImageDraw.Draw(image)
    horizon = height * 2 // 5
    for row in range(12):
        shade = 20 if row % 2 else -20
        fill = tuple(max(0, min(255, c + shade)) for c in colour)
        top = horizon + (height - horizon) * row // 12
        draw.rectangle((0, top, width, horizon + (height - horizon) * (row + 1) // 12), fill=fill)
    draw.ellipse((width - 180, 30, width - 100, 110), fill=(250, 210, 80))
    font = ImageFont.load_default(size=height // 9)
    draw.text((width // 2, horizon // 2), _ascii(name), fill=(40, 60, 40), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
