"""Residents rate new-rural results in their commune; officers read the summary."""

import csv
import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from feedback.models import ResidentFeedback
from feedback.selectors import feedback_summary, offered_communes
from feedback.services import feedback_submit, form_token_make, voter_key_for
from regions.models import AdministrativeUnit, Layout, Level, Succession
from tests import factories

FORM_URL = "/en/feedback/"
IP = "203.0.113.7"


def unit_2025(name, *old_units, level=Level.COMMUNE):
    city, _ = AdministrativeUnit.objects.get_or_create(
        layout=Layout.FROM_2025, code="79", defaults={"name": "Thành phố Hồ Chí Minh", "level": Level.CITY}
    )
    unit = AdministrativeUnit.objects.create(
        layout=Layout.FROM_2025,
        code=str(90000 + AdministrativeUnit.objects.count()),
        name=name,
        level=level,
        parent=city,
    )
    for old in old_units:
        Succession.objects.create(old_unit=old, new_unit=unit, share=Succession.Share.WHOLE)
    return unit


@pytest.fixture
def communes(site):
    """Two offered 2025 communes, and one 2025 unit that took in no programme commune."""
    an_nhon_tay = unit_2025("An Nhơn Tây", factories.commune("An Phú"), factories.commune("Phú Mỹ Hưng"))
    tan_nhut = unit_2025("Tân Nhựt", factories.commune("Tân Nhựt", "Bình Chánh"))
    outside = factories.commune("Bình Hưng", "Bình Chánh")
    outside.in_new_rural_programme = False
    outside.save()
    not_offered = unit_2025("Bình Hưng", outside)
    return {"an_nhon_tay": an_nhon_tay, "tan_nhut": tan_nhut, "not_offered": not_offered}


def a_token(seconds_ago=60):
    return form_token_make(rendered_at=timezone.now() - datetime.timedelta(seconds=seconds_ago))


def post(client, commune, rating=4, *, ip=IP, token=None, **extra):
    data = {"commune": getattr(commune, "pk", commune), "rating": rating, "comment": "", "website": ""}
    data["form_token"] = a_token() if token is None else token
    data.update(extra)
    return client.post(FORM_URL, data, REMOTE_ADDR=ip, follow=True)


def text(response):
    return " ".join(response.content.decode().split())


