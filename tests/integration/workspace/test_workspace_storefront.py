"""Cooperative staff edit their storefront from the workspace: the story, the contact, photos and
certificates are saved as a Wagtail draft, previewed, and published with one button (issue 14)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cooperatives.models import Cooperative, StorefrontPage
from tests import factories

pytestmark = pytest.mark.django_db

EDITOR = reverse("workspace:storefront")
PREVIEW = reverse("workspace:storefront-preview")
PUBLISH = reverse("workspace:storefront-publish")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _jpeg(name="vuon.jpg", colour=(60, 140, 60)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _form(storefront, **changes):
    """What the editor posts when nothing is changed, plus the changes."""
    cooperative = storefront.cooperative
    data = {"tagline": storefront.tagline, "story": "", "phone": cooperative.phone, "email": cooperative.email,
            "address": cooperative.address, "photo_caption": "", "certificate_name": "", "certificate_number": ""}
    data.update(changes)
    return data


def _live(storefront):
    return StorefrontPage.objects.get(pk=storefront.pk)


@pytest.fixture
def storefront(cooperative, staff):
    return factories.storefront(cooperative)


class TestEditor:
    def test_shows_the_draft_story_and_contact_in_vietnamese(self, staff_client, storefront):
        Cooperative.objects.filter(pk=storefront.cooperative_id).update(phone="0909123456")
        draft = storefront.get_latest_revision_as_object()
        draft.story = "<p>Rau sạch <b>Củ Chi</b></p><p>Thu hoạch mỗi sáng</p>"
        draft.save_revision()
        html = staff_client.get(EDITOR).content.decode()
        assert "Rau sạch Củ Chi\n\nThu hoạch mỗi sáng" in html
        assert "0909123456" in html
        assert "Lưu bản nháp" in html and "Xem trang" in html and "Đăng" in html
        assert "Bạn có thay đổi chưa đăng." in html

    def test_is_in_english_under_en(self, staff_client, storefront):
        html = staff_client.get("/en" + EDITOR).content.decode()
        assert "Save draft" in html and "Preview" in html and "Publish" in html and "Our story" in html

    def test_links_to_the_full_wagtail_editor_of_their_page(self, staff_client, storefront):
        html = staff_client.get(EDITOR).content.decode()
        assert reverse("wagtailadmin_pages:edit", args=[storefront.pk]) in html

    def test_says_so_when_the_cooperative_has_no_storefront(self, staff_client):
        response = staff_client.get(EDITOR)
        assert response.status_code == 200
        assert "chưa có trang gian hàng" in response.content.decode()
        assert staff_client.get(PREVIEW).status_code == 404
        assert staff_client.post(PUBLISH).status_code == 404

    def test_staff_create_their_missing_storefront_as_approval_does(self, client, staff_client, cooperative, staff):
        response = staff_client.post(reverse("workspace:storefront-create"), follow=True)
        assert "Gian hàng đã sẵn sàng" in response.content.decode()
        storefront = StorefrontPage.objects.get(cooperative=cooperative)
        assert storefront.live and staff.groups.filter(pk=storefront.editor_group_id).exists()
        staff_client.post(reverse("workspace:storefront-create"))
        assert StorefrontPage.objects.filter(cooperative=cooperative).count() == 1
        assert client.get(storefront.url).status_code == 200

    @pytest.mark.parametrize("count", [10, 500])
    def test_query_count_does_not_grow_with_photos_and_certificates(
        self, staff_client, storefront, count, django_assert_max_num_queries
    ):
        _draft_with_photos_and_certificates(storefront, count)
        staff_client.get(EDITOR)  # makes the thumbnails' renditions, once
        with django_assert_max_num_queries(20):
            html = staff_client.get(EDITOR).content.decode()
        assert html.count('name="remove"') == count * 2


def _draft_with_photos_and_certificates(storefront, count):
    """``count`` photos and ``count`` certificates in the draft, sharing one stored file each."""
    Image, Document = get_image_model(), get_document_model()
    image = Image(title="anh", collection=storefront.collection)
    image.file = _jpeg()
    image.save()
    document = Document(title="vg", collection=storefront.collection)
    document.file = SimpleUploadedFile("vg.pdf", PDF)
    document.save()
    images = Image.objects.bulk_create(
        Image(title=f"anh {n}", collection=storefront.collection, file=image.file.name, width=64, height=48)
        for n in range(count)
    )
    documents = Document.objects.bulk_create(
        Document(title=f"vg {n}", collection=storefront.collection, file=document.file.name) for n in range(count)
    )
    draft = storefront.get_latest_revision_as_object()
    draft.gallery = [("photo", {"image": photo, "caption": f"Ảnh {n}"}) for n, photo in enumerate(images)]
    draft.certifications = [
        ("certificate", {"name": f"VietGAP {n}", "number": "", "issued_by": "", "valid_until": None, "document": doc})
        for n, doc in enumerate(documents)
    ]
    draft.save_revision()


class TestSavingADraft:
    def test_saving_stores_a_draft_revision_and_leaves_the_live_page(self, client, staff_client, storefront):
        response = staff_client.post(EDITOR, _form(storefront, story="Dưa lưới ruột cam\n\nTrồng trong nhà màng"))
        assert response.status_code == 302

        live = _live(storefront)
        assert live.has_unpublished_changes
        assert "Dưa lưới ruột cam" not in str(live.story)
        draft = live.get_latest_revision_as_object()
        assert str(draft.story) == "<p>Dưa lưới ruột cam</p><p>Trồng trong nhà màng</p>"
        assert live.latest_revision.user is not None
        client.logout()
        assert "Dưa lưới ruột cam" not in client.get(live.url).content.decode()

    def test_the_story_is_escaped_not_run_as_html(self, staff_client, storefront):
        staff_client.post(EDITOR, _form(storefront, story="<script>alert(1)</script> & rau"))
        draft = _live(storefront).get_latest_revision_as_object()
        assert str(draft.story) == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; rau</p>"

    def test_an_unchanged_story_keeps_the_formatting_made_in_the_cms(self, staff_client, storefront):
        draft = storefront.get_latest_revision_as_object()
        draft.story = "<p>Rau <b>sạch</b></p>"
        draft.save_revision()
        staff_client.post(EDITOR, _form(storefront, story="Rau sạch", tagline="Rau Củ Chi"))
        draft = _live(storefront).get_latest_revision_as_object()
        assert str(draft.story) == "<p>Rau <b>sạch</b></p>"
        assert draft.tagline == "Rau Củ Chi"

    def test_the_contact_is_saved_on_the_cooperative(self, staff_client, storefront):
        staff_client.post(EDITOR, _form(storefront, phone="0281234567", email="htx@example.com", address="Ấp 3"))
        cooperative = Cooperative.objects.get(pk=storefront.cooperative_id)
        assert (cooperative.phone, cooperative.email, cooperative.address) == ("0281234567", "htx@example.com", "Ấp 3")

    def test_the_contact_saves_even_when_a_delivery_setting_is_incomplete(self, staff_client, storefront):
        Cooperative.objects.filter(pk=storefront.cooperative_id).update(offers_pickup=True, pickup_address="")
        response = staff_client.post(EDITOR, _form(storefront, phone="0281234567", story="Mới"))
        assert response.status_code == 302
        assert Cooperative.objects.get(pk=storefront.cooperative_id).phone == "0281234567"

    def test_a_bad_email_is_refused_in_vietnamese_and_nothing_is_saved(self, staff_client, storefront):
        revisions = storefront.revisions.count()
        response = staff_client.post(EDITOR, _form(storefront, email="khong-phai-email", story="Mới"))
        assert response.status_code == 200
        assert "Nhập địa chỉ email" in response.content.decode()
        assert storefront.revisions.count() == revisions


class TestPhotosAndCertificates:
    def test_photos_land_in_the_cooperatives_own_collection_and_the_draft(self, staff_client, storefront):
        response = staff_client.post(
            EDITOR, _form(storefront, photos=[_jpeg("ruong.jpg"), _jpeg("nha-mang.jpg")], photo_caption="Vườn dưa")
        )
        assert response.status_code == 302
        images = get_image_model().objects.filter(collection=storefront.collection)
        assert images.count() == 2
        draft = _live(storefront).get_latest_revision_as_object()
        assert [block.value["image"] for block in draft.gallery] == list(images.order_by("pk"))
        assert draft.gallery[0].value["caption"] == "Vườn dưa"
        assert draft.hero_image == images.order_by("pk").first()
        assert _live(storefront).hero_image is None

    def test_certificate_scan_lands_in_the_own_collection(self, staff_client, storefront):
        scan = SimpleUploadedFile("Giấy chứng nhận.pdf", PDF, content_type="application/pdf")
        staff_client.post(EDITOR, _form(storefront, certificate_name="VietGAP", certificate_number="VG-01",
                                        certificate_file=scan))
        document = get_document_model().objects.get()
        assert document.collection == storefront.collection
        assert document.file.name.endswith("giay-chung-nhan.pdf")
        certificate = _live(storefront).get_latest_revision_as_object().certifications[0].value
        assert (certificate["name"], certificate["number"], certificate["document"]) == ("VietGAP", "VG-01", document)

    def test_a_file_that_is_not_a_photo_is_refused_with_a_message(self, staff_client, storefront):
        fake = SimpleUploadedFile("anh.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
        response = staff_client.post(EDITOR, _form(storefront, photos=[fake], story="Mới"))
        assert response.status_code == 200
        assert "anh.jpg không phải ảnh JPEG, PNG hay WebP" in response.content.decode()
        assert not get_image_model().objects.exists()
        assert not _live(storefront).has_unpublished_changes

    def test_a_certificate_scan_that_is_neither_pdf_nor_photo_is_refused(self, staff_client, storefront):
        fake = SimpleUploadedFile("giay.pdf", b"MZ\x90\x00", content_type="application/pdf")
        response = staff_client.post(EDITOR, _form(storefront, certificate_name="VietGAP", certificate_file=fake,
                                                   photos=[_jpeg()]))
        assert response.status_code == 200
        assert "giay.pdf" in response.content.decode()
        assert not get_document_model().objects.exists()
        assert not get_image_model().objects.exists()

    def test_more_than_ten_photos_at_once_are_refused(self, staff_client, storefront):
        response = staff_client.post(EDITOR, _form(storefront, photos=[_jpeg(f"{n}.jpg") for n in range(11)]))
        assert "Mỗi lần chỉ thêm được tối đa 10 ảnh." in response.content.decode()
        assert not get_image_model().objects.exists()

    def test_a_scan_without_a_certificate_name_is_refused(self, staff_client, storefront):
        scan = SimpleUploadedFile("vg.pdf", PDF, content_type="application/pdf")
        response = staff_client.post(EDITOR, _form(storefront, certificate_file=scan))
        assert "Ghi tên giấy chứng nhận" in response.content.decode()
        assert not get_document_model().objects.exists()

    def test_a_photo_is_removed_from_the_draft(self, staff_client, storefront):
        staff_client.post(EDITOR, _form(storefront, photos=[_jpeg("a.jpg"), _jpeg("b.jpg")]))
        gallery = _live(storefront).get_latest_revision_as_object().gallery
        staff_client.post(EDITOR, _form(storefront, remove=[gallery[0].id]))
        remaining = _live(storefront).get_latest_revision_as_object().gallery
        assert [block.id for block in remaining] == [gallery[1].id]


class TestPreviewAndPublish:
    def test_preview_shows_the_draft_in_the_shop_layout(self, staff_client, storefront):
        staff_client.post(EDITOR, _form(storefront, story="Bản nháp xem trước"))
        response = staff_client.get(PREVIEW)
        assert response.status_code == 200
        assert "Bản nháp xem trước" in response.content.decode()

    def test_publish_makes_the_draft_the_live_page(self, client, staff_client, storefront):
        staff_client.post(EDITOR, _form(storefront, story="Câu chuyện mới của HTX"))
        response = staff_client.post(PUBLISH, follow=True)
        assert "Đã đăng" in response.content.decode()
        live = _live(storefront)
        assert not live.has_unpublished_changes
        client.logout()
        assert "Câu chuyện mới của HTX" in client.get(live.url).content.decode()

    def test_save_and_publish_in_one_tap(self, client, staff_client, storefront):
        response = staff_client.post(EDITOR, _form(storefront, story="Lưu và đăng ngay", and_publish="1"), follow=True)
        assert "Đã đăng" in response.content.decode()
        live = _live(storefront)
        assert not live.has_unpublished_changes
        assert "Lưu và đăng ngay" in client.get(live.url).content.decode()

    def test_staff_write_the_english_text_that_en_shows_and_the_vietnamese_stays(self, staff_client, storefront):
        """Buyers reading /en/ get the cooperative's own English; staff need not open /cms/ for it."""
        staff_client.post(
            EDITOR,
            _form(
                storefront,
                tagline="Dưa lưới sạch Củ Chi",
                story="Trồng trong nhà màng",
                tagline_en="Clean melons from Cu Chi",
                story_en="Grown in greenhouses\n\nPicked every morning",
                and_publish="1",
            ),
        )
        live = _live(storefront)
        assert (live.tagline_vi, live.tagline_en) == ("Dưa lưới sạch Củ Chi", "Clean melons from Cu Chi")
        assert str(live.story_en) == "<p>Grown in greenhouses</p><p>Picked every morning</p>"
        editor = staff_client.get(EDITOR).content.decode()
        assert "Giới thiệu ngắn bằng tiếng Anh" in editor and "Picked every morning" in editor
        client, url = Client(), live.url
        english = client.get("/en" + url).content.decode()
        assert "Clean melons from Cu Chi" in english and "Picked every morning" in english
        vietnamese = client.get(url).content.decode()
        assert "Dưa lưới sạch Củ Chi" in vietnamese and "Picked every morning" not in vietnamese

    def test_publish_with_nothing_new_says_so(self, staff_client, storefront):
        response = staff_client.post(PUBLISH, follow=True)
        assert "Không có gì mới để đăng" in response.content.decode()

    def test_publish_refuses_get(self, staff_client, storefront):
        assert staff_client.get(PUBLISH).status_code == 405


