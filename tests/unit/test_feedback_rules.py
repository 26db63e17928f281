"""The feedback form's signed timestamp, voter keys and month buckets: no database needed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from feedback.selectors import _months_between
from feedback.services import form_token_check, form_token_make, voter_key_for

NOW = datetime.datetime(2025, 9, 15, 10, 0, tzinfo=datetime.UTC)


def token_rendered(seconds_before_now):
    return form_token_make(rendered_at=NOW - datetime.timedelta(seconds=seconds_before_now))


class TestFormToken:
    @pytest.mark.parametrize("seconds", [3, 60, 86400])
    def test_accepts_a_form_shown_between_three_seconds_and_a_day_ago(self, seconds):
        form_token_check(token_rendered(seconds), NOW)

    @pytest.mark.parametrize(
        ("token", "code"),
        [
            (token_rendered(2.9), "too_fast"),
            (token_rendered(0), "too_fast"),
            (token_rendered(86401), "expired"),
            ("", "tampered"),
            ("not-a-token", "tampered"),
            (token_rendered(60)[:-1] + "x", "tampered"),
        ],
    )
    def test_refuses(self, token, code):
        with pytest.raises(ValidationError) as refused:
            form_token_check(token, NOW)
        assert refused.value.code == code

    def test_the_moment_cannot_be_edited_without_breaking_the_signature(self):
        value, signature = token_rendered(60).split(":", 1)
        other_value = form_token_make(rendered_at=NOW - datetime.timedelta(hours=2)).split(":", 1)[0]
        with pytest.raises(ValidationError):
            form_token_check(f"{other_value}:{signature}", NOW)


class TestVoterKey:
    def test_is_a_keyed_sha256_hex_that_hides_the_address(self, settings):
        key = voter_key_for("203.0.113.7")
        assert len(key) == 64 and int(key, 16) >= 0
        assert "203.0.113.7" not in key
        settings.SECRET_KEY = "another-secret"
        assert voter_key_for("203.0.113.7") != key

    def test_same_address_same_key_other_address_other_key(self):
        assert voter_key_for("203.0.113.7") == voter_key_for("203.0.113.7")
        assert voter_key_for("203.0.113.7") != voter_key_for("203.0.113.8")


class TestMonthsBetween:
    def test_lists_every_month_the_period_touches_in_local_time(self):
        tz = timezone.get_fixed_timezone(7 * 60)
        with timezone.override(tz):
            months = _months_between(
                datetime.datetime(2024, 11, 30, 18, 0, tzinfo=datetime.UTC),  # 1 Dec, 01:00 in Vietnam
                datetime.datetime(2025, 2, 1, 0, 0, tzinfo=tz),
            )
        assert months == [datetime.date(2024, 12, 1), datetime.date(2025, 1, 1)]