def give(commune, rating, days_ago=0, ip=IP, comment=""):
    return ResidentFeedback.objects.create(
        commune=commune,
        rating=rating,
        comment=comment,
        language="vi",
        voter_key=voter_key_for(ip),
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


class TestOfferedCommunes:
    def test_offers_the_2025_units_that_took_in_a_programme_commune_by_name(self, communes):
        assert list(offered_communes()) == [communes["an_nhon_tay"], communes["tan_nhut"]]

    def test_with_the_real_mapping_offers_every_successor_of_a_programme_commune(self, site):
        call_command("import_regions", stdout=StringIO())
        data = Path(settings.BASE_DIR) / "regions" / "data"
        with open(data / "hcmc_rural_communes_2025_mapping.csv", encoding="utf-8") as fh:
            excluded = {"27619", "27586"}
            with open(data / "hcmc_rural_communes.csv", encoding="utf-8") as communes_fh:
                programme = {row["commune_code"] for row in csv.DictReader(communes_fh)} - excluded
            expected = {
                row["new_unit_code"]
                for row in csv.DictReader(fh)
                if row["old_unit_code"] in programme and row["new_unit_name"].startswith("Xã ")
            }
        offered = list(offered_communes())
        # The programme's units are communes: Phường Tân Tạo and Phường Bình Đông, wards that each took a
        # piece of a programme commune, are not offered (issue 16).
        assert {unit.code for unit in offered} == expected
        assert len(offered) == 24
        assert {"Tân Tạo", "Bình Đông"}.isdisjoint(unit.name for unit in offered)
        assert [unit.name for unit in offered] == sorted(unit.name for unit in offered)

    def test_with_the_real_mapping_the_form_lists_the_24_communes_and_no_ward(self, client, site):
        call_command("import_regions", stdout=StringIO())
        page = client.get(FORM_URL).content.decode()
        assert page.count("<option") == 24 + 1  # and "Choose your commune"
        assert "Tân Nhựt" in page and "Tân Tạo" not in page and "Bình Đông" not in page

    def test_form_lists_offered_communes_only(self, client, communes):
        html = text(client.get(FORM_URL))
        assert "An Nhơn Tây" in html and "Tân Nhựt" in html
        assert "Bình Hưng" not in html


class TestFeedbackForm:
    def test_form_is_script_free_with_large_labelled_ratings_and_css_honeypot(self, client, communes):
        response = client.get(FORM_URL)
        html = response.content.decode()
        assert response.status_code == 200
        assert "1 — very dissatisfied" in html and "5 — very satisfied" in html
        assert html.count('type="radio"') == 5
        assert 'class="feedback-hp"' in html and 'name="website"' in html
        assert 'type="hidden" name="website"' not in html
        # The page's own part (the site's header is Oscar's and not ours to change here).
        own = html[html.index('<div class="feedback-page">') : html.index("</form>")]
        assert "<script" not in own and "onclick" not in own.lower()

    def test_form_is_vietnamese_by_default(self, client, communes):
        html = text(client.get("/feedback/"))
        assert 'name="rating"' in html

    def test_valid_feedback_is_stored_and_thanked(self, client, communes):
        response = post(client, communes["an_nhon_tay"], rating=5, comment="  Đường làng sạch đẹp hơn.  ")
        assert response.redirect_chain[-1][0] == "/en/feedback/thanks/"
        assert "Your opinion has been recorded." in text(response)
        feedback = ResidentFeedback.objects.get()
        assert feedback.commune == communes["an_nhon_tay"]
        assert feedback.rating == 5
        assert feedback.comment == "Đường làng sạch đẹp hơn."
        assert feedback.language == "en"

    def test_stores_a_keyed_hash_never_the_ip(self, client, communes):
        post(client, communes["an_nhon_tay"])
        feedback = ResidentFeedback.objects.get()
        assert IP not in feedback.voter_key
        assert len(feedback.voter_key) == 64 and feedback.voter_key != voter_key_for("198.51.100.1")
        assert feedback.voter_key == voter_key_for(IP)
        assert all(IP not in str(value) for value in ResidentFeedback.objects.values().get().values())

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"token": "tampered"}, "This form could not be checked."),
            ({"token": ""}, "This form could not be checked."),
            ({"website": "http://spam.example"}, "a field meant to stay empty was filled in"),
            ({"rating": 0}, "Choose how satisfied you are, from 1 to 5."),
            ({"rating": 6}, "Choose how satisfied you are, from 1 to 5."),
            ({"rating": ""}, "Choose how satisfied you are, from 1 to 5."),
            ({"commune": 999999}, "Choose your commune from the list."),
            ({"commune": "not_offered"}, "Choose your commune from the list."),
            ({"comment": "x" * 1001}, "Please keep your comment under 1000 characters."),
        ],
    )
    def test_refused_feedback_stores_nothing_and_says_why(self, client, communes, change, message):
        change = dict(change)
        commune = change.pop("commune", "an_nhon_tay")
        response = post(client, communes.get(commune, commune), **change)
        assert response.status_code == 400
        assert message in text(response)
        assert not ResidentFeedback.objects.exists()

    def test_posted_within_three_seconds_is_refused(self, client, communes):
        response = post(client, communes["an_nhon_tay"], token=form_token_make())
        assert response.status_code == 400
        assert "That was too fast for a person." in text(response)
        assert not ResidentFeedback.objects.exists()

    def test_form_older_than_a_day_is_refused(self, client, communes):
        response = post(client, communes["an_nhon_tay"], token=a_token(seconds_ago=86400 + 60))
        assert "This form was opened more than a day ago." in text(response)
        assert not ResidentFeedback.objects.exists()

    def test_a_token_signed_with_another_salt_is_refused(self, client, communes):
        from django.core import signing

        forged = signing.dumps((timezone.now() - datetime.timedelta(minutes=1)).timestamp(), salt="other")
        response = post(client, communes["an_nhon_tay"], token=forged)
        assert "This form could not be checked." in text(response)

    def test_refused_form_comes_back_with_a_fresh_token_and_the_answers(self, client, communes):
        response = post(client, communes["an_nhon_tay"], token="tampered", comment="Giữ lại")
        html = response.content.decode()
        assert 'value="tampered"' not in html
        assert "Giữ lại" in html

    def test_same_commune_twice_within_30_days_is_refused_with_the_date(self, client, communes):
        earlier = give(communes["an_nhon_tay"], 3, days_ago=29)
        response = post(client, communes["an_nhon_tay"])
        with translation.override("en"):
            day = date_format(timezone.localtime(earlier.created_at), "SHORT_DATE_FORMAT")
        assert f"You already gave your opinion on this commune on {day}." in text(response)
        assert ResidentFeedback.objects.count() == 1

    def test_same_commune_after_30_days_and_other_voters_are_accepted(self, client, communes):
        give(communes["an_nhon_tay"], 3, days_ago=31)
        give(communes["an_nhon_tay"], 3, ip="198.51.100.9")
        assert post(client, communes["an_nhon_tay"]).redirect_chain
        assert ResidentFeedback.objects.count() == 3

    def test_repeat_is_refused_at_the_vietnamese_address_too(self, client, communes):
        give(communes["an_nhon_tay"], 3, days_ago=1)
        data = {"commune": communes["an_nhon_tay"].pk, "rating": 4, "form_token": a_token()}
        response = client.post("/feedback/", data, REMOTE_ADDR=IP)
        assert response.status_code == 400
        assert 'id="feedback-refusal"' in response.content.decode()
        assert ResidentFeedback.objects.count() == 1

    def test_service_refuses_a_commune_the_form_does_not_offer(self, communes, english):
        with pytest.raises(ValidationError, match="Choose your commune from the list."):
            feedback_submit(
                commune=communes["not_offered"], rating=4, client_ip=IP, form_token=a_token(), language="en"
            )
        assert not ResidentFeedback.objects.exists()

    def test_sixth_feedback_in_a_day_is_refused(self, client, communes):
        others = [unit_2025(f"Xã thử {n}", factories.commune(f"Cũ {n}", "Hóc Môn")) for n in range(6)]
        for unit in others[:5]:
            give(unit, 4, days_ago=0.5)
        response = post(client, others[5])
        assert "You have already sent 5 opinions in the last 24 hours." in text(response)
        assert ResidentFeedback.objects.count() == 5

    def test_ipv6_neighbours_in_one_64_count_as_one_voter(self):
        assert voter_key_for("2001:db8:1:2::1") == voter_key_for("2001:db8:1:2:ffff::9")
        assert voter_key_for("2001:db8:1:2::1") != voter_key_for("2001:db8:1:3::1")


