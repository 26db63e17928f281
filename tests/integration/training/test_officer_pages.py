"""Officers create courses and their sessions at /lop-tap-huan/quan-ly/; nobody else may."""

import pytest
from django.core import mail
from django.utils import timezone

from tests import factories
from training import services
from training.models import Course, Session

from .conftest import make_session

pytestmark = pytest.mark.django_db

MANAGE = "/lop-tap-huan/quan-ly/"
COURSE_ADD = "/lop-tap-huan/quan-ly/khoa-hoc/moi/"


@pytest.fixture
def officer_client(client, site, officer):
    client.force_login(officer)
    return client


def session_data(**overrides):
    data = {
        "starts_at": "2031-03-10T08:00",
        "ends_at": "2031-03-10T11:30",
        "commune": "",
        "venue": "Hội trường UBND xã An Phú",
        "online_link": "",
        "seats": "30",
        "trainer": "Nguyễn Thị Lan",
    }
    return data | overrides


class TestOfficers:
    def test_create_a_course_then_a_session_and_see_both_listed(self, officer_client):
        response = officer_client.post(
            COURSE_ADD,
            {
                "title": "Chuyển đổi số cho HTX",
                "audience": "cooperative_staff",
                "topics": "Bán hàng",
                "is_published": "on",
            },
        )
        assert response.status_code == 302
        course = Course.objects.get()
        assert (course.title, course.audience, course.is_published) == (
            "Chuyển đổi số cho HTX",
            "cooperative_staff",
            True,
        )

        response = officer_client.post(f"/lop-tap-huan/quan-ly/khoa-hoc/{course.pk}/buoi-hoc/moi/", session_data())
        assert response.status_code == 302
        session = Session.objects.get()
        assert (session.course, session.seats, session.venue) == (course, 30, "Hội trường UBND xã An Phú")

        html = officer_client.get(MANAGE).content.decode()
        assert "Chuyển đổi số cho HTX" in html
        assert "10/03/2031 08:00–11:30" in html
        assert "0 trên 30 chỗ đã có người" in html

    def test_edit_a_session_online(self, officer_client, course):
        session = make_session(course)
        response = officer_client.post(
            f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/",
            session_data(venue="", online_link="https://meet.example.vn/chuyen-doi-so", is_cancelled="on"),
        )
        assert response.status_code == 302
        session.refresh_from_db()
        assert (session.venue, session.online_link, session.is_cancelled) == (
            "",
            "https://meet.example.vn/chuyen-doi-so",
            True,
        )

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            (
                {"online_link": "https://meet.example.vn/x"},
                "Chỉ ghi địa điểm hoặc đường dẫn học trực tuyến, không ghi cả hai.",
            ),
            ({"venue": ""}, "Ghi địa điểm (hội trường xã) hoặc đường dẫn học trực tuyến."),
            ({"ends_at": "2031-03-10T07:00"}, "Buổi học phải kết thúc sau giờ bắt đầu."),
            ({"seats": "0"}, "Buổi học cần ít nhất một chỗ."),
        ],
    )
    def test_a_wrong_session_is_refused_with_the_reason(self, officer_client, course, overrides, message):
        response = officer_client.post(
            f"/lop-tap-huan/quan-ly/khoa-hoc/{course.pk}/buoi-hoc/moi/", session_data(**overrides)
        )

        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Session.objects.exists()

    def test_a_course_needs_a_title(self, officer_client):
        response = officer_client.post(COURSE_ADD, {"title": "", "audience": "commune_officials"})

        assert response.status_code == 400
        assert "Trường này là bắt buộc." in response.content.decode()
        assert not Course.objects.exists()


class TestOthers:
    @pytest.mark.parametrize("url", [MANAGE, COURSE_ADD])
    def test_anonymous_visitors_are_sent_to_sign_in(self, client, site, url):
        response = client.get(url)

        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_cooperative_staff_and_buyers_are_refused(self, client, site, staff_a, course):
        for user in (staff_a, factories.user()):
            client.force_login(user)
            assert client.get(MANAGE).status_code == 403
            response = client.post(COURSE_ADD, {"title": "Lớp giả", "audience": "cooperative_staff"})
            assert response.status_code == 403
            response = client.post(f"/lop-tap-huan/quan-ly/khoa-hoc/{course.pk}/buoi-hoc/moi/", session_data())
            assert response.status_code == 403
        assert list(Course.objects.values_list("title", flat=True)) == [course.title]
        assert not Session.objects.exists()


class TestOfficersRegister:
    def test_an_official_is_registered_by_e_mail_and_cancelled(self, officer_client, session, staff_b, coop_b):
        official = factories.user(email="can-bo-xa@example.com", first_name="Lê", last_name="Văn Hùng")
        url = f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/dang-ky/"

        officer_client.post(url, {"email": "CAN-BO-XA@example.com"})
        response = officer_client.post(url, {"email": staff_b.email}, follow=True)

        html = response.content.decode()
        assert "Đã đăng ký cho staff-b@example.com." in html
        assert "Lê Văn Hùng" in html and "HTX Tân Nhựt" in html
        registrations = list(session.registrations.order_by("pk"))
        assert [(r.person, r.cooperative, r.status) for r in registrations] == [
            (official, None, "registered"),
            (staff_b, coop_b, "registered"),
        ]

        response = officer_client.post(f"/lop-tap-huan/quan-ly/dang-ky/{registrations[0].pk}/huy/", follow=True)

        assert "Đã huỷ lượt đăng ký." in response.content.decode()
        registrations[0].refresh_from_db()
        assert registrations[0].status == "cancelled"

    def test_an_unknown_e_mail_is_refused(self, officer_client, session):
        response = officer_client.post(
            f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/dang-ky/", {"email": "ai@example.com"}
        )

        assert response.status_code == 400
        assert "Không có tài khoản nào dùng địa chỉ e-mail này." in response.content.decode()
        assert not session.registrations.exists()

    def test_staff_cannot_open_a_sessions_registrations(self, client, site, session, staff_a):
        client.force_login(staff_a)

        assert client.get(f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/dang-ky/").status_code == 403


def test_seats_added_by_an_officer_go_to_the_waiting_list_first(
    officer_client, session, staff_a, colleague_a, coop_a, django_capture_on_commit_callbacks
):
    waiting = [factories.cooperative_staff(coop_a, email=f"cho-{n}@example.com") for n in range(3)]
    for person in (staff_a, colleague_a, *waiting):
        services.registration_create(session=session, person=person, by=staff_a)
    mail.outbox.clear()
    data = session_data(
        starts_at=f"{timezone.localtime(session.starts_at):%Y-%m-%dT%H:%M}",
        ends_at=f"{timezone.localtime(session.ends_at):%Y-%m-%dT%H:%M}",
        seats="4",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/", data)

    assert response.status_code == 302
    assert list(session.registrations.order_by("pk").values_list("status", flat=True)) == [
        "registered", "registered", "registered", "registered", "waiting",
    ]  # fmt: skip
    assert sorted(message.to[0] for message in mail.outbox) == ["cho-0@example.com", "cho-1@example.com"]


def test_officers_find_the_classes_in_the_dashboard_menu_and_staff_do_not(client, site, officer, staff_a):
    client.force_login(officer)
    assert f'href="{MANAGE}"' in client.get("/dashboard/").content.decode()
    client.force_login(staff_a)
    assert MANAGE not in client.get("/dashboard/").content.decode()
