"""Registering for a session: seats never oversold, the waiting list, cancelling frees the seat, and
a cooperative's staff register only their own colleagues."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from tests import factories
from training import services
from training.models import Registration

from .conftest import make_session

pytestmark = pytest.mark.django_db

WORKSPACE = "/workspace/training/"


def statuses(session):
    return list(session.registrations.order_by("pk").values_list("person__email", "status"))


class TestSeats:
    def test_when_full_the_next_goes_on_the_waiting_list(self, session, staff_a, colleague_a, coop_a):
        third = factories.cooperative_staff(coop_a, email="third-a@example.com")

        for person in (staff_a, colleague_a, third):
            services.registration_create(session=session, person=person, by=staff_a)

        assert statuses(session) == [
            ("staff-a@example.com", "registered"),
            ("colleague-a@example.com", "registered"),
            ("third-a@example.com", "waiting"),
        ]
        assert set(session.registrations.values_list("cooperative", flat=True)) == {coop_a.pk}

    def test_cancelling_frees_the_seat_for_the_first_waiting_who_is_told(
        self, session, staff_a, colleague_a, coop_a, django_capture_on_commit_callbacks
    ):
        third = factories.cooperative_staff(coop_a, email="third-a@example.com")
        fourth = factories.cooperative_staff(coop_a, email="fourth-a@example.com")
        first = services.registration_create(session=session, person=staff_a, by=staff_a)
        for person in (colleague_a, third, fourth):
            services.registration_create(session=session, person=person, by=staff_a)
        mail.outbox.clear()

        with pytest.raises(ValidationError):
            services.registration_create(session=session, person=colleague_a, by=staff_a)
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_cancel(registration=first, by=staff_a)

        assert statuses(session) == [
            ("staff-a@example.com", "cancelled"),
            ("colleague-a@example.com", "registered"),
            ("third-a@example.com", "registered"),
            ("fourth-a@example.com", "waiting"),
        ]
        assert [message.to for message in mail.outbox] == [["third-a@example.com"]]
        assert mail.outbox[0].subject == f"Bạn đã có chỗ: {session.course.title}"
        assert "Hội trường UBND xã An Phú" in mail.outbox[0].body

    def test_cancelling_a_waiting_registration_promotes_nobody(self, session, staff_a, colleague_a, coop_a):
        third = factories.cooperative_staff(coop_a)
        fourth = factories.cooperative_staff(coop_a)
        for person in (staff_a, colleague_a, third):
            services.registration_create(session=session, person=person, by=staff_a)
        waiting = services.registration_create(session=session, person=fourth, by=staff_a)

        services.registration_cancel(registration=waiting, by=staff_a)

        assert [status for _email, status in statuses(session)] == ["registered", "registered", "waiting", "cancelled"]

    def test_one_cancelled_may_register_again(self, session, staff_a):
        first = services.registration_create(session=session, person=staff_a, by=staff_a)
        services.registration_cancel(registration=first, by=staff_a)

        again = services.registration_create(session=session, person=staff_a, by=staff_a)

        assert again.status == Registration.Status.REGISTERED

    def test_a_cancelled_or_started_session_takes_nobody(self, course, staff_a):
        for session in (make_session(course, is_cancelled=True), make_session(course, days=-1)):
            with pytest.raises(ValidationError):
                services.registration_create(session=session, person=staff_a, by=staff_a)
        assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_registrations_at_the_same_moment_never_oversell_the_seats(course, coop_a, staff_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one at a time: the race needs PostgreSQL's row locks")
    session = make_session(course, seats=3)
    people = [factories.cooperative_staff(coop_a) for _n in range(8)]
    barrier = threading.Barrier(len(people))
    errors = []

    def register(person):
        try:
            barrier.wait()
            services.registration_create(session=session, person=person, by=staff_a)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert session.registrations.filter(status="registered").count() == 3
    assert session.registrations.filter(status="waiting").count() == 5


class TestWhoMayRegister:
    def test_staff_cannot_register_another_cooperatives_staff(self, session, staff_a, staff_b):
        with pytest.raises(PermissionDenied):
            services.registration_create(session=session, person=staff_b, by=staff_a)
        assert not Registration.objects.exists()

    def test_a_buyer_cannot_register_anyone(self, session, staff_a):
        buyer = factories.user()
        for person in (buyer, staff_a):
            with pytest.raises(PermissionDenied):
                services.registration_create(session=session, person=person, by=buyer)
        assert not Registration.objects.exists()

    def test_officers_register_anyone_officials_without_a_cooperative(self, session, officer, staff_b, coop_b):
        official = factories.user(email="can-bo-xa@example.com")

        by_officer = [services.registration_create(session=session, person=p, by=officer) for p in (staff_b, official)]

        assert [(r.cooperative_id, r.registered_by) for r in by_officer] == [(coop_b.pk, officer), (None, officer)]

    def test_staff_cannot_cancel_another_cooperatives_registration(self, session, staff_a, staff_b):
        theirs = services.registration_create(session=session, person=staff_b, by=staff_b)

        with pytest.raises(PermissionDenied):
            services.registration_cancel(registration=theirs, by=staff_a)
        theirs.refresh_from_db()
        assert theirs.status == "registered"


class TestWorkspacePage:
    def test_staff_register_a_colleague_and_see_the_registration(self, client, site, session, staff_a, colleague_a):
        client.force_login(staff_a)

        html = client.get(WORKSPACE).content.decode()
        assert session.course.title in html and "Còn 2 chỗ" in html
        assert "colleague-a@example.com" in html
        response = client.post(
            f"/workspace/training/sessions/{session.pk}/register/", {"person": colleague_a.pk}, follow=True
        )

        html = response.content.decode()
        assert "Đã đăng ký cho colleague-a@example.com." in html
        assert 'data-status="registered"' in html and "Còn 1 chỗ" in html
        assert statuses(session) == [("colleague-a@example.com", "registered")]

    def test_staff_of_a_cannot_register_b_staff(self, client, site, session, staff_a, staff_b):
        client.force_login(staff_a)

        response = client.post(f"/workspace/training/sessions/{session.pk}/register/", {"person": staff_b.pk})

        assert response.status_code == 403
        assert not Registration.objects.exists()

    def test_staff_of_a_neither_see_nor_cancel_b_registrations(self, client, site, session, staff_a, staff_b):
        theirs = services.registration_create(session=session, person=staff_b, by=staff_b)
        client.force_login(staff_a)

        assert "staff-b@example.com" not in client.get(WORKSPACE).content.decode()
        response = client.post(f"/workspace/training/registrations/{theirs.pk}/cancel/")

        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == "registered"

    def test_staff_cancel_their_own(self, client, site, session, staff_a, colleague_a):
        ours = services.registration_create(session=session, person=colleague_a, by=staff_a)
        client.force_login(staff_a)

        response = client.post(f"/workspace/training/registrations/{ours.pk}/cancel/", follow=True)

        assert "Đã huỷ lượt đăng ký." in response.content.decode()
        ours.refresh_from_db()
        assert ours.status == "cancelled"

    def test_full_class_puts_the_next_on_the_waiting_list(self, client, site, course, staff_a, colleague_a):
        session = make_session(course, seats=1)
        services.registration_create(session=session, person=colleague_a, by=staff_a)
        client.force_login(staff_a)

        response = client.post(f"/workspace/training/sessions/{session.pk}/register/", follow=True)

        assert "Lớp đã đủ chỗ: staff-a@example.com được đưa vào danh sách chờ." in response.content.decode()
        assert statuses(session)[-1] == ("staff-a@example.com", "waiting")
