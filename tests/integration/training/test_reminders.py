"""The day before a session, everyone registered gets one reminder, however many times the task runs."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from accounts import sms
from tests import factories
from training import services
from training.models import Session
from training.tasks import reminders_send

from .conftest import give_phone

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


def test_people_with_a_phone_also_get_one_sms_in_vietnamese(course, officer, staff_a):
    starts = tomorrow_at(8)
    session = Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), seats=5,
        venue="Hội trường UBND xã An Phú", trainer="Nguyễn Thị Lan",
    )  # fmt: skip
    phone_only = get_user_model().objects.create_user(username="+84987654321", email="")
    give_phone(phone_only, "+84987654321")
    give_phone(staff_a, "+84912345678")
    services.registration_create(session=session, person=staff_a, by=staff_a)
    services.registration_create(session=session, person=phone_only, by=officer)
    mail.outbox.clear()

    assert reminders_send.apply().get() == 2
    assert reminders_send.apply().get() == 0

    assert [message.to for message in mail.outbox] == [["staff-a@example.com"]]
    assert sorted(text.to for text in sms.outbox) == ["+84912345678", "+84987654321"]
    assert sms.outbox[0].message == (
        f'Chợ HTX: nhắc lịch lớp tập huấn "{course.title}" vào ngày mai, {starts:%d/%m/%Y} 08:00, '
        "tại Hội trường UBND xã An Phú."
    )


def test_a_refused_sms_is_logged_and_the_reminder_still_counts_once(course, staff_a, monkeypatch):
    starts = tomorrow_at(9)
    session = Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), seats=5,
        venue="Hội trường xã", trainer="Nguyễn Thị Lan",
    )  # fmt: skip
    give_phone(staff_a)
    services.registration_create(session=session, person=staff_a, by=staff_a)

    def refuse(self, message):
        raise sms.SmsDeliveryError("gateway away")

    monkeypatch.setattr(sms.LocmemBackend, "send", refuse)
    mail.outbox.clear()

    assert reminders_send.apply().get() == 1
    assert reminders_send.apply().get() == 0
    assert len(mail.outbox) == 1
