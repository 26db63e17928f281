"""Login throttling (django-axes) and password rules."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests import factories

LOGIN_URL = "/en/accounts/login/"
LOCKED_MESSAGE = "Too many failed sign-in attempts"


def sign_in(client, email, password, ip="203.0.113.7"):
    return client.post(
        LOGIN_URL,
        {"login-username": email, "login-password": password, "login_submit": "1"},
        REMOTE_ADDR=ip,
    )


def is_signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
class TestLoginThrottling:
    def test_the_sixth_attempt_after_five_wrong_passwords_is_refused_even_with_the_right_one(self, client, site):
        factories.user(email="lan@example.com")
        for _ in range(4):
            response = sign_in(client, "lan@example.com", "wrong-password")
            assert response.status_code == 200
            assert LOCKED_MESSAGE not in response.content.decode()
        fifth = sign_in(client, "lan@example.com", "wrong-password")
        assert fifth.status_code == 429

        response = sign_in(client, "lan@example.com", "demo12345")

        assert response.status_code == 429
        page = response.content.decode()
        assert LOCKED_MESSAGE in page
        assert "paused for 30 minutes" in page
        assert "Reset your password" in page
        assert not is_signed_in(client)

    def test_the_lock_out_page_answers_in_vietnamese_at_the_default_address(self, client, site):
        factories.user(email="lan@example.com")
        for _ in range(5):
            client.post(
                "/accounts/login/",
                {"login-username": "lan@example.com", "login-password": "x", "login_submit": "1"},
                REMOTE_ADDR="203.0.113.7",
            )
        response = client.post(
            "/accounts/login/",
            {"login-username": "lan@example.com", "login-password": "demo12345", "login_submit": "1"},
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == 429
        assert '<html lang="vi"' in response.content.decode()

    def test_another_user_from_the_same_address_is_not_locked_out(self, client, site):
        factories.user(email="lan@example.com")
        factories.user(email="minh@example.com")
        for _ in range(5):
            sign_in(client, "lan@example.com", "wrong-password")

        response = sign_in(client, "minh@example.com", "demo12345")

        assert response.status_code == 302
        assert is_signed_in(client)

    def test_the_same_user_from_another_address_is_not_locked_out(self, client, site):
        factories.user(email="lan@example.com")
        for _ in range(5):
            sign_in(client, "lan@example.com", "wrong-password", ip="203.0.113.7")

        response = sign_in(client, "lan@example.com", "demo12345", ip="198.51.100.20")

        assert response.status_code == 302

    def test_the_lock_lifts_after_thirty_minutes(self, client, site):
        factories.user(email="lan@example.com")
        for _ in range(5):
            sign_in(client, "lan@example.com", "wrong-password")
        assert sign_in(client, "lan@example.com", "demo12345").status_code == 429

        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
        response = sign_in(client, "lan@example.com", "demo12345")

        assert response.status_code == 302
        assert is_signed_in(client)

    def test_a_shorter_cool_off_setting_is_obeyed(self, client, site, settings):
        settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
        factories.user(email="lan@example.com")
        for _ in range(5):
            sign_in(client, "lan@example.com", "wrong-password")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=2))

        assert sign_in(client, "lan@example.com", "demo12345").status_code == 302

    def test_behind_a_trusted_proxy_each_forwarded_address_counts_apart(self, client, site, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        factories.user(email="lan@example.com")
        for _ in range(5):
            client.post(
                LOGIN_URL,
                {"login-username": "lan@example.com", "login-password": "x", "login_submit": "1"},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="203.0.113.7",
            )

        other_buyer = client.post(
            LOGIN_URL,
            {"login-username": "lan@example.com", "login-password": "demo12345", "login_submit": "1"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.20",
        )

        assert other_buyer.status_code == 302

    def test_django_admin_sign_in_is_throttled_too(self, client, site):
        factories.user(email="boss@example.com", is_staff=True, is_superuser=True)
        for _ in range(5):
            client.post(
                "/django-admin/login/",
                {"username": "boss@example.com", "password": "wrong"},
                REMOTE_ADDR="203.0.113.7",
            )
        response = client.post(
            "/django-admin/login/",
            {"username": "boss@example.com", "password": "demo12345"},
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == 429
        assert not is_signed_in(client)

    def test_signing_in_without_a_request_is_not_throttled(self, site):
        """Management commands and the shell authenticate without a request."""
        from django.contrib.auth import authenticate

        factories.user(email="lan@example.com")
        assert authenticate(username="lan@example.com", password="demo12345") is not None


@pytest.mark.django_db
class TestPasswordRules:
    def register(self, client, password):
        return client.post(
            LOGIN_URL,
            {
                "registration-email": "new@example.com",
                "registration-password1": password,
                "registration-password2": password,
                "registration_submit": "1",
            },
        )

    def test_registration_with_a_short_password_is_refused_with_the_reason(self, client, site):
        response = self.register(client, "Xk9#mpq2")

        assert response.status_code == 200
        assert "This password is too short. It must contain at least 10 characters." in response.content.decode()
        assert not get_user_model().objects.filter(email="new@example.com").exists()

    def test_registration_with_a_common_password_is_refused(self, client, site):
        response = self.register(client, "password123")

        assert "This password is too common." in response.content.decode()
        assert not get_user_model().objects.filter(email="new@example.com").exists()

    def test_the_reason_is_given_in_vietnamese_at_the_default_address(self, client, site):
        # Django 5.2 changed this message's msgid and its Vietnamese catalogue lacks the new one:
        # the translation is ours (locale_upstream/).
        response = client.post(
            "/accounts/login/",
            {
                "registration-email": "new@example.com",
                "registration-password1": "Xk9#mpq2",
                "registration-password2": "Xk9#mpq2",
                "registration_submit": "1",
            },
        )
        assert "ít nhất 10 ký tự" in response.content.decode()

    def test_a_long_enough_password_registers(self, client, site):
        response = self.register(client, "vuon-rau-sach-2025")

        assert response.status_code == 302
        assert get_user_model().objects.filter(email="new@example.com").exists()

    def test_existing_nine_character_demo_passwords_still_sign_in(self, client, site):
        factories.user(email="lan@example.com", password="demo12345")

        assert sign_in(client, "lan@example.com", "demo12345").status_code == 302
