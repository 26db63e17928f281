"""What cooperatives write and upload cannot run script on the site; every page carries the policy."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests import factories
from tests.integration.dashboard.test_dashboard_products import (  # noqa: F401 fixtures
    CREATE_URL,
    coop_a,
    field_errors,
    new_product_data,
    nothing_saved,
    staff_a,
)

HTML_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"
PHP_PAYLOAD = b"<?php system($_GET['c']); ?>"
# A <script> that would run: not one loading a static file, and not a data block browsers never execute.
RUNNABLE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"|type=\"text/plain\"))", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def assert_runs_nothing_injected(html):
    assert not RUNNABLE_SCRIPT.search(html), RUNNABLE_SCRIPT.search(html)
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html)
    assert "javascript:" not in html.lower()
    assert "<script>alert" not in html


@pytest.mark.django_db
class TestContentSecurityPolicy:
    @pytest.mark.parametrize("path", ["/", "/en/", "/en/catalogue/", "/en/accounts/login/", "/en/basket/"])
    def test_pages_carry_a_policy_without_inline_script(self, client, site, path):
        response = client.get(path)

        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert "form-action 'self'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert not RUNNABLE_SCRIPT.search(response.content.decode())

    def test_the_admin_sites_are_left_out_of_the_policy(self, client, site):
        client.force_login(factories.user(is_staff=True, is_superuser=True))

        assert "Content-Security-Policy" not in client.get("/cms/")
        assert "Content-Security-Policy" not in client.get("/django-admin/")

    def test_card_payment_page_is_an_allowed_form_target_only_when_cards_are_on(self, client, site, settings):
        assert "stripe" not in client.get("/en/").get("Content-Security-Policy")

        settings.STRIPE_SECRET_KEY = "sk_test_x"
        settings.STRIPE_API_BASE = "https://api.stripe.com"
        policy = client.get("/en/")["Content-Security-Policy"]

        assert "form-action 'self' https://checkout.stripe.com" in policy

    def test_media_on_another_host_may_be_shown(self, client, site, settings):
        settings.MEDIA_URL = "https://media.cho-htx.example.vn/media/"

        policy = client.get("/en/")["Content-Security-Policy"]

        assert "https://media.cho-htx.example.vn" in policy.split("img-src")[1].split(";")[0]


@pytest.fixture
def storefront_and_staff(site):
    coop = factories.cooperative(name="HTX Dưa lưới Tân Thông Hội")
    staff = factories.cooperative_staff(coop)
    return factories.storefront(coop), staff


@pytest.mark.django_db
class TestCooperativesWritingIsSanitized:
    def test_a_storefront_story_with_script_publishes_without_it(self, client, storefront_and_staff):
        storefront, staff = storefront_and_staff
        client.force_login(staff)
        payload = (
            '<p>Dưa ngọt<script>alert(1)</script><img src="x" onerror="alert(2)"/>'
            '<a href="javascript:alert(3)" onclick="alert(4)">xem</a></p>'
        )
        data = nested_form_data(
            {
                "title": storefront.title,
                "slug": storefront.slug,
                "tagline": "<script>alert(5)</script>",
                "hero_image": "",
                "story": rich_text(payload),
                "gallery": streamfield([]),
                "certifications": streamfield([]),
                "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
                "action-publish": "action-publish",
            }
        )

        response = client.post(reverse("wagtailadmin_pages:edit", args=[storefront.pk]), data)
        assert response.status_code == 302

        client.logout()
        html = client.get(storefront.url).content.decode()
        assert "Dưa ngọt" in html
        assert "&lt;script&gt;alert(5)" in html
        assert_runs_nothing_injected(html)

    def test_a_cooperatives_description_is_never_printed_as_html(self, client, storefront_and_staff):
        storefront, _staff = storefront_and_staff
        coop = storefront.cooperative
        coop.description = '<script>alert(1)</script><img src=x onerror="alert(2)">'
        coop.save()

        for url in [storefront.url, "/hop-tac-xa/", "/catalogue/"]:
            html = client.get(url).content.decode()
            assert "<script>alert(1)" not in html
            assert 'onerror="alert(2)"' not in html

    def test_a_product_description_with_script_shows_only_its_text(self, client, site):
        product = factories.product(title="Dưa lưới ruột cam")
        product.description = (
            "<p>Ngọt <b>mát</b><script>alert(1)</script><img src=x onerror=alert(2)>"
            '<a href="javascript:alert(3)">xem</a><svg onload=alert(4)></svg></p>'
        )
        product.save()

        html = client.get("/en" + product.get_absolute_url()).content.decode()

        assert "Ngọt <b>mát</b>" in html
        assert_runs_nothing_injected(html)
        shown = html.split('class="product-description"')[1].split("</div>")[0]
        assert "alert" not in shown


def _superuser_client(client):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
class TestUploadsAreCheckedByContent:
    def test_a_web_page_renamed_as_a_product_photo_is_refused(self, staff_a):  # noqa: F811
        data = new_product_data(staff_a)
        data["images-0-original"] = SimpleUploadedFile("rau.jpg", HTML_PAYLOAD, content_type="image/jpeg")

        response = staff_a.post(CREATE_URL, data)

        assert response.status_code == 200
        assert field_errors(response, "image_formset")
        assert nothing_saved()

    def test_a_php_script_renamed_as_a_product_photo_is_refused(self, staff_a):  # noqa: F811
        data = new_product_data(staff_a)
        data["images-0-original"] = SimpleUploadedFile("anh.png", PHP_PAYLOAD, content_type="image/png")

        response = staff_a.post(CREATE_URL, data)

        assert field_errors(response, "image_formset")
        assert nothing_saved()

    def test_a_web_page_renamed_as_a_pdf_document_is_refused_in_the_cms(self, client, site):
        client = _superuser_client(client)

        response = client.post(
            "/cms/documents/add/",
            {"title": "Chứng nhận", "file": SimpleUploadedFile("chung-nhan.pdf", HTML_PAYLOAD), "collection": "1"},
        )

        assert response.status_code == 200
        # The admin speaks the user's language, Vietnamese by default.
        with translation.override("vi"):
            message = translation.gettext("%(name)s is not a PDF or an image (JPEG, PNG, WebP).") % {
                "name": "chung-nhan.pdf"
            }
        assert message in response.context["form"].errors["file"]
        assert not get_document_model().objects.exists()

    def test_a_real_pdf_is_accepted_in_the_cms(self, client, site):
        client = _superuser_client(client)
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

        response = client.post(
            "/cms/documents/add/",
            {"title": "Chứng nhận", "file": SimpleUploadedFile("chung-nhan.pdf", pdf), "collection": "1"},
        )

        assert response.status_code == 302
        assert get_document_model().objects.count() == 1

    def test_a_web_page_renamed_as_an_image_is_refused_in_the_cms(self, client, site):
        client = _superuser_client(client)

        response = client.post(
            "/cms/images/add/",
            {"title": "Ruộng dưa", "file": SimpleUploadedFile("ruong.jpg", HTML_PAYLOAD), "collection": "1"},
        )

        assert response.status_code == 200
        assert not get_image_model().objects.exists()
