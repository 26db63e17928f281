"""The day before a session, everyone registered gets one reminder, however many times the task runs."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests import factories
from training import services
from training.models import Session
from training.tasks import reminders_send

pytestmark = pytest.mark.django_db


def tomorrow_at(hour):
    day = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def test_registered_people_are_reminded_once_under_two_runs(course, coop_a, staff_a, colleague_a):
    starts = tomorrow_at(8)
    session = Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), seats=1,
        online_link="https://meet.example.vn/chuyen-doi-so", trainer="Nguyễn Thị Lan",
    )  # fmt: skip
    services.registration_create(session=session, person=staff_a, by=staff_a)
    services.registration_create(session=session, person=colleague_a, by=staff_a)  # waiting: not reminded
    later = make_later_session(course, staff_a)
    mail.outbox.clear()

    assert reminders_send.apply().get() == 1
    assert reminders_send.apply().get() == 0

    assert [message.to for message in mail.outbox] == [["staff-a@example.com"]]
    assert mail.outbox[0].subject == f"Ngày mai: {course.title}"
    body = mail.outbox[0].body
    assert "Học trực tuyến: https://meet.example.vn/chuyen-doi-so" in body
    assert f"Thời gian: từ {starts:%d/%m/%Y} 08:00 đến 11:00" in body
    assert session.registrations.get(person=staff_a).reminded_at is not None
    assert later.registrations.get().reminded_at is None


def make_later_session(course, staff):
    starts = tomorrow_at(8) + datetime.timedelta(days=1)
    session = Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), seats=5,
        venue="Hội trường xã", trainer="Trần Văn Bình",
    )  # fmt: skip
    services.registration_create(
        session=session, person=factories.cooperative_staff(staff.partners.get().cooperative), by=staff
    )
    return session


def test_cancelled_sessions_and_registrations_get_no_reminder(course, staff_a, colleague_a):
    starts = tomorrow_at(14)
    session = Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), seats=5,
        venue="Hội trường xã", trainer="Trần Văn Bình",
    )  # fmt: skip
    cancelled = services.registration_create(session=session, person=staff_a, by=staff_a)
    services.registration_cancel(registration=cancelled, by=staff_a)
    services.registration_create(session=session, person=colleague_a, by=staff_a)
    Session.objects.filter(pk=session.pk).update(is_cancelled=True)
    mail.outbox.clear()

    assert reminders_send.apply().get() == 0
    assert mail.outbox == []
