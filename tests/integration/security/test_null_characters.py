"""A NUL character anywhere in a request gets a clear 400, on SQLite and PostgreSQL alike (PostgreSQL
would otherwise fail the query with a 500)."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/orders/?cooperative=%00",
        "/en/search/?q=rau%00",
        "/en/trace/LO%00-1/",
    ],
)
def test_a_null_character_in_the_address_is_refused_with_a_message(client, site, url):
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 400
    assert "null character" in response.content.decode() and "ký tự rỗng" in response.content.decode()


def test_a_null_character_in_a_posted_form_is_refused_and_nothing_is_stored(client, site):
    from feedback.models import ResidentFeedback

    response = client.post("/en/feedback/", {"comment": "tốt\x00", "rating": "5"})
    assert response.status_code == 400
    assert not ResidentFeedback.objects.exists()


def test_ordinary_requests_pass(client, site):
    assert client.get("/en/search/?q=rau").status_code == 200


def test_the_api_says_it_in_json(client, site):
    response = client.get("/api/v1/indicators/?lang=%00")
    assert response.status_code == 400
    assert "null character" in response.json()["detail"]
