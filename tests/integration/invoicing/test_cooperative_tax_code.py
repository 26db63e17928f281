"""A cooperative's staff give its tax code with its contact (workspace storefront editor): it is printed on
the invoices issued after."""

import pytest
from django.urls import reverse

from cooperatives.models import Cooperative
from invoicing.models import Invoice
from tests import factories
from tests.integration.workspace.test_workspace_storefront import _form

pytestmark = pytest.mark.django_db
EDITOR = reverse("workspace:storefront")


@pytest.fixture
def storefront(deal, site):
    return factories.storefront(deal["coop"])


def test_staff_give_the_tax_code_and_the_next_invoice_carries_it(client, deal, storefront, delivered):
    client.force_login(deal["staff"])
    assert 'name="tax_code"' in client.get(EDITOR).content.decode()

    response = client.post(EDITOR, _form(storefront, tax_code="0100233488-001"))

    assert response.status_code == 302
    assert Cooperative.objects.get(pk=deal["coop"].pk).tax_code == "0100233488001"
    assert Invoice.objects.get(part=delivered(1)).seller_tax_code == "0100233488001"


def test_a_wrong_tax_code_is_refused_in_vietnamese_and_nothing_is_saved(client, deal, storefront):
    client.force_login(deal["staff"])

    response = client.post(EDITOR, _form(storefront, tax_code="0100233489", phone="0281234567"))

    assert response.status_code == 200
    assert "chữ số cuối của mã số thuế" in response.content.decode().lower()
    cooperative = Cooperative.objects.get(pk=deal["coop"].pk)
    assert (cooperative.tax_code, cooperative.phone) == ("0312345673", "")
