"""An officer edits a session: seats cannot be cut below the people already seated, and cancelling the
session tells everyone holding a seat or waiting, by e-mail and SMS, once."""

import pytest
from django.core import mail
from django.utils import timezone

from accounts import sms
from tests import factories
from training import services

from .conftest import give_phone
from .test_officer_pages import session_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, site, officer):
    client.force_login(officer)
    return client


def edit_data(session, **overrides):
    fields = {
        "starts_at": f"{timezone.localtime(session.starts_at):%Y-%m-%dT%H:%M}",
        "ends_at": f"{timezone.localtime(session.ends_at):%Y-%m-%dT%H:%M}",
        "seats": str(session.seats),
    }
    return session_data(**(fields | overrides))


def test_seats_cannot_be_cut_below_the_people_seated(officer_client, session, staff_a, colleague_a):
    for person in (staff_a, colleague_a):
        services.registration_create(session=session, person=person, by=staff_a)

    response = officer_client.post(f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/", edit_data(session, seats="1"))

    assert response.status_code == 400
    assert "Số chỗ không được ít hơn số người đã có chỗ (2 người)." in response.content.decode()
    session.refresh_from_db()
    assert session.seats == 2


def test_the_service_refuses_too_few_seats_under_the_lock(session, staff_a, officer):
    services.registration_create(session=session, person=staff_a, by=staff_a)
    session.seats = 0

    with pytest.raises(services.ValidationError) as error:
        services.session_save(session=session, by=officer)

    assert "seats" in error.value.message_dict
    session.refresh_from_db()
    assert session.seats == 2


def test_seats_can_be_cut_down_to_the_people_seated(officer_client, session, staff_a):
    services.registration_create(session=session, person=staff_a, by=staff_a)

    response = officer_client.post(f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/", edit_data(session, seats="1"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.seats == 1


def test_cancelling_tells_the_seated_and_the_waiting_once_by_e_mail_and_sms(
    officer_client, session, coop_a, staff_a, colleague_a, django_capture_on_commit_callbacks
):
    waiting = factories.cooperative_staff(coop_a, email="cho@example.com")
    cancelled = factories.cooperative_staff(coop_a, email="huy@example.com")
    for person in (staff_a, colleague_a, waiting, cancelled):
        services.registration_create(session=session, person=person, by=staff_a)
    services.registration_cancel(registration=session.registrations.get(person=cancelled), by=staff_a)
    give_phone(staff_a, "+84912345678")
    give_phone(waiting, "+84987654321")
    mail.outbox.clear()
    url = f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/"

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = officer_client.post(url, edit_data(session, is_cancelled="on"))
        assert response.status_code == 302

    assert sorted(message.to[0] for message in mail.outbox) == [
        "cho@example.com", "colleague-a@example.com", "staff-a@example.com",
    ]  # fmt: skip
    assert mail.outbox[0].subject == f"Buổi học đã bị huỷ: {session.course.title}"
    assert sorted(text.to for text in sms.outbox) == ["+84912345678", "+84987654321"]
    assert all(text.message.startswith("Chợ HTX: buổi học ") and "đã bị huỷ" in text.message for text in sms.outbox)


def test_a_session_not_cancelled_sends_nothing(officer_client, session, staff_a, django_capture_on_commit_callbacks):
    services.registration_create(session=session, person=staff_a, by=staff_a)
    give_phone(staff_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(f"/lop-tap-huan/quan-ly/buoi-hoc/{session.pk}/", edit_data(session, trainer="Trần Bình"))

    assert mail.outbox == [] and sms.outbox == []
