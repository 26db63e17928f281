"""The department's editors run news, the training library and the home page's campaigns
in Wagtail; visitors read them on the shop's layout."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from marketplace.models import (
    ArticleIndexPage,
    ArticlePage,
    HomePage,
    TrainingLibraryPage,
    TrainingResourcePage,
)
from tests import factories

WagtailImage = get_image_model()
WagtailDocument = get_document_model()


def _image(title="Ruộng rau Củ Chi"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (60, 140, 60)).save(buffer, format="JPEG")
    image = WagtailImage(title=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="anh.jpg")
    image.save()
    return image


def _document(title="Sổ tay VietGAP"):
    document = WagtailDocument(title=title)
    document.file = ContentFile(b"%PDF-1.4\n%%EOF\n", name="so-tay.pdf")
    document.save()
    return document


@pytest.fixture
def news(site):
    return site.add_child(instance=ArticleIndexPage(title="Tin tức", slug="tin-tuc"))


@pytest.fixture
def library(site):
    return site.add_child(instance=TrainingLibraryPage(title="Thư viện tập huấn", slug="tap-huan"))


def _article(index, title, date, **fields):
    fields.setdefault("intro", f"Tóm tắt: {title}")
    return index.add_child(instance=ArticlePage(title=title, date=date, **fields))


def _articles(index, count, image=None):
    start = datetime.date(2025, 1, 1)
    for n in range(count):
        _article(index, f"Bài số {n + 1}", start + datetime.timedelta(days=n), hero_image=image)


def _resource(library, title, kind, **fields):
    fields.setdefault("summary", f"Nội dung: {title}")
    if kind == TrainingResourcePage.Kind.VIDEO:
        fields.setdefault("video_url", "https://www.youtube.com/watch?v=abc")
    else:
        fields.setdefault("document", fields.pop("document", None) or _document())
    return library.add_child(instance=TrainingResourcePage(title=title, kind=kind, **fields))


class TestArticles:
    def test_article_shows_its_body_blocks(self, client, news):
        article = _article(
            news,
            "Dưa lưới Củ Chi vào mùa",
            datetime.date(2025, 3, 1),
            hero_image=_image(),
            body=[
                ("heading", {"text": "Vụ mùa bội thu"}),
                ("paragraph", "<p>Các hộ xã Phước An thu hoạch sớm.</p>"),
                ("image", {"image": _image("Nhà màng"), "caption": "Nhà màng của HTX"}),
                ("quote", {"text": "Năm nay dưa ngọt hơn.", "attribution": "Chị Lan, xã viên"}),
            ],
        )
        response = client.get(article.url)
        assert response.status_code == 200
        html = response.content.decode()
        for text in [
            "Dưa lưới Củ Chi vào mùa",
            "Tóm tắt: Dưa lưới Củ Chi vào mùa",
            "Vụ mùa bội thu",
            "Các hộ xã Phước An thu hoạch sớm.",
            "Nhà màng của HTX",
            "Năm nay dưa ngọt hơn.",
            "Chị Lan, xã viên",
        ]:
            assert text in html
        assert html.count("<img") >= 2

    def test_index_lists_newest_first(self, client, news):
        _article(news, "Bài cũ", datetime.date(2025, 1, 1))
        _article(news, "Bài mới", datetime.date(2025, 6, 1))
        _article(news, "Bài giữa", datetime.date(2025, 3, 1))
        html = client.get(news.url).content.decode()
        assert html.index("Bài mới") < html.index("Bài giữa") < html.index("Bài cũ")

    def test_index_is_paginated(self, client, news):
        _articles(news, ArticleIndexPage.page_size + 2)
        first = client.get(news.url).content.decode()
        second = client.get(news.url, {"page": 2}).content.decode()
        assert f"Bài số {ArticleIndexPage.page_size + 2}<" in first
        assert "Bài số 1<" not in first
        assert "Bài số 1<" in second
        assert "Bài số 2<" in second
        assert f"Bài số {ArticleIndexPage.page_size + 2}<" not in second

    def test_index_hides_drafts(self, client, news):
        draft = _article(news, "Bản nháp", datetime.date(2025, 1, 1))
        draft.unpublish()
        assert "Bản nháp" not in client.get(news.url).content.decode()

    @pytest.mark.parametrize("count", [5, 50])
    def test_index_query_count_does_not_grow_with_articles(
        self, client, news, count, django_assert_max_num_queries
    ):
        _articles(news, count, image=_image())
        client.get(news.url)  # renditions are generated on the first visit
        with django_assert_max_num_queries(12):
            response = client.get(news.url)
        assert response.status_code == 200

    def test_only_one_index_under_the_home_page(self, news):
        assert not ArticleIndexPage.can_create_at(news.get_parent())
        assert ArticlePage.allowed_parent_page_models() == [ArticleIndexPage]


class TestTrainingLibrary:
    def test_resource_page_links_its_document_or_video(self, client, library):
        guide = _resource(library, "Ghi nhật ký sản xuất", "guide", topic="VietGAP", document=_document("Mẫu nhật ký"))
        video = _resource(library, "Bán hàng trên Chợ HTX", "video")
        guide_html = client.get(guide.url).content.decode()
        assert "Ghi nhật ký sản xuất" in guide_html
        assert "VietGAP" in guide_html
        assert "Mẫu nhật ký" in guide_html
        assert guide.document.url in guide_html
        assert "https://www.youtube.com/watch?v=abc" in client.get(video.url).content.decode()

    def test_library_filters_by_kind(self, client, library):
        _resource(library, "Sổ tay hướng dẫn", "guide")
        _resource(library, "Quy chuẩn kỹ thuật", "document")
        _resource(library, "Video tập huấn", "video")
        html = client.get(library.url, {"kind": "video"}).content.decode()
        assert "Video tập huấn" in html
        assert "Sổ tay hướng dẫn" not in html
        assert "Quy chuẩn kỹ thuật" not in html
        everything = client.get(library.url, {"kind": "nonsense"}).content.decode()
        assert all(t in everything for t in ["Sổ tay hướng dẫn", "Quy chuẩn kỹ thuật", "Video tập huấn"])

    def test_library_lists_newest_first_and_paginates(self, client, library):
        document = _document()
        for n in range(TrainingLibraryPage.page_size + 1):
            _resource(library, f"Tài liệu {n + 1}", "document", document=document)
        first = client.get(library.url).content.decode()
        assert first.index(f"Tài liệu {TrainingLibraryPage.page_size + 1}<") < first.index("Tài liệu 2<")
        assert "Tài liệu 1<" not in first
        assert "Tài liệu 1<" in client.get(library.url, {"page": 2}).content.decode()

    def test_video_needs_its_address_and_a_guide_its_document(self, library):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            library.add_child(instance=TrainingResourcePage(title="Video", summary="x", kind="video"))
        with pytest.raises(ValidationError):
            library.add_child(instance=TrainingResourcePage(title="Sổ tay", summary="x", kind="guide"))

    @pytest.mark.parametrize("count", [5, 50])
    def test_library_query_count_does_not_grow_with_resources(
        self, client, library, count, django_assert_max_num_queries
    ):
        document = _document()
        for n in range(count):
            _resource(library, f"Tài liệu {n}", ["guide", "document", "video"][n % 3], document=document)
        with django_assert_max_num_queries(12):
            response = client.get(library.url, {"kind": "document"})
        assert response.status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(library.url).status_code == 200


class TestHomePage:
    def test_shows_campaigns_and_the_latest_three_articles(self, client, site, news):
        home = HomePage.objects.get(pk=site.pk)
        home.featured = [
            (
                "campaign",
                {
                    "title": "Tuần lễ dưa lưới Củ Chi",
                    "text": "Giảm giá dưa lưới VietGAP cả tuần.",
                    "link_page": news,
                    "link_text": "Xem tin",
                    "image": _image(),
                },
            )
        ]
        home.save_revision().publish()
        for n, title in enumerate(["Tin 1", "Tin 2", "Tin 3", "Tin 4"], start=1):
            _article(news, title, datetime.date(2025, n, 1))
        html = client.get("/").content.decode()
        assert "Tuần lễ dưa lưới Củ Chi" in html
        assert "Giảm giá dưa lưới VietGAP cả tuần." in html
        assert f'href="{news.url}"' in html
        assert html.index("Tin 4") < html.index("Tin 3") < html.index("Tin 2")
        assert "Tin 1<" not in html

    @pytest.mark.parametrize("count", [5, 50])
    def test_query_count_does_not_grow_with_articles(self, client, site, news, count, django_assert_max_num_queries):
        image = _image()
        home = HomePage.objects.get(pk=site.pk)
        home.featured = [("campaign", {"title": "Mùa xoài", "text": "Xoài cát", "link_page": news, "image": image})]
        home.save_revision().publish()
        _articles(news, count, image=image)
        client.get("/")  # renditions are generated on the first visit
        with django_assert_max_num_queries(14):
            response = client.get("/")
        assert response.content.decode().count("article-card") == HomePage.latest_article_count

    def test_keeps_flagship_products_and_cooperatives(self, client, site):
        factories.product(title="Dưa lưới Phước An", is_flagship=True, image=factories.photo())
        html = client.get("/").content.decode()
        assert "Dưa lưới Phước An" in html


class TestEditing:
    def test_superuser_edits_the_news_index(self, client, news, django_user_model):
        client.force_login(django_user_model.objects.create_superuser("admin@example.com", "admin@example.com", "x"))
        assert client.get(reverse("wagtailadmin_pages:edit", args=[news.pk])).status_code == 200
        assert client.get(reverse("wagtailadmin_pages:add_subpage", args=[news.pk])).status_code in (200, 302)

    def test_cooperative_staff_cannot_edit_the_news_index(self, client, news):
        storefront = factories.storefront()
        staff = factories.cooperative_staff(storefront.cooperative)
        from cooperatives.storefronts import storefront_add_editor

        storefront_add_editor(cooperative=storefront.cooperative, user=staff)
        client.force_login(staff)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200  # they do reach the CMS
        url = reverse("wagtailadmin_pages:edit", args=[news.pk])
        for response in (client.get(url), client.post(url, {"title": "Bị sửa", "slug": "tin-tuc"})):
            assert response.status_code == 403 or (
                response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
            )
        news.refresh_from_db()
        assert news.title == "Tin tức"
        assert client.get(reverse("wagtailadmin_pages:add_subpage", args=[news.pk])).status_code in (302, 403)


class TestDemoContent:
    def test_demo_content_is_complete_and_idempotent(self, client, site):
        from marketplace.demo.content import fill_content

        fill_content(log=lambda message: None)
        fill_content(log=lambda message: None)

        news = ArticleIndexPage.objects.get()
        library = TrainingLibraryPage.objects.get()
        assert ArticlePage.objects.child_of(news).live().count() == 3
        assert TrainingResourcePage.objects.child_of(library).live().count() == 3
        assert set(TrainingResourcePage.objects.values_list("kind", flat=True)) == {"guide", "document", "video"}
        assert len(HomePage.objects.get().featured) == 1
        home = client.get("/").content.decode()
        assert "Mùa dưa lưới Củ Chi" in home
        assert "Nghề nuôi hàu Cần Giờ" in home
        assert client.get(news.url).status_code == 200
        assert client.get(library.url).status_code == 200