class TestFeedbackSummary:
    def test_counts_averages_and_shares_for_known_data(self, communes):
        an_nhon_tay, tan_nhut = communes["an_nhon_tay"], communes["tan_nhut"]
        third = unit_2025("Xã thứ ba", factories.commune("Cũ ba", "Hóc Môn"))
        for days_ago, rating in [(1, 5), (2, 4), (3, 2), (40, 1)]:
            give(an_nhon_tay, rating, days_ago=days_ago, ip=f"10.0.0.{days_ago}")
        give(tan_nhut, 3, days_ago=5)
        give(tan_nhut, 5, days_ago=400)  # outside the period
        give(communes["not_offered"], 5, days_ago=1)  # not offered: never counted
        now = timezone.now()

        summary = feedback_summary(since=now - datetime.timedelta(days=90), until=now)

        rows = {row.commune.name: row for row in summary.communes}
        assert list(rows) == ["An Nhơn Tây", "Tân Nhựt", "Xã thứ ba"]
        assert (rows["An Nhơn Tây"].count, rows["An Nhơn Tây"].average) == (4, 3.0)
        assert rows["An Nhơn Tây"].satisfied_share == 0.5
        assert (rows["Tân Nhựt"].count, rows["Tân Nhựt"].average, rows["Tân Nhựt"].satisfied_share) == (1, 3.0, 0)
        assert (rows["Xã thứ ba"].count, rows["Xã thứ ba"].average, rows["Xã thứ ba"].satisfied_share) == (
            0,
            None,
            None,
        )
        assert third in [row.commune for row in summary.communes]
        assert (summary.communes_with_feedback, summary.communes_offered) == (2, 3)
        assert summary.communes_with_feedback_share == pytest.approx(2 / 3)
        assert summary.count == 5
        assert sum(month.count for month in summary.months) == 5
        assert 3 <= len(summary.months) <= 4

    def test_months_hold_their_own_counts_and_averages(self, communes):
        tz = timezone.get_current_timezone()
        for day, rating in [(datetime.datetime(2025, 8, 31, 23, 30), 1), (datetime.datetime(2025, 9, 1, 0, 30), 5)]:
            ResidentFeedback.objects.create(
                commune=communes["tan_nhut"],
                rating=rating,
                language="vi",
                voter_key="k",
                created_at=day.replace(tzinfo=tz),
            )
        give(communes["tan_nhut"], 3)  # today: outside the range

        summary = feedback_summary(since=datetime.date(2025, 7, 1), until=datetime.date(2025, 9, 30))

        assert [(m.month, m.count, m.average) for m in summary.months] == [
            (datetime.date(2025, 7, 1), 0, None),
            (datetime.date(2025, 8, 1), 1, 1.0),
            (datetime.date(2025, 9, 1), 1, 5.0),
        ]

    @pytest.mark.parametrize("size", [10, 1000])
    def test_runs_a_fixed_number_of_queries(self, communes, size, django_assert_max_num_queries):
        now = timezone.now()
        ResidentFeedback.objects.bulk_create(
            ResidentFeedback(
                commune=communes["an_nhon_tay" if n % 2 else "tan_nhut"],
                rating=n % 5 + 1,
                comment=f"Ý kiến {n}" if n % 3 else "",
                language="vi",
                voter_key=f"{n:064x}",
                created_at=now - datetime.timedelta(hours=n % 2000, minutes=1),
            )
            for n in range(size)
        )
        with django_assert_max_num_queries(3):
            summary = feedback_summary(since=now - datetime.timedelta(days=365), until=now)
            assert summary.count == size


