"""A file is stored under a name that says what it is, whatever name it came with, and is served so
that a browser never runs it: polyglots (a valid image or PDF with a web page or script in it) are
posted to every upload path."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cooperatives.models import Application, ApplicationDocument
from tests import factories
from tests.integration.cooperatives.test_onboarding import _application_data, applicant  # noqa: F401 fixture
from tests.integration.dashboard.test_dashboard_products import (  # noqa: F401 fixtures
    CREATE_URL,
    coop_a,
    field_errors,
    new_product_data,
    nothing_saved,
    staff_a,
)

ProductImage = get_model("catalogue", "ProductImage")
WagtailDocument = get_document_model()
WagtailImage = get_image_model()

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (40, 140, 60)).save(buffer, fmt)
    return buffer.getvalue()


def png_html():
    """A real PNG with a web page after its last chunk: Pillow opens it, a browser sniffing it sees HTML."""
    return _image_bytes("PNG") + HTML


def pdf_html():
    return b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"


def gif_js():
    """A real GIF followed by script."""
    return _image_bytes("GIF") + b"\n;alert(document.domain);//"


SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script>'
    b'<rect width="10" height="10"/></svg>'
)


def named(value):
    """Test ids: the file names, not the bytes."""
    return value if isinstance(value, str) else "-"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def in_vietnamese(message, **params):
    with translation.override("vi"):
        return translation.gettext(message) % params


@pytest.mark.django_db
class TestProductPhotosAreStoredUnderTheirRealFormat:
    @pytest.mark.parametrize(
        "name, content, extension",
        [
            ("promo.html", png_html(), ".png"),
            ("promo.svg", png_html(), ".png"),
            ("anh.jpg.html", _image_bytes("PNG"), ".png"),
            ("Ảnh vườn.png", _image_bytes("JPEG"), ".jpg"),
            ("anh", _image_bytes("WEBP"), ".webp"),
        ],
        ids=named,
    )
    def test_a_photo_is_stored_with_the_extension_of_its_content(self, staff_a, name, content, extension):  # noqa: F811
        data = new_product_data(staff_a)
        data["images-0-original"] = upload(name, content, "text/html")

        response = staff_a.post(CREATE_URL, data)

        assert response.status_code == 302, field_errors(response, "image_formset")
        stored = ProductImage.objects.get().original.name
        assert stored.startswith("images/products/")
        assert stored.endswith(extension)
        assert stored.count(".") == 1
        assert ".html" not in stored and ".svg" not in stored

    @pytest.mark.parametrize(
        "name, content",
        [("logo.svg", SVG_SCRIPT), ("logo.png", SVG_SCRIPT), ("dong.gif", gif_js())],
        ids=named,
    )
    def test_svg_and_gif_are_refused_with_a_message_naming_the_file(self, staff_a, name, content):  # noqa: F811
        data = new_product_data(staff_a)
        data["images-0-original"] = upload(name, content, "image/svg+xml")

        response = staff_a.post(CREATE_URL, data)

        assert response.status_code == 200
        message = in_vietnamese("%(name)s is not a JPEG, PNG or WebP image.", name=name)
        assert [{"original": [message]}] == field_errors(response, "image_formset")
        assert nothing_saved()


@pytest.mark.django_db
class TestApplicationDocumentsAreStoredUnderTheirRealFormat:
    @pytest.mark.parametrize(
        "name, content, extension",
        [
            ("promo.html", pdf_html(), ".pdf"),
            ("giay-phep.htm", png_html(), ".png"),
            ("Giấy chứng nhận ĐKKD.pdf", _image_bytes("JPEG"), ".jpg"),
        ],
        ids=named,
    )
    def test_a_document_is_stored_with_the_extension_of_its_content(
        self,
        client,
        applicant,  # noqa: F811
        name,
        content,
        extension,
    ):
        data = _application_data(factories.commune(), documents=[upload(name, content, "text/html")])

        client.post(reverse("cooperatives:apply"), data)

        stored = Application.objects.get().documents.get().file.name
        assert stored.endswith(extension)
        assert stored.count(".") == 1

    def test_a_vietnamese_file_name_keeps_its_words(self, client, applicant):  # noqa: F811
        data = _application_data(factories.commune(), documents=[upload("Giấy chứng nhận ĐKKD.pdf", pdf_html())])

        client.post(reverse("cooperatives:apply"), data)

        assert str(Application.objects.get().documents.get()) == "giay-chung-nhan-dkkd.pdf"

    @pytest.mark.parametrize(
        "name, content",
        [("logo.svg", SVG_SCRIPT), ("dong.gif", gif_js())],
        ids=named,
    )
    def test_svg_and_gif_are_refused(self, client, applicant, name, content):  # noqa: F811
        data = _application_data(factories.commune(), documents=[upload(name, content)])

        response = client.post(reverse("cooperatives:apply"), data)

        assert response.status_code == 400
        assert in_vietnamese("%(name)s is not a PDF or an image (JPEG, PNG, WebP).", name=name) in (
            response.content.decode()
        )
        assert not Application.objects.exists()

    def test_the_officer_downloads_a_document_as_an_attachment_never_opened_as_a_page(self, client, applicant):  # noqa: F811
        data = _application_data(factories.commune(), documents=[upload("promo.html", pdf_html())])
        client.post(reverse("cooperatives:apply"), data)
        document = ApplicationDocument.objects.get()
        client.force_login(factories.officer())

        response = client.get(reverse("cooperatives:document", args=[document.pk]))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert re.fullmatch(r'attachment; filename="promo(_\w+)?\.pdf"', response["Content-Disposition"])
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == pdf_html()


@pytest.fixture
def cms_editor(client, site):
    """A cooperative's staff in Wagtail's admin, uploading into their own collection."""
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    staff = factories.cooperative_staff(coop)
    storefront = factories.storefront(coop)
    client.force_login(staff)
    return client, storefront.collection_id


@pytest.mark.django_db
class TestWagtailDocumentsAreStoredUnderTheirRealFormat:
    @pytest.mark.parametrize(
        "name, content, extension",
        [
            ("chung-nhan.html", pdf_html(), ".pdf"),
            ("chung-nhan.png", pdf_html(), ".pdf"),
            ("chung-nhan.pdf", png_html(), ".png"),
            ("Chứng nhận VietGAP.jpg", _image_bytes("PNG"), ".png"),
        ],
        ids=named,
    )
    def test_a_document_is_stored_with_the_extension_of_its_content(self, cms_editor, name, content, extension):
        client, collection = cms_editor

        response = client.post(
            reverse("wagtaildocs:add"), {"title": "Chứng nhận", "file": upload(name, content), "collection": collection}
        )

        assert response.status_code == 302
        stored = WagtailDocument.objects.get().file.name
        assert stored.startswith("documents/")
        assert stored.endswith(extension)
        assert stored.count(".") == 1

    def test_a_document_from_the_multiple_upload_is_renamed_too(self, cms_editor):
        client, collection = cms_editor

        response = client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": upload("chung-nhan.png", pdf_html()), "collection": collection},
            headers={"x-requested-with": "XMLHttpRequest"},
        )

        assert response.status_code == 200
        assert WagtailDocument.objects.get().file.name.endswith(".pdf")

    @pytest.mark.parametrize(
        "name, content",
        [("chung-nhan.html", HTML), ("logo.png", SVG_SCRIPT), ("dong.png", gif_js())],
        ids=named,
    )
    def test_web_pages_svg_and_gif_are_refused(self, cms_editor, name, content):
        client, collection = cms_editor

        response = client.post(
            reverse("wagtaildocs:add"), {"title": "Chứng nhận", "file": upload(name, content), "collection": collection}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not WagtailDocument.objects.exists()

    def test_a_document_is_served_with_its_real_type_and_no_sniffing(self, cms_editor):
        client, collection = cms_editor
        client.post(
            reverse("wagtaildocs:add"),
            {"title": "Chứng nhận", "file": upload("chung-nhan.png", pdf_html()), "collection": collection},
        )
        document = WagtailDocument.objects.get()

        response = client.get(document.url)

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
class TestWagtailImagesAreStoredUnderTheirRealFormat:
    @pytest.mark.parametrize(
        "name, content, extension",
        [("promo.png", png_html(), ".png"), ("dong.gif", gif_js(), ".gif")],
        ids=named,
    )
    def test_an_image_is_stored_with_the_extension_of_its_content(self, cms_editor, name, content, extension):
        client, collection = cms_editor

        response = client.post(
            reverse("wagtailimages:add"), {"title": "Ruộng", "file": upload(name, content), "collection": collection}
        )

        assert response.status_code == 302
        stored = WagtailImage.objects.get().file.name
        assert stored.startswith("original_images/")
        assert stored.endswith(extension)

    @pytest.mark.parametrize(
        "name, content",
        [("promo.html", png_html()), ("logo.svg", SVG_SCRIPT), ("logo.png", SVG_SCRIPT)],
        ids=named,
    )
    def test_web_pages_and_svg_are_refused(self, cms_editor, name, content):
        client, collection = cms_editor

        response = client.post(
            reverse("wagtailimages:add"), {"title": "Ruộng", "file": upload(name, content), "collection": collection}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not WagtailImage.objects.exists()


@pytest.mark.django_db
@pytest.mark.urls("tests.integration.urls_serving_media")
class TestMediaServedByDjango:
    """`make run` serves /media/ itself (marketplace/urls.py); nothing there may run as a page."""

    def test_a_photo_is_served_as_an_image_sandboxed_and_not_sniffed(self, staff_a):  # noqa: F811
        data = new_product_data(staff_a)
        data["images-0-original"] = upload("promo.html", png_html(), "text/html")
        staff_a.post(CREATE_URL, data)
        stored = ProductImage.objects.get().original

        response = staff_a.get(stored.url)

        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        policy = response["Content-Security-Policy"]
        assert "sandbox" in policy and "default-src 'none'" in policy
        assert not response.get("Content-Disposition", "").startswith("attachment")

    def test_anything_but_an_image_is_downloaded_not_opened(self, cms_editor):
        client, collection = cms_editor
        client.post(
            reverse("wagtaildocs:add"),
            {"title": "Chứng nhận", "file": upload("chung-nhan.png", pdf_html()), "collection": collection},
        )
        stored = WagtailDocument.objects.get().file

        response = client.get(stored.url)

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
