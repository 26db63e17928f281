"""Officers make accounts for commune and district officials (no shop rights), with their workplace,
and may register them for a session in the same step; an account found by its phone or e-mail is reused."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accounts import roles, sms
from accounts.models import PhoneNumber
from tests import factories
from training.models import Course, Official, Registration

from .conftest import give_phone, make_session

pytestmark = pytest.mark.django_db
User = get_user_model()

OFFICIALS = "/lop-tap-huan/quan-ly/can-bo/"


@pytest.fixture
def officer_client(client, site, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def commune(db):
    return factories.commune("An Phú", "Củ Chi")


@pytest.fixture
def officials_session(db):
    course = Course.objects.create(title="Chuyển đổi số cho cán bộ xã", audience=Course.Audience.COMMUNE_OFFICIALS)
    return make_session(course, seats=1)


def official_data(workplace, **overrides):
    data = {
        "full_name": "Lê Văn Hùng",
        "phone": "0912 345 678",
        "email": "",
        "level": "commune",
        "commune": str(workplace.pk),
        "district": "",
        "session": "",
    }
    return data | overrides


class TestCreate:
    def test_an_official_gets_an_account_without_shop_rights(self, officer_client, commune):
        response = officer_client.post(OFFICIALS, official_data(commune), follow=True)

        assert response.status_code == 200
        official = Official.objects.select_related("user").get()
        user = official.user
        assert (official.level, official.unit) == ("commune", commune)
        assert user.get_full_name() == "Lê Văn Hùng"
        assert user.phone.number == "+84912345678" and not user.phone.verified
        assert not user.has_usable_password()
        assert not (user.is_staff or user.is_superuser or user.groups.exists() or user.user_permissions.exists())
        assert not roles.uses_dashboard(user) and not user.partners.exists()
        html = response.content.decode()
        assert "Đã lưu tài khoản của Lê Văn Hùng." in html
        assert "Cán bộ xã · An Phú, Củ Chi" in html and "091 234 5678" in html

    def test_the_official_signs_in_by_phone_to_the_account_made_for_them(self, officer_client, commune):
        officer_client.post(OFFICIALS, official_data(commune))
        made = Official.objects.get().user
        phone_client = Client()
        phone_client.post("/en/accounts/phone/", {"phone": "0912 345 678"}, REMOTE_ADDR="203.0.113.9")
        code = re.search(r"\b(\d{6})\b", sms.outbox[-1].message).group(1)
        phone_client.post("/en/accounts/phone/code/", {"code": code}, REMOTE_ADDR="203.0.113.9")

        assert phone_client.session.get("_auth_user_id") == str(made.pk)  # not a second account
        assert User.objects.filter(phone__number="+84912345678").count() == 1
        made.phone.refresh_from_db()
        assert made.phone.verified

    def test_a_district_official_gives_a_district(self, officer_client, commune):
        data = official_data(commune, level="district", commune="", district=str(commune.parent_id))

        assert officer_client.post(OFFICIALS, data).status_code == 302
        assert Official.objects.get().unit == commune.parent

    def test_create_and_register_in_one_step(self, officer_client, commune, officials_session):
        data = official_data(commune, email="hung@example.com", session=str(officials_session.pk))

        response = officer_client.post(OFFICIALS, data)

        assert response["Location"] == f"/lop-tap-huan/quan-ly/buoi-hoc/{officials_session.pk}/dang-ky/"
        registration = Registration.objects.get()
        assert (registration.person.email, registration.cooperative, registration.status) == (
            "hung@example.com",
            None,
            "registered",
        )

    def test_the_session_page_links_to_the_form_with_the_session_chosen(self, officer_client, officials_session):
        html = officer_client.get(f"/lop-tap-huan/quan-ly/buoi-hoc/{officials_session.pk}/dang-ky/").content.decode()
        assert f'href="{OFFICIALS}?session={officials_session.pk}"' in html

        html = officer_client.get(f"{OFFICIALS}?session={officials_session.pk}").content.decode()
        assert f'<option value="{officials_session.pk}" selected>' in html


class TestReuse:
    def test_an_account_found_by_phone_is_reused_and_gets_its_workplace(self, officer_client, commune):
        buyer = factories.user(email="nguoi-mua@example.com")
        give_phone(buyer, "+84912345678")

        officer_client.post(OFFICIALS, official_data(commune, phone="+84 912 345 678"))

        assert User.objects.filter(phone__number="+84912345678").count() == 1
        assert Official.objects.get().user == buyer

    def test_a_phone_only_account_gets_the_name_and_e_mail_it_lacked(self, officer_client, commune):
        signed_up_by_phone = User.objects.create_user(username="+84912345678", email="")
        PhoneNumber.objects.create(user=signed_up_by_phone, number="+84912345678", verified=True)

        officer_client.post(OFFICIALS, official_data(commune, email="hung@example.com"))

        signed_up_by_phone.refresh_from_db()
        assert (signed_up_by_phone.get_full_name(), signed_up_by_phone.email) == ("Lê Văn Hùng", "hung@example.com")
        assert Official.objects.get().user == signed_up_by_phone

    def test_an_account_found_by_e_mail_is_reused_and_keeps_one_phone(self, officer_client, commune):
        existing = factories.user(email="hung@example.com")

        officer_client.post(OFFICIALS, official_data(commune, email="HUNG@example.com"))
        officer_client.post(OFFICIALS, official_data(commune, email="hung@example.com", level="district",
                                                     commune="", district=str(commune.parent_id)))  # fmt: skip

        assert Official.objects.get().user == existing
        assert Official.objects.get().unit == commune.parent
        assert PhoneNumber.objects.filter(user=existing).count() == 1
        assert User.objects.count() == 2  # the officer and the official

    def test_phone_and_e_mail_of_two_different_accounts_are_refused(self, officer_client, commune):
        give_phone(factories.user(email="a@example.com"), "+84912345678")
        factories.user(email="b@example.com")

        response = officer_client.post(OFFICIALS, official_data(commune, email="b@example.com"))

        assert response.status_code == 400
        assert "Số điện thoại và địa chỉ e-mail này thuộc về hai tài khoản khác nhau." in response.content.decode()
        assert not Official.objects.exists()

    def test_cooperative_staff_cannot_be_made_officials(self, officer_client, commune, staff_a):
        response = officer_client.post(OFFICIALS, official_data(commune, email=staff_a.email))

        assert response.status_code == 400
        assert "Tài khoản này thuộc về cán bộ Sở hoặc nhân viên HTX" in response.content.decode()
        assert not Official.objects.exists()


class TestRefused:
    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"phone": "028 3829 1234"}, "Nhập số di động Việt Nam, ví dụ 0912 345 678."),
            ({"full_name": " "}, "Trường này là bắt buộc."),
            ({"email": "khong-phai-email"}, "Nhập địa chỉ email."),
            ({"commune": ""}, "Chọn xã nơi cán bộ làm việc."),
            ({"level": "district", "commune": ""}, "Chọn huyện nơi cán bộ làm việc."),
        ],
    )
    def test_bad_input_is_refused_with_the_reason(self, officer_client, commune, overrides, message):
        response = officer_client.post(OFFICIALS, official_data(commune, **overrides))

        assert response.status_code == 400
        assert message in response.content.decode()
        assert User.objects.count() == 1 and not Official.objects.exists()

    def test_a_failed_registration_leaves_no_account_behind(self, officer_client, commune, officials_session):
        officials_session.is_cancelled = True
        officials_session.save()

        response = officer_client.post(OFFICIALS, official_data(commune, session=str(officials_session.pk)))

        assert response.status_code == 400
        assert not Official.objects.exists() and User.objects.count() == 1
        assert not PhoneNumber.objects.exists()

    def test_staff_and_buyers_cannot_see_officials(self, client, site, staff_a, commune):
        for user in (staff_a, factories.user()):
            client.force_login(user)
            assert client.get(OFFICIALS).status_code == 403
            assert client.post(OFFICIALS, official_data(commune)).status_code == 403
        assert not Official.objects.exists()


def test_the_officials_list_takes_the_same_queries_for_5_and_for_50(officer_client, commune,
                                                                     django_assert_max_num_queries):  # fmt: skip
    from training import services

    officer = User.objects.get(is_staff=True)
    for count in (5, 50):
        for n in range(Official.objects.count(), count):
            services.official_save(
                full_name=f"Cán bộ {n}", phone=f"+8491234{n:04d}", email="", level="commune", unit=commune, by=officer
            )
        with django_assert_max_num_queries(12):
            assert officer_client.get(OFFICIALS).status_code == 200
