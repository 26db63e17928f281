"""The demo's training classes (issue 19): one course per audience, with sessions held and to come, the
library's resources as materials, coop1's and coop2's staff and some officials registered, and the
attendance of the sessions already held, so the dashboard's training figures have people behind them.

Upcoming sessions are registered for through training.services, as the workspace and the officers do.
Sessions already held are history: their registrations and attendance are stored as the attendance
pages would have left them (the service refuses a session that has started). Officials get plain
accounts, without shop rights."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cooperatives import services as cooperative_services
from cooperatives.models import Cooperative
from marketplace.models import TrainingResourcePage
from training import services
from training.models import Course, Registration, Session

from . import data

User = get_user_model()

STAFF_COURSE = "Bán hàng trên sàn thương mại điện tử cho hợp tác xã"
COMMUNE_COURSE = "Chuyển đổi số trong xây dựng nông thôn mới cấp xã"
DISTRICT_COURSE = "Điều hành chuyển đổi số nông nghiệp cấp huyện"

# (e-mail, first name, last name, index into data.COOPERATIVES or None for an official)
PEOPLE = [
    ("nhanvien1.htx1@example.com", "Hoa", "Trần Thị", 0),
    ("nhanvien2.htx1@example.com", "Tâm", "Lê Văn", 0),
    ("nhanvien1.htx2@example.com", "Phúc", "Nguyễn Hữu", 9),
    ("canbo.xa1@example.com", "Hạnh", "Phạm Thị", None),
    ("canbo.xa2@example.com", "Dũng", "Võ Minh", None),
    ("canbo.xa3@example.com", "Thảo", "Đặng Thu", None),
    ("canbo.huyen1@example.com", "Quang", "Huỳnh Nhật", None),
]
ATTENDED, ABSENT = Registration.Status.ATTENDED, Registration.Status.ABSENT
# The officials' mobile numbers and workplaces, recorded as an officer does (training.services): "coop1",
# "coop2" stand for that cooperative's commune, "district1" for coop1's district. canbo.xa3 is left
# without a workplace, as an account registered by e-mail before workplaces were recorded.
OFFICIALS = [
    ("canbo.xa1@example.com", "+84912300101", "commune", "coop2"),
    ("canbo.xa2@example.com", "+84912300102", "commune", "coop1"),
    ("canbo.huyen1@example.com", "+84912300104", "district", "district1"),
]


def fill_training(log):
    if Course.objects.filter(title=STAFF_COURSE).exists():
        return
    _fill(log)


@transaction.atomic
def _fill(log):
    officer = User.objects.get(email="officer@example.com")
    coop1 = Cooperative.objects.get(partner__users__email=data.COOPERATIVE_STAFF[0][0])
    coop2 = Cooperative.objects.get(partner__users__email=data.COOPERATIVE_STAFF[1][0])
    people = _people()
    places = {"coop1": coop1.commune, "coop2": coop2.commune, "district1": coop1.commune.parent}
    for email, phone, level, place in OFFICIALS:
        person = people[email]
        services.official_save(
            full_name=person.get_full_name(), phone=phone, email=email, level=level, unit=places[place], by=officer
        )
    materials = list(TrainingResourcePage.objects.live().order_by("title"))
    staff, commune, district = (
        _course(
            STAFF_COURSE, Course.Audience.COOPERATIVE_STAFF, materials, "Đăng sản phẩm, nhận đơn, giao hàng, VietQR"
        ),
        _course(COMMUNE_COURSE, Course.Audience.COMMUNE_OFFICIALS, materials[:1], "Cổng góp ý, số liệu chỉ tiêu"),
        _course(DISTRICT_COURSE, Course.Audience.DISTRICT_OFFICIALS, materials[:1], "Bảng chỉ tiêu, báo cáo quý"),
    )
    held = _session(staff, -30, coop1.commune, "Nguyễn Thị Lan")
    _held(
        held,
        officer,
        [
            ("coop1@example.com", ATTENDED, coop1),
            ("nhanvien1.htx1@example.com", ATTENDED, coop1),
            ("coop2@example.com", ATTENDED, coop2),
            ("nhanvien1.htx2@example.com", ABSENT, coop2),
        ],
    )
    _held(
        _session(commune, -20, coop2.commune, "Trần Quốc Bảo"),
        officer,
        [("canbo.xa1@example.com", ATTENDED, None), ("canbo.xa2@example.com", ABSENT, None)],
    )
    _held(
        _session(district, -45, coop1.commune, "Lê Minh Châu"), officer, [("canbo.huyen1@example.com", ATTENDED, None)]
    )
    upcoming_staff = _session(staff, 10, coop2.commune, "Nguyễn Thị Lan")
    manager1 = people["coop1@example.com"]
    for email in ("nhanvien2.htx1@example.com", "nhanvien1.htx1@example.com"):
        services.registration_create(session=upcoming_staff, person=people[email], by=manager1)
    online = _session(commune, 14, None, "Trần Quốc Bảo", link="https://meet.google.com/cho-htx-tap-huan")
    for email in ("canbo.xa2@example.com", "canbo.xa3@example.com"):
        services.registration_create(session=online, person=people[email], by=officer)
    log(f"  + 3 training courses, 5 sessions, {Registration.objects.count()} registrations")


def _people() -> dict:
    cooperatives = {index: Cooperative.objects.get(name=data.COOPERATIVES[index][0]) for index in (0, 9)}
    people = {email: User.objects.get(email=email) for email, _index in data.COOPERATIVE_STAFF}
    for email, first_name, last_name, index in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email, email=email, password=data.DEMO_PASSWORD, first_name=first_name, last_name=last_name
            )
        if index is not None:
            cooperative_services.cooperative_add_staff(cooperative=cooperatives[index], user=user)
        people[email] = user
    return people


def _course(title, audience, materials, topics) -> Course:
    course = Course.objects.create(title=title, audience=audience, topics=topics, is_published=True)
    course.materials.set(materials)
    return course


def _session(course, days, commune, trainer, link="") -> Session:
    starts = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)
    venue = f"Hội trường UBND xã {commune.full_name}" if commune and not link else ""
    session = Session(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        commune=None if link else commune,
        venue=venue,
        online_link=link,
        seats=30,
        trainer=trainer,
    )
    session.full_clean()
    session.save()
    return session


def _held(session, officer, rows):
    for email, status, cooperative in rows:
        Registration.objects.create(
            session=session,
            person=User.objects.get(email=email),
            registered_by=officer,
            cooperative=cooperative,
            status=status,
        )
