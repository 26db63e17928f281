"""Oscar's partners dashboard with cooperatives behind the partners."""

import pytest
from django.contrib.messages import get_messages
from oscar.core.loading import get_model

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]
Partner = get_model("partner", "Partner")


def test_deleting_a_cooperatives_partner_is_refused_with_a_message_not_an_error(client):
    coop = factories.cooperative(name="HTX Phước An")
    client.force_login(factories.user(is_staff=True, is_superuser=True))
    response = client.post(f"/en/dashboard/partners/{coop.partner_id}/delete/")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "HTX Phước An cannot be deleted: a cooperative, its orders or its statement still use it."
    ]
    assert Partner.objects.filter(pk=coop.partner_id).exists()