class TestSummaryPage:
    URL = "/en/feedback/summary/"

    def test_anonymous_visitors_are_sent_to_log_in(self, client, communes):
        response = client.get(self.URL)
        assert response.status_code == 302
        assert "login" in response["Location"]

    @pytest.mark.parametrize("who", ["buyer", "staff_without_permission", "cooperative_staff"])
    def test_other_users_are_forbidden(self, client, communes, who):
        users = {
            "buyer": lambda: factories.user(),
            "staff_without_permission": lambda: factories.user(is_staff=True),
            "cooperative_staff": lambda: factories.cooperative_staff(factories.cooperative()),
        }
        client.force_login(users[who]())
        assert client.get(self.URL).status_code == 403

    @pytest.mark.parametrize("who", ["officer", "superuser"])
    def test_officers_and_superusers_read_the_summary(self, client, communes, who):
        give(communes["an_nhon_tay"], 4)
        user = factories.officer() if who == "officer" else factories.user(is_superuser=True)
        client.force_login(user)
        response = client.get(self.URL)
        assert response.status_code == 200
        html = text(response)
        assert "1 of 2 communes collected residents' opinions online (50%)." in html
        assert "1 opinion in this period." in html
        # The periods, in Vietnamese, read as days (they once read "90 sao", "90 stars").
        vietnamese = text(client.get("/feedback/summary/"))
        assert "90 ngày qua" in vietnamese and "sao" not in vietnamese

    def test_comments_are_shown_autoescaped(self, client, communes):
        give(communes["an_nhon_tay"], 2, comment="<script>alert('x')</script> Đường hư")
        client.force_login(factories.officer())
        html = client.get(self.URL).content.decode()
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Đường hư" in html
        assert "<script>alert" not in html

    def test_comments_are_never_on_public_pages(self, client, communes):
        give(communes["an_nhon_tay"], 2, comment="Chỉ cán bộ được đọc")
        post(client, communes["tan_nhut"])
        for url in [FORM_URL, "/en/feedback/thanks/"]:
            assert "Chỉ cán bộ được đọc" not in client.get(url).content.decode()

    def test_period_chooser_narrows_the_summary(self, client, communes):
        give(communes["an_nhon_tay"], 4, days_ago=60)
        client.force_login(factories.officer())
        assert "0 opinions in this period." in text(client.get(self.URL + "?days=30"))
        assert "1 opinion in this period." in text(client.get(self.URL + "?days=90"))
        assert "0 opinions in this period." in text(client.get(self.URL + "?days=bogus"))

    @pytest.mark.parametrize("size", [10, 1000])
    def test_page_query_count_does_not_grow(self, client, communes, size, django_assert_max_num_queries):
        for n in range(size // 100 + 1):
            give(communes["an_nhon_tay"], 3, ip=f"10.1.0.{n}", comment="ok")
        ResidentFeedback.objects.bulk_create(
            ResidentFeedback(
                commune=communes["tan_nhut"], rating=4, language="vi", voter_key=f"{n:064x}", comment=f"c{n}"
            )
            for n in range(size)
        )
        client.force_login(factories.officer())
        # 3 for the summary; the rest is the site's frame (session, user, basket, categories).
        with django_assert_max_num_queries(18):
            assert client.get(self.URL).status_code == 200


class TestStoredRules:
    def test_the_database_refuses_a_rating_outside_1_to_5(self, communes):
        from django.db import IntegrityError, transaction

        for rating in (0, 6):
            with pytest.raises(IntegrityError), transaction.atomic():
                ResidentFeedback.objects.bulk_create(
                    [ResidentFeedback(commune=communes["tan_nhut"], rating=rating, language="vi", voter_key="k")]
                )
        assert not ResidentFeedback.objects.exists()

    def test_service_validates_the_rating_too(self, communes, english):
        with pytest.raises(ValidationError) as refused:
            feedback_submit(commune=communes["tan_nhut"], rating=6, client_ip=IP, form_token=a_token(), language="en")
        assert "rating" in refused.value.message_dict
        assert not ResidentFeedback.objects.exists()


class TestAdmin:
    def test_superusers_read_feedback_but_cannot_add_or_edit_it(self, client, communes):
        feedback = give(communes["an_nhon_tay"], 4, comment="Đèn đường tốt")
        client.force_login(factories.user(is_staff=True, is_superuser=True))
        listing = client.get("/django-admin/feedback/residentfeedback/?rating__exact=4")
        assert listing.status_code == 200
        assert "An Nhơn Tây" in listing.content.decode()
        detail = client.get(f"/django-admin/feedback/residentfeedback/{feedback.pk}/change/")
        assert detail.status_code == 200
        assert 'name="comment"' not in detail.content.decode()
        assert client.get("/django-admin/feedback/residentfeedback/add/").status_code == 403
