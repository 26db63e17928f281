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
from training.models import Course, Official, Registration, Session

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

    def test_officials_are_not_counted_as_cooperatives(self, geography):
        officials_data()
        facts = AdoptionFacts(today())
        assert sum(row.trained for row in facts.by_district()) == 0


BINH_CHANH = "785"


def official(name, workplace_code=None, level="commune"):
    person = factories.user(first_name=name)
    if workplace_code:
        Official.objects.create(user=person, level=level, unit=factories.unit(workplace_code))
    return person


def officials_by_place_data():
    """Five officials registered this year, two trained: in An Phú (Củ Chi), Tân Kiên (split in 2025), the
    district of Củ Chi, and one whose workplace was never recorded."""
    commune_course = course(Course.Audience.COMMUNE_OFFICIALS, "Chuyển đổi số cấp xã")
    district_course = course(Course.Audience.DISTRICT_OFFICIALS, "Chuyển đổi số cấp huyện")
    held = session(commune_course, this_year())
    held_district = session(district_course, this_year())
    register(held, official("Nguyễn Văn An", AN_PHU))
    register(held, official("Trần Thị Bích", AN_PHU), status=Registration.Status.WAITING)
    register(held, official("Lê Văn Cường", TAN_KIEN), status=Registration.Status.REGISTERED)
    register(held_district, official("Phạm Thị Dung", CU_CHI, level="district"))
    register(held, official("Võ Văn Em"), status=Registration.Status.ABSENT)


class TestOfficialsByPlace:
    def test_before_2025_by_district_with_unrecorded_workplaces_apart(self, geography):
        from adoption.officials import OfficialsByPlace

        officials_by_place_data()
        table = OfficialsByPlace(today()).by_district()

        by_district = {row.unit.code: (row.trained, row.registered) for row in table.rows}
        assert by_district == {CU_CHI: (2, 3), BINH_CHANH: (0, 1)}
        assert (table.unrecorded.trained, table.unrecorded.registered) == (0, 1)
        assert table.total.figure == Figure(2, 5) == AdoptionFacts(today()).figures()["officials_trained"]

    def test_from_2025_communes_follow_the_succession_and_district_officials_stand_apart(self, geography):
        from adoption.officials import OfficialsByPlace

        officials_by_place_data()
        table = OfficialsByPlace(today()).by_unit_2025()

        assert [(row.unit.code, row.trained, row.registered) for row in table.rows] == [(AN_NHON_TAY_2025, 1, 2)]
        assert [(row.unit.code, row.trained, row.registered) for row in table.split_rows] == [(TAN_KIEN, 0, 1)]
        assert len(table.split_rows[0].split_between) == 2
        assert (table.district_level.trained, table.district_level.registered) == (1, 1)
        assert (table.unrecorded.trained, table.unrecorded.registered) == (0, 1)
        parts = table.rows + table.split_rows + [table.district_level, table.unrecorded]
        assert sum(row.registered for row in parts) == table.total.registered == 5

    def test_the_dashboard_shows_the_officials_by_place_in_both_layouts(self, client, geography):
        officials_by_place_data()
        officer_client(client)

        before = element(client.get("/adoption/").content.decode(), "officials-by-place")
        assert "Củ Chi 2 3" in before and "Chưa ghi nơi công tác 0 1" in before and "Tổng cộng 2 5" in before
        after = element(client.get("/adoption/?layout=2025").content.decode(), "officials-by-place")
        assert "Cán bộ huyện (từ 1/7/2025 không còn cấp huyện) 1 1" in after and "Tổng cộng 2 5" in after

    def test_the_drill_down_lists_officials_by_name_trained_or_not(self, client, geography):
        officials_by_place_data()
        officer_client(client)

        district = element(client.get(f"/adoption/officials/?district={CU_CHI}").content.decode(), "officials")
        assert "Nguyễn Văn An An Phú, Củ Chi Chuyển đổi số cấp xã" in district
        assert "Phạm Thị Dung Củ Chi Chuyển đổi số cấp huyện" in district
        assert this_year().strftime("%d/%m/%Y") in district
        assert "Đã tập huấn" in district and "Trong danh sách chờ" in district
        assert "Lê Văn Cường" not in district and "Võ Văn Em" not in district
        commune = element(client.get(f"/adoption/officials/?commune={AN_PHU}").content.decode(), "officials")
        assert "Nguyễn Văn An" in commune and "Phạm Thị Dung" not in commune
        city = element(client.get("/adoption/officials/").content.decode(), "officials")
        assert all(name in city for name in ("Nguyễn Văn An", "Lê Văn Cường", "Võ Văn Em", "Chưa ghi nơi công tác"))
        assert client.get("/adoption/officials/?district=000").status_code == 404

    def test_district_and_commune_pages_state_their_officials(self, client, geography):
        officials_by_place_data()
        officer_client(client)

        district = element(client.get(f"/adoption/districts/{CU_CHI}/").content.decode(), "officials-summary")
        assert "2 / 3" in district
        commune = element(client.get(f"/adoption/communes/{AN_PHU}/").content.decode(), "officials-summary")
        assert "1 / 2" in commune

    def test_the_exports_hold_the_same_rows(self, client, geography):
        officials_by_place_data()
        officer_client(client)

        def table(name):
            body = client.get(f"/en/adoption/export/{name}.csv").content.decode("utf-8-sig")
            return list(csv.reader(io.StringIO(body)))

        by_district = table("officials")
        assert by_district[0] == [
            "District (before 1 July 2025)", "Officials trained this year", "Officials registered this year",
            "Share trained (%)",
        ]  # fmt: skip
        assert by_district[1:] == [
            ["Bình Chánh", "0", "1", "0.0"], ["Củ Chi", "2", "3", "66.7"], ["Workplace not recorded", "0", "1", "0.0"],
            ["Total", "2", "5", "40.0"],
        ]  # fmt: skip
        units_2025 = table("officials-2025")
        assert [row[1:3] for row in units_2025[1:]] == [["1", "2"], ["0", "1"], ["1", "1"], ["0", "1"], ["2", "5"]]
        assert units_2025[2][0].startswith("Tân Kiên, Bình Chánh (split between ")
        names = table("officials-names")
        assert len(names) == 6
        assert ["Nguyễn Văn An", "An Phú, Củ Chi", "Chuyển đổi số cấp xã"] == names[2][:3]
        assert names[2][4] == "Trained"

    @pytest.mark.parametrize("size", [3, 30])
    def test_the_drill_down_budget_does_not_grow(self, client, geography, size, django_assert_max_num_queries):
        held = session(course(Course.Audience.COMMUNE_OFFICIALS), this_year())
        for n in range(size):
            register(held, official(f"Cán bộ {n}", [AN_PHU, TAN_KIEN, None][n % 3]))
        officer_client(client)
        for url in ("/adoption/officials/", f"/adoption/officials/?district={CU_CHI}"):
            with django_assert_max_num_queries(12):
                assert client.get(url).status_code == 200


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
        assert "at their workplace" in officials
        vietnamese = client.get("/adoption/").content.decode()
        assert "tính tại nơi công tác" in element(vietnamese, "indicator-officials_trained")
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
