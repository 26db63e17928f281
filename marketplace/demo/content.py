"""The department's demo content: news, the training library and a campaign on the home page,
made the way an editor makes them in Wagtail's admin (a revision, then publish)."""

import datetime
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from marketplace.models import ArticleIndexPage, ArticlePage, HomePage, TrainingLibraryPage, TrainingResourcePage

from .storefronts import hero_image

WagtailImage = get_image_model()
WagtailDocument = get_document_model()

# (slug, title, date, intro, paragraphs, quote, attribution, colour)
ARTICLES = [
    (
        "dua-luoi-cu-chi-vao-vu",
        "Dưa lưới nhà màng Củ Chi vào vụ thu hoạch",
        datetime.date(2025, 4, 12),
        "Các hợp tác xã ở Phước An và Tân Thông Hội thu hoạch dưa lưới đạt chuẩn VietGAP, giao thẳng cho người mua.",
        [
            "Sau 75 ngày chăm sóc trong nhà màng, các xã viên HTX Nông nghiệp Phước An bắt đầu thu hoạch "
            "dưa lưới. Nhờ ghi nhật ký sản xuất đầy đủ, mỗi trái dưa đều truy được nguồn gốc.",
            "Người mua ở nội thành có thể đặt hàng trên Chợ HTX và nhận dưa trong ngày.",
        ],
        "Năm nay dưa ngọt và đều trái hơn, bà con rất phấn khởi.",
        "Chị Nguyễn Thị Lan, xã viên HTX Phước An",
        (120, 170, 70),
    ),
    (
        "nuoi-hau-can-gio",
        "Nghề nuôi hàu Cần Giờ liên kết tiêu thụ qua hợp tác xã",
        datetime.date(2025, 5, 20),
        "Hộ nuôi hàu ở Long Hòa và Thạnh An cùng hợp tác xã ký hợp đồng bao tiêu, ổn định đầu ra.",
        [
            "Hàu Cần Giờ được nuôi ở vùng nước lợ ven rừng ngập mặn. Hợp tác xã thu mua theo giá thỏa thuận "
            "đầu vụ, giúp các hộ nuôi yên tâm đầu tư giàn bè.",
            "Sở Nông nghiệp và Môi trường hỗ trợ hợp tác xã xây dựng vùng nuôi đạt chứng nhận an toàn thực phẩm.",
        ],
        "Có hợp đồng bao tiêu, bà con không còn lo bị ép giá.",
        "Ông Trần Văn Hải, Giám đốc HTX",
        (70, 130, 170),
    ),
    (
        "tap-huan-ban-hang-truc-tuyen",
        "Cán bộ hợp tác xã Củ Chi, Cần Giờ tập huấn bán hàng trực tuyến",
        datetime.date(2025, 6, 8),
        "Hơn 40 cán bộ hợp tác xã học cách đăng sản phẩm, chụp ảnh và xử lý đơn hàng trên Chợ HTX.",
        [
            "Lớp tập huấn do Sở Nông nghiệp và Môi trường tổ chức trong hai ngày tại huyện Củ Chi. "
            "Học viên thực hành ngay trên gian hàng của hợp tác xã mình.",
            "Tài liệu của lớp học được đăng trong thư viện tập huấn để cán bộ xem lại bất cứ lúc nào.",
        ],
        "Giờ chúng tôi tự đăng sản phẩm và trả lời khách được rồi.",
        "Anh Lê Minh Tuấn, HTX Gạo Tân Nhựt",
        (170, 120, 60),
    ),
]

# (slug, title, kind, topic, summary, document title or video address)
TRAINING = [
    (
        "so-tay-vietgap",
        "Sổ tay ghi chép nhật ký sản xuất VietGAP",
        TrainingResourcePage.Kind.GUIDE,
        "VietGAP",
        "Hướng dẫn từng bước ghi nhật ký sản xuất rau, quả theo tiêu chuẩn VietGAP.",
        "Sổ tay nhật ký VietGAP",
    ),
    (
        "mau-bao-cao-tai-chinh-htx",
        "Mẫu báo cáo tài chính của hợp tác xã",
        TrainingResourcePage.Kind.DOCUMENT,
        "Kế toán",
        "Biểu mẫu báo cáo tài chính năm của hợp tác xã nông nghiệp, kèm hướng dẫn điền.",
        "Mẫu báo cáo tài chính HTX",
    ),
    (
        "video-ban-hang-tren-cho-htx",
        "Video: đăng sản phẩm và xử lý đơn hàng trên Chợ HTX",
        TrainingResourcePage.Kind.VIDEO,
        "Thương mại điện tử",
        "Video hướng dẫn cán bộ hợp tác xã đăng sản phẩm, cập nhật tồn kho và giao đơn hàng.",
        "https://www.youtube.com/watch?v=cho-htx-demo",
    ),
]

DEMO_PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def fill_content(log=print):
    home = HomePage.objects.get()
    # Page titles are in the site's content language, whoever runs the command.
    with translation.override(settings.LANGUAGE_CODE):
        news = _index(home, ArticleIndexPage, gettext("News"), "tin-tuc")
        library = _index(home, TrainingLibraryPage, gettext("Training library"), "thu-vien-tap-huan")
    _articles(news, log)
    _training(library, log)
    _campaign(home, news, log)


def _index(home, model, title, slug):
    page = model.objects.first()
    if page is None:
        page = home.add_child(instance=model(title=title, slug=slug))
    return page


def _image(title, filename, colour):
    image = WagtailImage(title=title)
    image.file = ImageFile(io.BytesIO(hero_image(title, colour, width=800, height=450)), name=filename)
    image.save()
    return image


@transaction.atomic
def _articles(news, log):
    created = 0
    for slug, title, date, intro, paragraphs, quote, attribution, colour in ARTICLES:
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        article = news.add_child(
            instance=ArticlePage(
                title=title,
                slug=slug,
                date=date,
                intro=intro,
                hero_image=_image(title, f"{slug}.jpg", colour),
                body=[("paragraph", f"<p>{paragraphs[0]}</p>"), ("quote", {"text": quote, "attribution": attribution})]
                + [("paragraph", f"<p>{p}</p>") for p in paragraphs[1:]],
                live=False,
            )
        )
        article.save_revision().publish()
        created += 1
    if created:
        log(f"  + {created} articles")


@transaction.atomic
def _training(library, log):
    created = 0
    for slug, title, kind, topic, summary, resource in TRAINING:
        if TrainingResourcePage.objects.filter(slug=slug).exists():
            continue
        page = TrainingResourcePage(title=title, slug=slug, kind=kind, topic=topic, summary=summary, live=False)
        if kind == TrainingResourcePage.Kind.VIDEO:
            page.video_url = resource
        else:
            page.document = WagtailDocument.objects.create(
                title=resource, file=ContentFile(DEMO_PDF, name=f"{slug}.pdf")
            )
        library.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    if created:
        log(f"  + {created} training resources")


@transaction.atomic
def _campaign(home, news, log):
    if home.featured:
        return
    article = ArticlePage.objects.get(slug=ARTICLES[0][0])
    home.featured = [
        (
            "campaign",
            {
                "title": "Mùa dưa lưới Củ Chi",
                "text": "Dưa lưới nhà màng VietGAP từ các hợp tác xã Củ Chi, giao trong ngày khắp thành phố.",
                "link_page": article,
                "link_text": "Đọc bài viết",
                "image": article.hero_image,
            },
        )
    ]
    home.save_revision().publish()
    log("  + a campaign on the home page")
