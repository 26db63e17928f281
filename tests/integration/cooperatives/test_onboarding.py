"""A cooperative applies, the department reviews, approves or returns, suspends."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cooperatives.models import Application, Cooperative, Decision
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 128, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def _application_data(commune, **overrides):
    data = {
        "cooperative_name": "HTX Rau sạch Tân Phú Trung",
        "registration_code": "4107000123",
        "commune": commune.pk,
        "legal_representative": "Trần Văn Bình",
        "phone": "0909123456",
        "member_count": 35,
        "main_products": "Rau ăn lá, rau gia vị",
        "documents": [SimpleUploadedFile("giay-chung-nhan.pdf", PDF, content_type="application/pdf")],
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant(client, site):
    user = factories.user(email="htx@example.com")
    client.force_login(user)
    return user


@pytest.fixture
def submitted(applicant, client):
    client.post(reverse("cooperatives:apply"), _application_data(factories.commune("Tân Phú Trung")))
    return Application.objects.get(applicant=applicant)


class TestApplying:
    def test_applicant_files_an_application_and_sees_its_status(self, client, applicant):
        commune = factories.commune("Tân Phú Trung")
        response = client.post(reverse("cooperatives:apply"), _application_data(commune), follow=True)

        application = Application.objects.get(applicant=applicant)
        assert application.status == Application.Status.SUBMITTED
        assert application.commune == commune
        assert application.documents.count() == 1
        html = response.content.decode()
        assert "HTX Rau sạch Tân Phú Trung" in html
        assert "đang chờ xét duyệt" in html

    def test_anonymous_visitor_is_sent_to_sign_in(self, client, site):
        response = client.get(reverse("cooperatives:apply"))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize(
        "upload, message",
        [
            (SimpleUploadedFile("giay.pdf", b"this is text, not a PDF"), "giay.pdf không phải là tệp PDF hay ảnh"),
            (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n broken"), "anh.png không phải là tệp PDF hay ảnh"),
            (SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "giới hạn là 10,0"),
        ],
    )
    def test_bad_document_is_refused_with_a_clear_message_and_nothing_saved(self, client, applicant, upload, message):
        data = _application_data(factories.commune(), documents=[upload])
        response = client.post(reverse("cooperatives:apply"), data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Application.objects.exists()

    def test_image_with_too_many_pixels_is_refused(self, client, applicant, monkeypatch):
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
        data = _application_data(factories.commune(), documents=[SimpleUploadedFile("anh.png", _png((40, 40)))])
        response = client.post(reverse("cooperatives:apply"), data)
        assert response.status_code == 400
        assert "anh.png" in response.content.decode()
        assert not Application.objects.exists()

    def test_a_photo_is_an_accepted_document(self, client, applicant):
        data = _application_data(factories.commune(), documents=[SimpleUploadedFile("anh.png", _png())])
        client.post(reverse("cooperatives:apply"), data)
        assert Application.objects.get().documents.count() == 1

    def test_registration_code_already_used_is_refused(self, client, applicant):
        factories.cooperative(registration_code="4107000123")
        response = client.post(reverse("cooperatives:apply"), _application_data(factories.commune()))
        assert response.status_code == 400
        assert "mã số này" in response.content.decode()
        assert not Application.objects.exists()

    def test_documents_are_private(self, client, submitted):
        document = submitted.documents.get()
        url = reverse("cooperatives:document", args=[document.pk])
        assert client.get(url).status_code == 200
        client.force_login(factories.user())
        assert client.get(url).status_code == 403
        client.force_login(factories.officer())
        assert b"".join(client.get(url).streaming_content) == PDF


class TestReview:
    def test_only_officers_see_the_queue(self, client, submitted):
        assert client.get(reverse("cooperatives:review-queue")).status_code == 403
        client.force_login(factories.cooperative_staff(factories.cooperative()))
        assert client.get(reverse("cooperatives:review-queue")).status_code == 403
        client.force_login(factories.officer())
        assert "HTX Rau sạch Tân Phú Trung" in client.get(reverse("cooperatives:review-queue")).content.decode()

    def test_approval_creates_the_cooperative_and_gives_the_applicant_its_shop(
        self, client, submitted, applicant, django_capture_on_commit_callbacks
    ):
        officer = factories.officer()
        client.force_login(officer)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("cooperatives:review", args=[submitted.pk]), {"decision": "approve"})

        cooperative = Cooperative.objects.get(registration_code="4107000123")
        assert cooperative.status == Cooperative.Status.VERIFIED
        assert list(cooperative.partner.users.all()) == [applicant]
        applicant.refresh_from_db()
        assert applicant.has_perm("partner.dashboard_access") and not applicant.is_staff
        decision = Decision.objects.get(application=submitted)
        assert (decision.officer, decision.action) == (officer, Decision.Action.APPROVED)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["htx@example.com"]
        assert "HTX Rau sạch Tân Phú Trung" in mail.outbox[0].subject
        assert f"/cms/pages/{cooperative.storefront.pk}/edit/" in mail.outbox[0].body
        assert "/workspace/" in mail.outbox[0].body  # staff work in the workspace, not Oscar's dashboard

        client.force_login(applicant)
        page = client.get(reverse("cooperatives:application")).content.decode()
        assert "đã duyệt" in page
        assert f'href="{reverse("dashboard:index")}">Mở trang quản lý gian hàng' in page

    def test_a_rejected_applicant_reads_why_and_may_file_again(self, client, submitted, applicant):
        client.force_login(factories.officer())
        client.post(reverse("cooperatives:review", args=[submitted.pk]), {"decision": "reject", "reason": "Sai mã"})

        client.force_login(applicant)
        page = client.get(reverse("cooperatives:application")).content.decode()
        assert "Sai mã" in page
        assert f'href="{reverse("cooperatives:apply")}">Nộp hồ sơ mới' in page
        assert "Mở trang quản lý gian hàng" not in page

    def test_an_application_is_approved_once(self, client, submitted):
        client.force_login(factories.officer())
        url = reverse("cooperatives:review", args=[submitted.pk])
        client.post(url, {"decision": "approve"})
        response = client.post(url, {"decision": "approve"})
        assert response.status_code == 400
        assert Cooperative.objects.count() == 1

    def test_returning_needs_a_reason(self, client, submitted):
        client.force_login(factories.officer())
        response = client.post(reverse("cooperatives:review", args=[submitted.pk]), {"decision": "return"})
        assert response.status_code == 400
        submitted.refresh_from_db()
        assert submitted.status == Application.Status.SUBMITTED
        assert not mail.outbox

    def test_returned_application_is_corrected_and_sent_again(
        self, client, submitted, applicant, django_capture_on_commit_callbacks
    ):
        client.force_login(factories.officer())
        reason = "Thiếu giấy chứng nhận đăng ký HTX có chữ ký."
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("cooperatives:review", args=[submitted.pk]), {"decision": "return", "reason": reason})
        assert reason in mail.outbox[0].body

        client.force_login(applicant)
        page = client.get(reverse("cooperatives:application")).content.decode()
        assert reason in page
        data = _application_data(submitted.commune, member_count=40, documents=[])
        client.post(reverse("cooperatives:application"), data)
        submitted.refresh_from_db()
        assert submitted.status == Application.Status.SUBMITTED
        assert submitted.member_count == 40

    def test_english_applicant_gets_english_email(self, client, applicant, django_capture_on_commit_callbacks):
        client.post("/en" + reverse("cooperatives:apply"), _application_data(factories.commune()))
        client.force_login(factories.officer())
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("cooperatives:review", args=[Application.objects.get().pk]), {"decision": "approve"})
        assert "can now sell on Chợ HTX" in mail.outbox[0].subject

    @pytest.mark.parametrize("count", [3, 30])
    def test_queue_query_count_does_not_grow(self, client, site, count, django_assert_max_num_queries):
        commune = factories.commune()
        for n in range(count):
            Application.objects.create(
                applicant=factories.user(), cooperative_name=f"HTX {n}", registration_code=f"41{n:08d}",
                commune=commune, legal_representative="A", phone="1", member_count=5, main_products="rau",
            )
        client.force_login(factories.officer())
        with django_assert_max_num_queries(20):
            response = client.get(reverse("cooperatives:review-queue"))
        assert response.content.decode().count("/cooperatives/review/") >= count


class TestSuspension:
    def test_suspended_cooperative_leaves_the_shop_and_keeps_its_data(self, client, site):
        cooperative = factories.cooperative(name="HTX Bưởi Bình Lợi")
        factories.product(cooperative, title="Bưởi da xanh")
        officer = factories.officer()
        client.force_login(officer)
        url = reverse("cooperatives:cooperative-status", args=[cooperative.pk])

        client.post(url, {"action": "suspend", "reason": "Vi phạm an toàn thực phẩm"})

        cooperative.refresh_from_db()
        assert cooperative.status == Cooperative.Status.SUSPENDED
        assert "Bưởi da xanh" not in client.get(reverse("catalogue:index")).content.decode()
        assert cooperative.partner.stockrecords.count() == 1
        assert Decision.objects.get(cooperative=cooperative).reason == "Vi phạm an toàn thực phẩm"

        client.post(url, {"action": "reinstate"})
        assert "Bưởi da xanh" in client.get(reverse("catalogue:index")).content.decode()

    def test_suspending_needs_a_reason(self, client, site):
        cooperative = factories.cooperative()
        client.force_login(factories.officer())
        client.post(reverse("cooperatives:cooperative-status", args=[cooperative.pk]), {"action": "suspend"})
        cooperative.refresh_from_db()
        assert cooperative.status == Cooperative.Status.VERIFIED

    def test_cooperative_staff_cannot_suspend_another_cooperative(self, client, site):
        theirs = factories.cooperative()
        client.force_login(factories.cooperative_staff(factories.cooperative()))
        response = client.post(
            reverse("cooperatives:cooperative-status", args=[theirs.pk]), {"action": "suspend", "reason": "x"}
        )
        assert response.status_code == 403
        theirs.refresh_from_db()
        assert theirs.status == Cooperative.Status.VERIFIED
