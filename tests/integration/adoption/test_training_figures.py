"""The training indicators (issue 19): cooperatives with trained staff and officials trained this year,
counted exactly on adversarial data, by place, and shown alike on the dashboard, the API and the exports."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from adoption.api import ApiToken
from adoption.indicators import AdoptionFacts, Figure
from cooperatives import services as cooperative_services
from cooperatives.models import Cooperative
from tests import factories
from training.models import Course, Registration, Session

from .test_adoption_dashboard import element

pytestmark = pytest.mark.django_db

AN_PHU = "27502"  # Củ Chi
PHU_MY_HUNG = "27499"  # Củ Chi
TAN_KIEN = "27616"  # Bình Chánh, split between two 2025 units
CU_CHI = "783"
AN_NHON_TAY_2025 = "27508"


@pytest.fixture
def geography(site):
    factories.real_geography()


def today():
    return timezone.localdate()


def at(day: datetime.date, hour=8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def this_year() -> datetime.datetime:
    """Early today: this calendar year, and already started."""
    return timezone.make_aware(datetime.datetime.combine(today(), datetime.time(0, 1)))


def last_year() -> datetime.datetime:
    return at(datetime.date(today().year - 1, 12, 15))


def later_this_year() -> datetime.datetime | None:
    end = datetime.date(today().year, 12, 31)
    return at(end, 20) if end > today() else None


def course(audience, title=None):
    return Course.objects.create(title=title or f"Lớp {audience}", audience=audience, is_published=True)


def session(course_, starts_at, *, cancelled=False):
    return Session.objects.create(
        course=course_,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        venue="Hội trường UBND xã",
        seats=50,
        trainer="Nguyễn Văn Bình",
        is_cancelled=cancelled,
    )


def register(session_, person, status=Registration.Status.ATTENDED, cooperative=None):
    return Registration.objects.create(session=session_, person=person, cooperative=cooperative, status=status)


def coop_in(code, status=Cooperative.Status.VERIFIED, name=None):
    coop = factories.cooperative(name=name, commune=factories.unit(code))
    if status != Cooperative.Status.VERIFIED:
        Cooperative.objects.filter(pk=coop.pk).update(status=status)
        coop.refresh_from_db()
    return coop


def staff_data():
    """Six verified cooperatives (two counted), one suspended with trained staff, and the traps."""
    staff_course = course(Course.Audience.COOPERATIVE_STAFF, "Bán hàng trên sàn")
    officials_course = course(Course.Audience.COMMUNE_OFFICIALS)
    past = session(staff_course, last_year())  # training does not expire
    recent = session(staff_course, this_year())
    called_off = session(staff_course, this_year(), cancelled=True)
    trained = coop_in(AN_PHU, name="HTX Phước An")
    register(past, factories.cooperative_staff(trained, "lan@example.com"), cooperative=trained)
    # Staff of two cooperatives: counts for the one that sent them only.
    sent = coop_in(TAN_KIEN, name="HTX Tân Kiên")
    other = coop_in(TAN_KIEN, name="HTX Bên cạnh")
    both = factories.cooperative_staff(sent, "hai@example.com")
    cooperative_services.cooperative_add_staff(cooperative=other, user=both)
    register(recent, both, cooperative=sent)
    for status in (Registration.Status.CANCELLED, Registration.Status.ABSENT, Registration.Status.WAITING):
        coop = coop_in(PHU_MY_HUNG)
        register(recent, factories.cooperative_staff(coop), status=status, cooperative=coop)
    cancelled_session = coop_in(PHU_MY_HUNG)
    register(called_off, factories.cooperative_staff(cancelled_session), cooperative=cancelled_session)
    suspended = coop_in(AN_PHU, status=Cooperative.Status.SUSPENDED)
    register(recent, factories.cooperative_staff(suspended), cooperative=suspended)
    # A staff member at an officials' course is not a cooperative trained by the staff course.
    wrong_course = coop_in(PHU_MY_HUNG)
    register(
        session(officials_course, this_year()), factories.cooperative_staff(wrong_course), cooperative=wrong_course
    )
    return trained, sent, other


def officials_data():
    """Five officials registered this year (two trained), and the traps."""
    commune_course = course(Course.Audience.COMMUNE_OFFICIALS)
    district_course = course(Course.Audience.DISTRICT_OFFICIALS)
    now_commune = session(commune_course, this_year())
    now_district = session(district_course, this_year())
    before = session(commune_course, last_year())
    trained_twice = factories.user("canbo.xa1@example.com", first_name="An")
    register(now_commune, trained_twice)
    register(now_district, trained_twice)  # one person, counted once
    register(now_district, factories.user("canbo.huyen1@example.com"))
    register(now_commune, factories.user(), status=Registration.Status.ABSENT)
    register(now_commune, factories.user(), status=Registration.Status.WAITING)
    last_years = factories.user()
    register(before, last_years)  # trained last year, registered this year: not trained this year
    register(now_commune, last_years, status=Registration.Status.REGISTERED)
    register(before, factories.user())  # trained last year only: in neither count
    register(now_commune, factories.user(), status=Registration.Status.CANCELLED)  # withdrew
    register(session(commune_course, this_year(), cancelled=True), factories.user())
    later = later_this_year()
    if later:
        register(session(commune_course, later), factories.user())  # registered, not trained yet
    return 6 if later else 5


class TestCooperativesWithTrainedStaff:
    def test_counts_verified_cooperatives_a_staff_member_of_attended_for(self, geography):
        staff_data()
        facts = AdoptionFacts(today())
        # Verified: Phước An, Tân Kiên, Bên cạnh, three Phú Mỹ Hưng traps, the cancelled session's, the
        # officials' course's; trained: Phước An (last year still counts) and Tân Kiên.
        assert facts.figures()["cooperatives_with_trained_staff"] == Figure(2, 8)

    def test_by_district_and_commune_in_both_layouts(self, geography):
        trained, sent, other = staff_data()
        facts = AdoptionFacts(today())
        assert facts.communes[factories.unit(AN_PHU).pk].trained == 1
        assert facts.communes[factories.unit(TAN_KIEN).pk].trained == 1
        assert facts.communes[factories.unit(PHU_MY_HUNG).pk].trained == 0
        by_district = {row.unit.code: row.trained for row in facts.by_district() if row.unit}
        assert by_district[CU_CHI] == 1
        assert sum(by_district.values()) == 2
        rows, split_rows = facts.by_unit_2025()
        assert {r.unit.code: r.trained for r in rows}[AN_NHON_TAY_2025] == 1
        assert [r.trained for r in split_rows if r.unit.code == TAN_KIEN] == [1]


class TestOfficialsTrained:
    def test_counts_people_registered_this_year_and_those_who_attended(self, geography):
        registered = officials_data()
        assert AdoptionFacts(today()).figures()["officials_trained"] == Figure(2, registered)

    def test_officials_count_in_the_city_total_only(self, geography):
        officials_data()
        facts = AdoptionFacts(today())
        assert sum(row.trained for row in facts.by_district()) == 0


def officer_client(client):
    client.force_login(factories.officer())
    return client


class TestShown:
    def test_dashboard_cards_state_the_figures_and_targets(self, client, geography):
        staff_data()
        registered = officials_data()
        page = officer_client(client).get("/en/adoption/").content.decode()
        coops = element(page, "indicator-cooperatives_with_trained_staff")
        assert "2 / 8 25.0%" in coops
        assert "100%" in coops
        assert "registered officials" not in coops
        officials = element(page, "indicator-officials_trained")
        assert f"2 / {registered}" in officials
        assert "for the whole city only" in officials
        vietnamese = client.get("/adoption/").content.decode()
        assert "chỉ tính chung toàn thành phố" in element(vietnamese, "indicator-officials_trained")
        assert "Cán bộ xã, huyện được tập huấn trong năm" in vietnamese
        commune = client.get(f"/adoption/communes/{AN_PHU}/").content.decode()
        assert "Cán bộ HTX đã được tập huấn" in element(commune, "trained-staff")

    def test_api_and_csv_equal_the_dashboard(self, client, geography):
        staff_data()
        registered = officials_data()
        _token, raw = ApiToken.issue(name="Cổng báo cáo")
        body = client.get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
        by_code = {item["code"]: item for item in body["indicators"]}
        assert (
            by_code["cooperatives_with_trained_staff"]["numerator"],
            by_code["cooperatives_with_trained_staff"]["denominator"],
        ) == (2, 8)
        assert (by_code["officials_trained"]["numerator"], by_code["officials_trained"]["denominator"]) == (
            2,
            registered,
        )
        assert by_code["officials_trained"]["target"] == 1.0
        response = officer_client(client).get("/en/adoption/export/indicators.csv")
        rows = {row[0]: row for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
        assert rows["cooperatives_with_trained_staff"][2:4] == ["2", "8"]
        assert rows["officials_trained"][2:4] == ["2", str(registered)]
        districts = list(
            csv.reader(io.StringIO(client.get("/en/adoption/export/districts.csv").content.decode("utf-8-sig")))
        )
        column = districts[0].index("Verified cooperatives with trained staff")
        assert districts[-1][column] == "2"

    def test_the_commune_page_lists_its_trained_staff(self, client, geography):
        staff_data()
        page = officer_client(client).get(f"/en/adoption/communes/{AN_PHU}/").content.decode()
        trained = element(page, "trained-staff")
        assert "HTX Phước An" in trained
        assert "lan@example.com" in trained
        assert "Bán hàng trên sàn" in trained
        assert last_year().strftime("%d/%m/%Y") in trained

    @pytest.mark.parametrize("size", [3, 30])
    def test_the_dashboard_budget_does_not_grow_with_registrations(
        self, client, geography, size, django_assert_max_num_queries
    ):
        staff_course = course(Course.Audience.COOPERATIVE_STAFF)
        officials_course = course(Course.Audience.DISTRICT_OFFICIALS)
        held = session(staff_course, this_year())
        held_officials = session(officials_course, this_year())
        for n in range(size):
            coop = coop_in([AN_PHU, TAN_KIEN][n % 2])
            register(held, factories.cooperative_staff(coop), cooperative=coop)
            register(held_officials, factories.user())
        officer_client(client)
        for url in ("/en/adoption/", "/en/adoption/?layout=2025", f"/en/adoption/communes/{AN_PHU}/"):
            with django_assert_max_num_queries(32):
                assert client.get(url).status_code == 200
