"""Who reaches the cooperative workspace, and where staff land when they sign in."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_staff_see_their_own_cooperative(client, site):
    coop = factories.cooperative(name="HTX Rau sạch Tân Phú Trung")
    factories.cooperative(name="HTX Bò sữa An Nhơn Tây")
    client.force_login(factories.cooperative_staff(coop))
    page = client.get(reverse("workspace:today")).content.decode()
    assert "HTX Rau sạch Tân Phú Trung" in page
    assert "An Nhơn Tây" not in page
    assert 'lang="vi"' in page


def test_anonymous_visitors_are_sent_to_sign_in(client, site):
    response = client.get(reverse("workspace:today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customer:login"))


@pytest.mark.parametrize("who", ["buyer", "officer"])
def test_others_are_refused(client, site, who):
    person = factories.user() if who == "buyer" else factories.officer()
    client.force_login(person)
    for name in ("workspace:today", "workspace:more"):
        assert client.get(reverse(name)).status_code == 403


def test_staff_land_in_the_workspace_after_signing_in(client, site):
    staff = factories.cooperative_staff(factories.cooperative(), email="nhanvien@example.com")
    response = client.post(
        reverse("customer:login"),
        {"login_submit": "1", "login-username": "nhanvien@example.com", "login-password": "demo12345"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:today")
    assert int(client.session["_auth_user_id"]) == staff.pk


def test_the_shop_header_leads_staff_to_the_workspace(client, site):
    client.force_login(factories.cooperative_staff(factories.cooperative()))
    page = client.get(reverse("catalogue:index")).content.decode()
    assert reverse("workspace:today") in page
