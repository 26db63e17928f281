"""Optional two-step sign-in (TOTP) for officers and cooperative staff."""

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from marketplace import urls as site_urls
from tests import factories

# The site's URLs with the two-step pages in front (until marketplace/urls.py includes security.urls).
urlpatterns = i18n_patterns(path("", include("security.urls")), prefix_default_language=False) + list(
    site_urls.urlpatterns
)
handler404 = site_urls.handler404
handler500 = site_urls.handler500

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

SETUP_URL = "/en/account/two-factor/"
VERIFY_URL = "/en/account/two-factor/verify/"
LOGIN_URL = "/en/accounts/login/"
PROFILE_URL = "/en/accounts/profile/"


def code_for(device):
    """The code the authenticator app shows now. Each code is accepted once (replay guard), so the
    guard is reset first, as if the app had moved on to its next 30-second code."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, email):
    return client.post(
        LOGIN_URL, {"login-username": email, "login-password": "demo12345", "login_submit": "1"}, follow=False
    )


def enable_two_step(client, user):
    client.force_login(user)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP_URL, {"code": code_for(device)})
    assert response.status_code == 302
    client.logout()
    return TOTPDevice.objects.get(user=user, confirmed=True)


def wrong_code(device):
    right = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    return "000000" if right != "000000" else "111111"


class TestTurningTwoStepOn:
    def test_the_page_shows_a_qr_code_and_the_key(self, client, site):
        officer = factories.officer()
        client.force_login(officer)

        response = client.get(SETUP_URL)

        page = response.content.decode()
        assert response.status_code == 200
        assert "Two-step sign-in" in page
        assert "<svg" in page
        device = TOTPDevice.objects.get(user=officer, confirmed=False)
        assert response.context["secret"].replace(" ", "")[:8] in page.replace(" ", "")
        assert device.config_url.startswith("otpauth://totp/")

    def test_a_wrong_code_does_not_turn_it_on(self, client, site):
        officer = factories.officer()
        client.force_login(officer)
        client.get(SETUP_URL)
        device = TOTPDevice.objects.get(user=officer)

        response = client.post(SETUP_URL, {"code": wrong_code(device)})

        assert response.status_code == 200
        assert "That code is not right, or it has expired." in response.content.decode()
        assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()

    def test_a_code_that_is_not_six_digits_is_answered_clearly(self, client, site):
        client.force_login(factories.officer())

        response = client.post(SETUP_URL, {"code": "abc"})

        assert "Enter the 6-digit code your authenticator app shows." in response.content.decode()

    def test_the_right_code_turns_it_on(self, client, site):
        officer = factories.officer()
        client.force_login(officer)
        client.get(SETUP_URL)
        device = TOTPDevice.objects.get(user=officer)

        response = client.post(SETUP_URL, {"code": code_for(device)}, follow=True)

        assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 1
        assert "Two-step sign-in is on" in response.content.decode()

    def test_cooperative_staff_may_turn_it_on(self, client, site):
        staff = factories.cooperative_staff(factories.cooperative())
        client.force_login(staff)

        assert client.get(SETUP_URL).status_code == 200

    def test_a_buyer_is_not_offered_it(self, client, site):
        client.force_login(factories.user())

        assert client.get(SETUP_URL).status_code == 403


class TestSigningInWithTwoStep:
    def test_after_the_password_the_code_is_asked_before_any_page(self, client, site):
        officer = factories.officer(email="officer@example.com")
        enable_two_step(client, officer)

        response = sign_in(client, "officer@example.com")
        assert response.status_code == 302

        profile = client.get(PROFILE_URL)
        assert profile.status_code == 302
        assert profile["Location"].startswith(VERIFY_URL)
        dashboard = client.get("/en/dashboard/")
        assert dashboard["Location"].startswith(VERIFY_URL)

    def test_a_wrong_code_is_refused(self, client, site):
        officer = factories.officer(email="officer@example.com")
        device = enable_two_step(client, officer)
        sign_in(client, "officer@example.com")

        response = client.post(VERIFY_URL, {"code": wrong_code(device), "next": PROFILE_URL})

        assert response.status_code == 200
        assert "That code is not right, or it has expired." in response.content.decode()
        assert client.get(PROFILE_URL)["Location"].startswith(VERIFY_URL)

    def test_the_right_code_lets_them_in(self, client, site):
        officer = factories.officer(email="officer@example.com")
        device = enable_two_step(client, officer)
        sign_in(client, "officer@example.com")

        response = client.post(VERIFY_URL, {"code": code_for(device), "next": PROFILE_URL})

        assert response.status_code == 302
        assert response["Location"] == PROFILE_URL
        assert client.get(PROFILE_URL).status_code == 200

    def test_the_verify_page_does_not_send_them_off_site(self, client, site):
        officer = factories.officer(email="officer@example.com")
        device = enable_two_step(client, officer)
        sign_in(client, "officer@example.com")

        response = client.post(VERIFY_URL, {"code": code_for(device), "next": "https://evil.example.com/"})

        assert "evil.example.com" not in response["Location"]

    def test_signing_out_is_possible_without_the_code(self, client, site):
        officer = factories.officer(email="officer@example.com")
        enable_two_step(client, officer)
        sign_in(client, "officer@example.com")

        client.post("/en/accounts/logout/")

        assert "_auth_user_id" not in client.session

    def test_users_without_two_step_are_not_asked(self, client, site):
        factories.officer(email="officer@example.com")

        sign_in(client, "officer@example.com")

        assert client.get(PROFILE_URL).status_code == 200

    def test_turning_it_off_needs_a_code(self, client, site):
        officer = factories.officer(email="officer@example.com")
        device = enable_two_step(client, officer)
        sign_in(client, "officer@example.com")
        client.post(VERIFY_URL, {"code": code_for(device)})

        refused = client.post(SETUP_URL, {"code": wrong_code(device)})
        assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
        assert "That code is not right" in refused.content.decode()

        client.post(SETUP_URL, {"code": code_for(device)})
        assert not TOTPDevice.objects.filter(user=officer).exists()

        client.logout()
        sign_in(client, "officer@example.com")
        assert client.get(PROFILE_URL).status_code == 200