class TestOtherCooperatives:
    @pytest.fixture
    def theirs(self, site):
        other = factories.cooperative(name="HTX Bò sữa An Nhơn Tây")
        factories.cooperative_staff(other)
        return factories.storefront(other)

    def test_staff_edit_only_their_own_storefront(self, staff_client, storefront, theirs):
        html = staff_client.get(EDITOR).content.decode()
        assert storefront.title in html and "An Nhơn Tây" not in html
        staff_client.post(EDITOR, _form(storefront, story="Chỉ của chúng tôi", photos=[_jpeg()]))
        staff_client.post(PUBLISH)
        assert "Chỉ của chúng tôi" in str(_live(storefront).story)
        assert _live(theirs).revisions.count() == 1
        assert not get_image_model().objects.filter(collection=theirs.collection).exists()

    def test_cannot_remove_another_cooperatives_blocks_or_preview_their_draft(self, staff_client, storefront, theirs):
        draft = theirs.get_latest_revision_as_object()
        draft.story = "<p>Bản nháp của HTX khác</p>"
        draft.gallery = [("photo", {"image": None, "caption": "Của họ"})]
        draft.save_revision(clean=False)
        response = staff_client.post(EDITOR, _form(storefront, remove=[draft.gallery[0].id]))
        assert response.status_code == 200  # not one of the choices: refused, nothing saved
        assert "Bản nháp của HTX khác" not in staff_client.get(PREVIEW).content.decode()
        assert len(_live(theirs).get_latest_revision_as_object().gallery) == 1

    def test_other_people_are_refused(self, client, site, storefront):
        client.force_login(factories.user())
        assert client.get(EDITOR).status_code == 403
        assert client.post(PUBLISH).status_code == 403
        assert client.get(PREVIEW).status_code == 403


