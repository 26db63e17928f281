"""`manage.py import_regions`: HCMC's rural communes before 1 July 2025 and the 2025 merger."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from regions.models import AdministrativeUnit, Layout, Level, Succession

DATA_DIR = Path(settings.BASE_DIR) / "regions" / "data"
COMMUNES_CSV = DATA_DIR / "hcmc_rural_communes.csv"
MAPPING_CSV = DATA_DIR / "hcmc_rural_communes_2025_mapping.csv"

pytestmark = pytest.mark.django_db


def import_regions(**options):
    out = StringIO()
    call_command("import_regions", stdout=out, **options)
    return out.getvalue()


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path, rows, fieldnames=None):
    fieldnames = fieldnames or list(rows[0].keys())
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def snapshot():
    """Everything the import writes, in a comparable form."""
    units = sorted(
        AdministrativeUnit.objects.values_list(
            "layout", "code", "name", "level", "parent__code", "is_rural", "in_new_rural_programme"
        )
    )
    successions = sorted(Succession.objects.values_list("old_unit__code", "new_unit__code", "share"))
    return units, successions


def old_units():
    return AdministrativeUnit.objects.in_layout(Layout.BEFORE_2025)


def new_units():
    return AdministrativeUnit.objects.in_layout(Layout.FROM_2025)


@pytest.fixture
def imported():
    import_regions()


class TestUnitsBefore2025:
    def test_there_is_one_city_with_five_rural_districts(self, imported):
        city = old_units().get(level=Level.CITY)
        assert city.code == "79"
        assert city.parent is None
        districts = old_units().districts()
        assert districts.count() == 5
        assert set(districts.values_list("parent", flat=True)) == {city.pk}
        assert all(district.is_rural for district in districts)

    def test_there_are_58_rural_communes_in_the_expected_districts(self, imported):
        communes = old_units().communes()
        assert communes.count() == 58
        assert communes.filter(is_rural=True).count() == 58
        per_district = {district.name: district.children.communes().count() for district in old_units().districts()}
        assert per_district == {"Củ Chi": 20, "Hóc Môn": 11, "Bình Chánh": 15, "Nhà Bè": 6, "Cần Giờ": 6}

    def test_every_commune_hangs_under_a_district(self, imported):
        for commune in old_units().communes().select_related("parent"):
            assert commune.parent.level == Level.DISTRICT, commune
        assert old_units().get(code="27502").full_name == "An Phú, Củ Chi"

    def test_the_programme_counts_56_communes_without_binh_hung_and_trung_chanh(self, imported):
        programme = AdministrativeUnit.objects.programme_communes()
        assert programme.count() == 56
        left_out = old_units().communes().filter(in_new_rural_programme=False)
        assert sorted(left_out.values_list("code", "name")) == [("27586", "Trung Chánh"), ("27619", "Bình Hưng")]

    def test_codes_and_names_match_the_csv(self, imported):
        expected = {(row["commune_code"], row["commune_name"], row["district_code"]) for row in read_csv(COMMUNES_CSV)}
        actual = set(old_units().communes().values_list("code", "name", "parent__code"))
        assert actual == expected

    def test_the_five_townships_come_from_the_mapping_and_are_not_rural_communes(self, imported):
        townships = old_units().filter(level=Level.TOWNSHIP)
        assert sorted(townships.values_list("name", flat=True)) == [
            "Cần Thạnh",
            "Củ Chi",
            "Hóc Môn",
            "Nhà Bè",
            "Tân Túc",
        ]
        assert not townships.filter(is_rural=True).exists()
        assert not townships.filter(in_new_rural_programme=True).exists()
        assert all(township.parent.level == Level.DISTRICT for township in townships)
        assert old_units().count() == 1 + 5 + 58 + 5


class TestUnitsFrom2025:
    def test_as_many_new_units_as_distinct_new_codes_in_the_csv(self, imported):
        rows = read_csv(MAPPING_CSV)
        distinct_new_codes = {row["new_unit_code"] for row in rows}
        # 24 communes, plus two urban wards that took parts of Tân Kiên and An Phú Tây.
        assert len(distinct_new_codes) == 26
        assert new_units().exclude(level=Level.CITY).count() == 26
        assert new_units().communes().count() == 24
        assert sorted(new_units().filter(level=Level.WARD).values_list("name", flat=True)) == ["Bình Đông", "Tân Tạo"]

    def test_there_are_no_districts_any_more(self, imported):
        city = new_units().get(level=Level.CITY)
        assert not new_units().districts().exists()
        assert set(new_units().exclude(pk=city.pk).values_list("parent", flat=True)) == {city.pk}

    def test_every_row_of_the_mapping_is_a_succession(self, imported):
        expected = {(row["old_unit_code"], row["new_unit_code"], row["share"]) for row in read_csv(MAPPING_CSV)}
        assert set(snapshot()[1]) == expected
        assert Succession.objects.count() == 67

    def test_every_rural_commune_and_township_went_somewhere(self, imported):
        orphans = old_units().filter(level__in=[Level.COMMUNE, Level.TOWNSHIP], successions__isnull=True)
        assert list(orphans) == []

    def test_a_split_commune_has_two_partial_successions(self, imported):
        tan_kien = old_units().get(code="27616")
        successions = tan_kien.successions.select_related("new_unit")
        assert sorted((s.new_unit.name, s.new_unit.level, s.share) for s in successions) == [
            ("Tân Nhựt", Level.COMMUNE, Succession.Share.PARTIAL),
            ("Tân Tạo", Level.WARD, Succession.Share.PARTIAL),
        ]

    def test_a_whole_commune_has_one_whole_succession(self, imported):
        phu_my_hung = old_units().get(code="27499")
        [succession] = phu_my_hung.successions.all()
        assert succession.share == Succession.Share.WHOLE
        assert succession.new_unit.name == "An Nhơn Tây"
        assert succession.new_unit.layout == Layout.FROM_2025

    def test_a_new_commune_lists_its_predecessors(self, imported):
        cu_chi = new_units().get(code="27553")
        assert cu_chi.name == "Củ Chi"
        predecessors = set(cu_chi.predecessions.values_list("old_unit__name", flat=True))
        assert predecessors == {"Phước Vĩnh An", "Tân Phú Trung", "Tân Thông Hội"}


class TestRunningTwice:
    def test_creates_no_duplicates(self):
        first_output = import_regions()
        first = snapshot()
        second_output = import_regions()
        assert snapshot() == first
        assert AdministrativeUnit.objects.count() == (1 + 5 + 58 + 5) + (1 + 26)
        assert "0 created" not in first_output
        assert second_output.count("0 created") == 2

    def test_updates_a_renamed_unit_in_place(self, imported, tmp_path):
        rows = read_csv(COMMUNES_CSV)
        rows[1]["commune_name"] = "An Phú (mới)"
        communes = write_csv(tmp_path / "communes.csv", rows)
        count = AdministrativeUnit.objects.count()
        import_regions(communes=communes)
        assert AdministrativeUnit.objects.count() == count
        assert old_units().get(code="27502").name == "An Phú (mới)"

    def test_drops_a_succession_the_mapping_no_longer_names(self, imported, tmp_path):
        rows = [
            row for row in read_csv(MAPPING_CSV) if (row["old_unit_code"], row["new_unit_code"]) != ("27616", "27457")
        ]
        for row in rows:
            if row["old_unit_code"] == "27616":
                row["share"] = "whole"
        import_regions(mapping=write_csv(tmp_path / "mapping.csv", rows))
        assert list(old_units().get(code="27616").successions.values_list("new_unit__code", "share")) == [
            ("27595", "whole")
        ]


class TestBadInput:
    """A bad file stops the import with a message in English and Vietnamese, and writes nothing."""

    @pytest.fixture(params=["empty database", "after an import"])
    def before(self, request):
        if request.param == "after an import":
            import_regions()
        return snapshot()

    def assert_refused(self, before, *, english, vietnamese, **options):
        with pytest.raises(CommandError) as excinfo:
            import_regions(**options)
        message = str(excinfo.value)
        assert english in message
        assert vietnamese in message
        assert snapshot() == before
        return message

    def test_a_missing_column(self, before, tmp_path):
        rows = read_csv(COMMUNES_CSV)
        communes = write_csv(tmp_path / "communes.csv", rows, ["district_code", "district_name", "commune_code"])
        message = self.assert_refused(
            before, communes=communes, english="missing columns: commune_name", vietnamese="thiếu cột: commune_name"
        )
        assert message.startswith("communes.csv")

    def test_an_empty_cell(self, before, tmp_path):
        rows = read_csv(COMMUNES_CSV)
        rows[9]["commune_name"] = "  "
        self.assert_refused(
            before,
            communes=write_csv(tmp_path / "communes.csv", rows),
            english="line 11: 'commune_name' is empty",
            vietnamese="dòng 11: cột 'commune_name' bị trống",
        )

    def test_a_short_row(self, before, tmp_path):
        path = tmp_path / "communes.csv"
        path.write_text(COMMUNES_CSV.read_text(encoding="utf-8") + "787,Cần Giờ\n", encoding="utf-8")
        self.assert_refused(before, communes=path, english="line 60: 'commune_code' is empty", vietnamese="dòng 60")

    def test_a_bad_share_in_the_last_row_after_good_communes(self, before, tmp_path):
        # The communes file is fine and would be written first: it must not be kept.
        rows = read_csv(MAPPING_CSV)
        rows[-1]["share"] = "half"
        self.assert_refused(
            before,
            mapping=write_csv(tmp_path / "mapping.csv", rows),
            english="line 68: share must be one of whole, partial, not 'half'",
            vietnamese="dòng 68: giá trị 'share' phải là whole, partial",
        )

    def test_an_empty_cell_in_the_mapping(self, before, tmp_path):
        rows = read_csv(MAPPING_CSV)
        rows[30]["new_unit_code"] = ""
        self.assert_refused(
            before,
            mapping=write_csv(tmp_path / "mapping.csv", rows),
            english="line 32: 'new_unit_code' is empty",
            vietnamese="dòng 32: cột 'new_unit_code' bị trống",
        )

    def test_a_whole_unit_that_goes_to_two_places(self, before, tmp_path):
        rows = read_csv(MAPPING_CSV)
        rows.append({**rows[0], "new_unit_code": "27553", "new_unit_name": "Xã Củ Chi"})
        self.assert_refused(
            before,
            mapping=write_csv(tmp_path / "mapping.csv", rows),
            english="27496 goes to several new units, so each share must be 'partial'",
            vietnamese="phải là 'partial'",
        )

    def test_a_commune_listed_twice(self, before, tmp_path):
        rows = read_csv(COMMUNES_CSV)
        rows.append(rows[0])
        self.assert_refused(
            before,
            communes=write_csv(tmp_path / "communes.csv", rows),
            english="commune 27499 is listed twice",
            vietnamese="bị lặp",
        )

    def test_a_mapping_row_that_disagrees_with_the_communes_file(self, before, tmp_path):
        rows = read_csv(MAPPING_CSV)
        rows[1]["old_district_code"] = "784"
        rows[1]["old_district_name"] = "Hóc Môn"
        self.assert_refused(
            before,
            mapping=write_csv(tmp_path / "mapping.csv", rows),
            english="27499 is not in district 784",
            vietnamese="không thuộc huyện 784",
        )

    def test_an_unknown_commune_to_leave_out_of_the_programme(self, before):
        self.assert_refused(
            before,
            exclude_from_programme="27619,99999",
            english="not in the file: 99999",
            vietnamese="không có trong tệp: 99999",
        )

    def test_a_file_that_does_not_exist(self, before, tmp_path):
        self.assert_refused(
            before,
            mapping=tmp_path / "missing.csv",
            english="cannot read the file",
            vietnamese="không đọc được tệp",
        )

    def test_a_file_that_is_not_utf8(self, before, tmp_path):
        path = tmp_path / "communes.csv"
        path.write_bytes(COMMUNES_CSV.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
        self.assert_refused(before, communes=path, english="cannot read the file", vietnamese="không đọc được tệp")


class TestDjangoAdmin:
    """Units come from the import: superusers may look, nobody edits by hand."""

    def test_a_superuser_sees_the_units_and_their_successions(self, imported, admin_client):
        response = admin_client.get("/django-admin/regions/administrativeunit/?q=27616")
        assert response.status_code == 200
        assert "Tân Kiên" in response.content.decode()
        tan_kien = old_units().get(code="27616")
        response = admin_client.get(f"/django-admin/regions/administrativeunit/{tan_kien.pk}/change/")
        assert response.status_code == 200
        assert "Tân Tạo" in response.content.decode()

    def test_a_superuser_cannot_add_or_delete(self, imported, admin_client):
        tan_kien = old_units().get(code="27616")
        assert admin_client.get("/django-admin/regions/administrativeunit/add/").status_code == 403
        assert admin_client.get(f"/django-admin/regions/administrativeunit/{tan_kien.pk}/delete/").status_code == 403

    def test_staff_who_are_not_superusers_cannot_see_them(self, imported, client, django_user_model):
        officer = django_user_model.objects.create_user(
            username="officer", email="officer@example.com", password="x", is_staff=True
        )
        officer.user_permissions.add(Permission.objects.get(codename="view_administrativeunit"))
        client.force_login(officer)
        response = client.get("/django-admin/regions/administrativeunit/")
        assert response.status_code == 302 and response["Location"].startswith("/django-admin/login/")
