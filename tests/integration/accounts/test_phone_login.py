"""Signing in with a phone number and a one-time code by SMS (accounts/phone_login.py)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from hypothesis import given
from oscar.core.loading import get_model

from accounts import sms
from accounts.models import OneTimeCode, PhoneNumber
from tests import factories
from tests.integration.checkout.test_checkout import _add_to_basket, _checkout
from tests.integration.security.test_hostile_input import EXAMPLES, assert_not_500, hostile_text

Order = get_model("order", "Order")

User = get_user_model()
NUMBER_URL = "/en/accounts/phone/"
CODE_URL = "/en/accounts/phone/code/"
NUMBER = "+84912345678"


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def ask_for_code(client, phone="0912 345 678", ip="203.0.113.7", url=NUMBER_URL):
    return client.post(url, {"phone": phone}, REMOTE_ADDR=ip)


def last_code():
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].message).group(1)


def give_code(client, code, url=CODE_URL):
    return client.post(url, {"code": code}, REMOTE_ADDR="203.0.113.7")


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def buyer_with_phone(number=NUMBER, email="lan@example.com"):
    user = factories.user(email=email)
    PhoneNumber.objects.create(user=user, number=number, verified=True)
    return user


@pytest.mark.django_db
class TestSigningInWithAPhoneNumber:
    def test_an_unknown_number_gets_a_code_and_then_a_new_buyer_account_without_email(self, client, site):
        response = ask_for_code(client, "0912 345 678")
        assert response.status_code == 302 and response["Location"].endswith("/accounts/phone/code/")
        assert sms.outbox[-1].to == NUMBER

        response = give_code(client, last_code())

        assert response.status_code == 302
        user = signed_in_user(client)
        assert user is not None and user.email == ""
        assert user.phone.number == NUMBER and user.phone.verified
        assert not user.has_usable_password()

    def test_a_known_number_signs_in_its_own_account(self, client, site):
        lan = buyer_with_phone()
        ask_for_code(client, "+84 912.345.678")
        give_code(client, last_code())
        assert signed_in_user(client) == lan
        assert User.objects.count() == 1

    def test_the_code_is_stored_only_as_a_hash(self, client, site):
        ask_for_code(client)
        code = last_code()
        stored = OneTimeCode.objects.get()
        assert code not in stored.code_hash and len(stored.code_hash) == 64
        assert all(code not in str(value) for value in OneTimeCode.objects.values_list())

    def test_a_code_is_refused_after_five_minutes(self, client, site, monkeypatch):
        ask_for_code(client)
        code = last_code()
        later = timezone.now() + timedelta(minutes=5, seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)

        response = give_code(client, code)

        assert response.status_code == 400
        assert "wrong or has expired" in response.content.decode()
        assert signed_in_user(client) is None

    def test_a_wrong_code_is_refused_with_a_clear_message(self, client, site):
        ask_for_code(client)
        wrong = "000000" if last_code() != "000000" else "111111"
        response = give_code(client, wrong)
        assert response.status_code == 400
        assert "This code is wrong or has expired" in response.content.decode()
        assert signed_in_user(client) is None
        assert OneTimeCode.objects.get().failed_attempts == 1

    def test_five_wrong_codes_spoil_the_code_so_that_even_the_right_one_fails(self, client, site):
        ask_for_code(client)
        code = last_code()
        wrong = "000000" if code != "000000" else "111111"
        for _ in range(5):
            response = give_code(client, wrong)
        assert "Too many wrong codes" in response.content.decode()

        response = give_code(client, code)

        assert "Too many wrong codes" in response.content.decode()
        assert signed_in_user(client) is None

    def test_a_new_code_replaces_the_previous_one(self, client, site):
        ask_for_code(client)
        first = last_code()
        ask_for_code(client)
        second = last_code()
        if first != second:
            assert give_code(client, first).status_code == 400
        give_code(client, second)
        assert signed_in_user(client) is not None

    def test_a_code_signs_in_once_only(self, client, site):
        ask_for_code(client)
        code = last_code()
        give_code(client, code)
        client.post("/en/accounts/logout/")
        client.post(NUMBER_URL, {"phone": "0912345678"})  # the session's number again, without a new code
        OneTimeCode.objects.all().delete()
        assert give_code(client, code).status_code == 400
        assert signed_in_user(client) is None

    def test_a_number_given_up_by_its_first_account_opens_a_new_one(self, client, site):
        ask_for_code(client)
        give_code(client, last_code())
        first = signed_in_user(client)
        first.phone.number = "+84987654321"
        first.phone.save()
        client.post("/en/accounts/logout/")

        ask_for_code(client)
        give_code(client, last_code())

        second = signed_in_user(client)
        assert second is not None and second != first and second.phone.number == NUMBER

    def test_an_account_made_for_someone_with_their_number_is_theirs_once_they_prove_it(self, client, site):
        # An officer made the account for an official (training): a number typed, never verified, no password.
        official = factories.user(email="")
        official.set_unusable_password()
        official.save()
        PhoneNumber.objects.create(user=official, number=NUMBER, verified=False)

        ask_for_code(client, "0912 345 678")
        give_code(client, last_code())

        assert signed_in_user(client) == official
        assert User.objects.count() == 1
        official.phone.refresh_from_db()
        assert official.phone.verified

    def test_an_unverified_number_on_an_account_with_a_password_is_not_taken_over(self, client, site):
        lan = factories.user(email="lan@example.com")  # signs in with her password; typed a number once
        PhoneNumber.objects.create(user=lan, number=NUMBER, verified=False)

        ask_for_code(client, "0912 345 678")
        give_code(client, last_code())

        newcomer = signed_in_user(client)
        assert newcomer is not None and newcomer != lan
        assert not PhoneNumber.objects.get(user=lan).verified

    def test_a_basket_filled_before_signing_in_is_kept_and_ordered_without_email(self, client, site):
        _add_to_basket(client, factories.product(title="Nấm rơm"))
        ask_for_code(client)
        give_code(client, last_code())
        buyer = signed_in_user(client)

        _checkout(client)

        order = Order.objects.get(user=buyer)
        assert [line.title for line in order.lines.all()] == ["Nấm rơm"]

    def test_signing_in_returns_to_the_page_that_asked_for_it(self, client, site):
        client.get(NUMBER_URL + "?next=/en/checkout/")
        ask_for_code(client)
        response = give_code(client, last_code())
        assert response["Location"] == "/en/checkout/"

    def test_a_next_address_on_another_site_is_ignored(self, client, site):
        client.get(NUMBER_URL + "?next=https://evil.example/")
        ask_for_code(client)
        response = give_code(client, last_code())
        assert response["Location"] == "/en/accounts/profile/"

    def test_a_number_that_is_not_a_vietnamese_mobile_is_refused_clearly(self, client, site):
        for typed in ("12345", "028 3829 5555", "+1 202 555 0143", "abc"):
            response = ask_for_code(client, typed)
            assert response.status_code == 400
            assert "Enter a Vietnamese mobile number" in response.content.decode()
        assert sms.outbox == [] and not OneTimeCode.objects.exists()

    def test_the_pages_answer_in_vietnamese_at_the_default_address(self, client, site):
        page = client.get("/accounts/phone/").content.decode()
        assert '<html lang="vi"' in page
        assert "Đăng nhập bằng số điện thoại" in page
        assert "Đăng nhập bằng số điện thoại" in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
class TestThrottling:
    def test_a_fourth_code_for_one_number_within_15_minutes_is_refused(self, client, site):
        for ip in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
            assert ask_for_code(client, ip=ip).status_code == 302
        response = ask_for_code(client, ip="203.0.113.4")
        assert response.status_code == 400
        assert "Too many codes were sent to this number" in response.content.decode()
        assert len(sms.outbox) == 3

    def test_an_eleventh_code_for_one_number_in_a_day_is_refused(self, client, site, settings):
        settings.PHONE_CODES_PER_NUMBER = 100  # the 15-minute limit out of the way: a day's worth of asking
        for n in range(10):
            assert ask_for_code(client, ip=f"203.0.113.{n + 1}").status_code == 302
        response = ask_for_code(client, ip="198.51.100.20")
        assert response.status_code == 400
        assert "Too many codes were sent to this number today" in response.content.decode()

    def test_an_eleventh_code_from_one_address_is_refused_whatever_the_number(self, client, site):
        for n in range(10):
            assert ask_for_code(client, f"09123456{n:02d}").status_code == 302
        response = ask_for_code(client, "0987654321")
        assert response.status_code == 400
        assert "Too many codes were asked for from your connection" in response.content.decode()
        assert len(sms.outbox) == 10

    def test_another_address_is_not_held_back_by_a_busy_one(self, client, site):
        for n in range(11):
            ask_for_code(client, f"09123456{n:02d}")
        assert ask_for_code(client, "0987654321", ip="198.51.100.20").status_code == 302


@pytest.mark.django_db
class TestNoAccountEnumeration:
    def _answers(self, client, phone):
        asked = ask_for_code(client, phone)
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(CODE_URL).content.decode())
        return asked.status_code, asked["Location"], page

    def test_a_number_with_an_account_and_one_without_get_the_same_answers(self, client, site):
        buyer_with_phone("+84912345678")
        known = self._answers(client, "0912345678")
        unknown = self._answers(client, "0987654321")
        assert known[:2] == unknown[:2]
        assert known[2].replace("091 234 5678", "") == unknown[2].replace("098 765 4321", "")

    def test_a_staff_number_gets_no_code_but_an_sms_saying_to_use_email(self, client, site):
        officer = factories.officer(email="can-bo@example.com")
        PhoneNumber.objects.create(user=officer, number=NUMBER, verified=True)

        response = ask_for_code(client)

        assert response.status_code == 302 and response["Location"].endswith("/accounts/phone/code/")
        assert "e-mail and password" in sms.outbox[-1].message
        assert not re.search(r"\d{6}", sms.outbox[-1].message)
        assert not OneTimeCode.objects.exists()
        assert give_code(client, "123456").status_code == 400
        assert signed_in_user(client) is None

    def test_a_switched_off_account_gets_nothing_and_the_same_answer(self, client, site):
        user = buyer_with_phone()
        user.is_active = False
        user.save()
        response = ask_for_code(client)
        assert response.status_code == 302
        assert sms.outbox == []


@pytest.mark.django_db
class TestAddingAPhoneToAnEmailAccount:
    def test_an_email_account_adds_its_phone_and_then_signs_in_with_it(self, client, site):
        lan = factories.user(email="lan@example.com")
        client.force_login(lan)
        assert "Add a phone number" in client.get("/en/accounts/profile/").content.decode()

        ask_for_code(client, url="/en/accounts/phone/add/")
        response = give_code(client, last_code(), url="/en/accounts/phone/add/code/")

        assert response.status_code == 302
        assert PhoneNumber.objects.get(user=lan).number == NUMBER
        assert "091 234 5678" in client.get("/en/accounts/profile/").content.decode()
        client.post("/en/accounts/logout/")
        ask_for_code(client)
        give_code(client, last_code())
        assert signed_in_user(client) == lan

    def test_a_number_verified_by_another_account_cannot_be_taken(self, client, site):
        buyer_with_phone(email="minh@example.com")
        lan = factories.user(email="lan@example.com")
        client.force_login(lan)
        ask_for_code(client, url="/en/accounts/phone/add/")
        response = give_code(client, last_code(), url="/en/accounts/phone/add/code/")
        assert response.status_code == 400
        assert "already belongs to another account" in response.content.decode()
        assert not PhoneNumber.objects.filter(user=lan).exists()

    def test_a_sign_in_code_does_not_add_a_phone_and_the_reverse(self, client, site):
        lan = factories.user(email="lan@example.com")
        client.force_login(lan)
        ask_for_code(client, url="/en/accounts/phone/add/")
        code = last_code()
        client.post("/en/accounts/logout/")
        ask_for_code(client, ip="198.51.100.20")
        sign_in_code = last_code()
        if code != sign_in_code:
            assert give_code(client, code).status_code == 400


@pytest.mark.django_db
class TestHostileInput:
    @EXAMPLES
    @given(phone=hostile_text, code=hostile_text)
    def test_the_number_and_code_steps_answer_anything_without_a_500(self, client, site, phone, code):
        assert_not_500(ask_for_code(client, phone), f"phone {phone!r:.80}")
        session = client.session
        session["phone_sign_in_number"] = NUMBER
        session.save()
        assert_not_500(give_code(client, code), f"code {code!r:.80}")


@pytest.mark.django_db
def test_support_finds_a_number_in_django_admin(client, site):
    buyer_with_phone()
    client.force_login(factories.user(email="root@example.com", is_staff=True, is_superuser=True))
    page = client.get("/django-admin/accounts/phonenumber/", {"q": "912345678"}).content.decode()
    assert "+84912345678" in page and "lan@example.com" in page