class TestWagtailEditorInVietnamese:
    """Staff who open /cms/ for advanced edits find Wagtail's editor in Vietnamese, with "Đăng" as its
    main button (locale_upstream/vi fills what Wagtail's catalogue lacks; cooperatives/wagtail_hooks.py)."""

    @staticmethod
    def _visible_text(html):
        from html.parser import HTMLParser

        class Text(HTMLParser):
            hidden = 0
            words: list

            def handle_starttag(self, tag, attrs):
                self.hidden += tag in ("script", "style", "template")
                self.words.extend(value for name, value in attrs if name in ("aria-label", "placeholder") and value)

            def handle_endtag(self, tag):
                self.hidden -= tag in ("script", "style", "template")

            def handle_data(self, data):
                if not self.hidden and data.strip():
                    self.words.append(data.strip())

        parser = Text()
        parser.words = []
        parser.feed(html)
        return parser.words

    def test_the_page_editor_speaks_vietnamese(self, staff_client, storefront):
        html = staff_client.get(reverse("wagtailadmin_pages:edit", args=[storefront.pk])).content.decode()
        shown = self._visible_text(html)
        for english in ("Save draft", "Promote", "Publish", "Preview", "Status:", "View history", "Live",
                        "Comments", "Toggle section", "For search engines", "Close dialog", "More actions", "Actions"):
            assert english not in shown, english
        for vietnamese in ("Lưu bản nháp", "Quảng bá", "Đăng", "Xem trước", "Trạng thái", "Xem lịch sử", "Lịch sử",
                           "Thao tác"):
            assert vietnamese in shown, vietnamese

    def test_the_editors_javascript_speaks_vietnamese(self, staff_client, storefront):
        catalogue = staff_client.get(reverse("wagtailadmin_javascript_catalog")).content.decode("unicode_escape")
        for vietnamese in ("Thu gọn tất cả", "Mở rộng tất cả", "Chuyển lên", "Nhân bản"):
            assert vietnamese in catalogue, vietnamese

    def test_publish_is_the_main_button_for_staff(self, staff_client, storefront):
        html = staff_client.get(reverse("wagtailadmin_pages:edit", args=[storefront.pk])).content.decode()
        footer = html[html.index('class="actions actions--primary footer__container"'):]
        assert footer.index('name="action-publish"') < footer.index("Lưu bản nháp")
        assert footer.index('name="action-publish"') < footer.index('data-w-dropdown-target="toggle"')

    def test_wagtails_messages_after_saving_and_publishing_are_vietnamese(self):
        from django.utils import translation

        with translation.override("vi"):
            assert translation.gettext("Page '%(page_title)s' has been published.") == "Đã đăng trang '%(page_title)s'."
            assert translation.gettext("View live") == "Xem trang đang hiển thị"
            assert translation.gettext("History") == "Lịch sử"  # was Django admin's "Bản ghi nhớ"
            # The workspace's word, not Wagtail's "xuất bản"
            assert translation.gettext("Published") == "Đã đăng"
            assert translation.gettext("Unpublish") == "Ngừng đăng"
