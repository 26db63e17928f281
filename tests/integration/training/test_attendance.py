"""Attendance at the door (a list with one big button per person, or each person's QR code scanned by an
officer), the certificate PDF of those who attended, and its public verification page."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from tests import factories
from tests.integration.valuechains.test_valuechains_staff import decode_svg_qr
from training import services
from training.models import Registration, Session

from .conftest import make_session

pytestmark = pytest.mark.django_db


def started(session):
    """Moves a session (registered while it was ahead) to an hour ago: the class is at the door now."""
    starts = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    Session.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    session.refresh_from_db()
    return session


@pytest.fixture
def door(site, course, staff_a, colleague_a, officer):
    """A session under way with two people registered from cooperative A."""
    staff_a.first_name, staff_a.last_name = "Lê Văn", "Tám"
    staff_a.save()
    session = make_session(course, seats=5)
    first = services.registration_create(session=session, person=staff_a, by=staff_a)
    second = services.registration_create(session=session, person=colleague_a, by=staff_a)
    return started(session), first, second


def attendance_url(session):
    return f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/diem-danh/"


def mark_url(registration):
    return f"/lop-tap-huan/quan-ly/dang-ky/{registration.pk}/diem-danh/"


def check_in_url(registration):
    return f"/lop-tap-huan/diem-danh/{registration.code}/"


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


class TestCodes:
    def test_each_registration_gets_its_own_unguessable_code(self, door):
        _, first, second = door
        assert len(first.code) >= 16
        assert first.code != second.code


class TestTheListAtTheDoor:
    def test_an_officer_marks_one_present_and_one_absent_from_the_list(self, client, door, officer):
        session, first, second = door
        client.force_login(officer)
        page = client.get(attendance_url(session)).content.decode()
        assert "Lê Văn Tám" in page
        assert "colleague-a@example.com" in page
        assert "Có mặt" in page and "Vắng" in page

        response = client.post(mark_url(first), {"present": "1"})
        assert response.status_code == 302
        assert response["Location"].startswith(attendance_url(session))
        client.post(mark_url(second), {"present": "0"})

        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, first.marked_by, second.status, second.marked_by) == (
            "attended",
            officer,
            "absent",
            officer,
        )
        assert first.attended_marked_at is not None
        page = client.get(attendance_url(session)).content.decode()
        assert 'data-status="attended"' in page and 'data-status="absent"' in page

    def test_a_mistake_is_corrected_by_pressing_the_other_button(self, client, door, officer):
        session, first, _ = door
        client.force_login(officer)
        client.post(mark_url(first), {"present": "0"})
        client.post(mark_url(first), {"present": "1"})
        first.refresh_from_db()
        assert first.status == Registration.Status.ATTENDED

    def test_the_registrations_page_links_to_the_attendance_list(self, client, door, officer):
        session, _, _ = door
        client.force_login(officer)
        page = client.get(f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/dang-ky/").content.decode()
        assert attendance_url(session) in page

    def test_cooperative_staff_cannot_mark_attendance_and_nothing_is_written(self, client, door, staff_a):
        session, first, _ = door
        client.force_login(staff_a)
        assert client.get(attendance_url(session)).status_code == 403
        assert client.post(mark_url(first), {"present": "1"}).status_code == 403
        first.refresh_from_db()
        assert (first.status, first.marked_by, first.attended_marked_at) == ("registered", None, None)

    def test_a_cancelled_session_takes_no_attendance(self, client, door, officer):
        session, first, _ = door
        Session.objects.filter(pk=session.pk).update(is_cancelled=True)
        client.force_login(officer)
        response = client.post(mark_url(first), {"present": "1"}, follow=True)
        assert "Buổi tập huấn này đã bị huỷ." in response.content.decode()
        first.refresh_from_db()
        assert first.status == "registered"

    def test_nobody_on_the_waiting_list_or_cancelled_is_marked(self, door, officer, coop_a):
        session, first, _ = door
        services.registration_cancel(registration=first, by=officer)
        waiting = Registration.objects.create(
            session=session, person=factories.cooperative_staff(coop_a), cooperative=coop_a, status="waiting"
        )
        for registration in (waiting, first):
            with pytest.raises(ValidationError):
                services.attendance_mark(registration=registration, present=True, by=officer)
            registration.refresh_from_db()
            assert registration.marked_by is None

    def test_attendance_is_not_taken_before_the_day_of_the_session(self, course, staff_a, officer):
        ahead = make_session(course, days=3)
        registration = services.registration_create(session=ahead, person=staff_a, by=staff_a)
        with pytest.raises(ValidationError):
            services.attendance_mark(registration=registration, present=True, by=officer)

    def test_the_list_page_runs_the_same_queries_with_many_people(
        self, client, door, officer, coop_a, django_assert_max_num_queries
    ):
        session, _, _ = door
        client.force_login(officer)
        with django_assert_max_num_queries(14) as few:
            client.get(attendance_url(session))
        for _ in range(20):
            Registration.objects.create(session=session, person=factories.cooperative_staff(coop_a), cooperative=coop_a)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(attendance_url(session)).status_code == 200


class TestScanningTheQrCode:
    def test_my_registrations_show_a_qr_code_of_the_check_in_url(self, client, door, staff_a):
        session, first, _ = door
        client.force_login(staff_a)
        page = client.get("/lop-tap-huan/cua-toi/").content.decode()
        assert session.course.title in page
        svg = page[page.index("<svg") : page.index("</svg>") + 6]
        assert decode_svg_qr(svg) == f"http://testserver{check_in_url(first)}"
        assert "colleague-a@example.com" not in page  # only one's own registrations

    def test_an_officer_scans_the_code_sees_the_person_and_confirms(self, client, door, officer):
        session, first, _ = door
        client.force_login(officer)
        page = client.get(check_in_url(first)).content.decode()
        assert "Lê Văn Tám" in page and session.course.title in page
        assert "Xác nhận có mặt" in page
        response = client.post(check_in_url(first))
        assert response.status_code == 302
        first.refresh_from_db()
        assert (first.status, first.marked_by) == ("attended", officer)
        assert "Đã có mặt" in client.get(check_in_url(first)).content.decode()

    def test_anyone_else_opening_the_check_in_url_is_refused(self, client, door, staff_a, colleague_a):
        _, first, _ = door
        response = client.get(check_in_url(first))
        assert response.status_code == 302 and "/login/" in response["Location"]
        for user in (staff_a, colleague_a):
            client.force_login(user)
            assert client.get(check_in_url(first)).status_code == 403
            assert client.post(check_in_url(first)).status_code == 403
        first.refresh_from_db()
        assert first.status == "registered"

    def test_an_unknown_code_says_so(self, client, door, officer):
        client.force_login(officer)
        response = client.get("/lop-tap-huan/diem-danh/khong-co-ma-nay/")
        assert response.status_code == 404
        assert "Mã điểm danh này không đúng" in response.content.decode()


class TestCertificate:
    def test_no_certificate_before_attending(self, client, door, staff_a):
        _, first, _ = door
        client.force_login(staff_a)
        assert client.get(f"/lop-tap-huan/chung-nhan/{first.code}.pdf").status_code == 404
        assert "/chung-nhan/" not in client.get("/lop-tap-huan/cua-toi/").content.decode()

    def test_the_person_who_attended_downloads_a_vietnamese_certificate(self, client, door, staff_a, officer):
        session, first, _ = door
        services.attendance_mark(registration=first, present=True, by=officer)
        client.force_login(staff_a)
        assert f"/lop-tap-huan/chung-nhan/{first.code}.pdf" in client.get("/lop-tap-huan/cua-toi/").content.decode()
        response = client.get(f"/lop-tap-huan/chung-nhan/{first.code}.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        text = " ".join(pdf_text(response).split())
        assert "GIẤY CHỨNG NHẬN" in text
        assert "Lê Văn Tám" in text
        assert session.course.title in text
        assert "Nguyễn Thị Lan" in text  # the trainer
        assert "Hội trường UBND xã An Phú" in text
        assert timezone.localtime(session.starts_at).strftime("%d/%m/%Y") in text
        assert f"/lop-tap-huan/xac-minh/{first.code}/" in text

    def test_officers_download_it_too_and_nobody_else(self, client, door, officer, colleague_a, staff_b):
        _, first, _ = door
        services.attendance_mark(registration=first, present=True, by=officer)
        url = f"/lop-tap-huan/chung-nhan/{first.code}.pdf"
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
        for other in (colleague_a, staff_b):
            client.force_login(other)
            assert client.get(url).status_code == 404
        client.force_login(officer)
        assert client.get(url).status_code == 200

    def test_an_absent_person_has_no_certificate(self, client, door, staff_a, officer):
        _, first, _ = door
        services.attendance_mark(registration=first, present=False, by=officer)
        client.force_login(staff_a)
        assert client.get(f"/lop-tap-huan/chung-nhan/{first.code}.pdf").status_code == 404


class TestVerification:
    def test_anyone_verifies_a_certificate_and_sees_only_name_course_and_date(self, client, door, officer):
        session, first, _ = door
        services.attendance_mark(registration=first, present=True, by=officer)
        response = client.get(f"/lop-tap-huan/xac-minh/{first.code}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Chứng nhận hợp lệ" in page
        assert "Lê Văn Tám" in page and session.course.title in page
        assert timezone.localtime(session.starts_at).strftime("%d/%m/%Y") in page
        assert "staff-a@example.com" not in page
        assert "HTX Phước An" not in page

    def test_a_code_that_is_no_certificate_says_so(self, client, door):
        _, first, _ = door  # registered, not attended
        for code in (first.code, "khong-co-ma-nay"):
            response = client.get(f"/lop-tap-huan/xac-minh/{code}/")
            assert response.status_code == 404
            page = response.content.decode()
            assert "không phải là giấy chứng nhận hợp lệ" in page
            assert "Chứng nhận hợp lệ" not in page
