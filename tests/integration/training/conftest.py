"""Fixtures of the training classes' tests: two cooperatives with staff, an officer, a published course
for cooperative staff, and a helper that adds sessions."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from training.models import Course, Session


@pytest.fixture
def coop_a(db):
    return factories.cooperative(name="HTX Phước An")


@pytest.fixture
def coop_b(db):
    return factories.cooperative(name="HTX Tân Nhựt")


@pytest.fixture
def staff_a(coop_a):
    return factories.cooperative_staff(coop_a, email="staff-a@example.com")


@pytest.fixture
def colleague_a(coop_a):
    return factories.cooperative_staff(coop_a, email="colleague-a@example.com")


@pytest.fixture
def staff_b(coop_b):
    return factories.cooperative_staff(coop_b, email="staff-b@example.com")


@pytest.fixture
def officer(db):
    return factories.officer(email="officer@example.com")


@pytest.fixture
def course(db):
    return Course.objects.create(
        title="Bán hàng trên sàn thương mại điện tử",
        audience=Course.Audience.COOPERATIVE_STAFF,
        topics="Đăng sản phẩm, nhận đơn",
        is_published=True,
    )


def make_session(course, *, days=7, seats=10, **fields):
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    values = {"venue": "Hội trường UBND xã An Phú", "trainer": "Nguyễn Thị Lan"} | fields
    return Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), seats=seats, **values
    )


@pytest.fixture
def session(course):
    return make_session(course, seats=2)


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    from accounts import sms

    sms.outbox.clear()
    yield
    sms.outbox.clear()


def give_phone(user, number="+84912345678"):
    from accounts.models import PhoneNumber

    return PhoneNumber.objects.create(user=user, number=number)
