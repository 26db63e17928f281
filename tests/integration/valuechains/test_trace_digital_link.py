"""GS1 Digital Link (/01/<GTIN>/10/<batch>) resolves to the batch's trace page; GTIN check digits."""

import pytest

from tests import factories
from valuechains import gs1

GTIN = "8934563138165"


@pytest.mark.parametrize(
    ("gtin", "valid"),
    [
        ("8934563138165", True),  # EAN-13
        ("08934563138165", True),  # the same as GTIN-14
        ("8934563138166", False),  # wrong check digit
        ("96385074", True),  # GTIN-8
        ("036000291452", True),  # UPC-A
        ("12345", False),
        ("89345631381a5", False),
        ("", False),
        (None, False),
    ],
)
def test_gtin_check_digit(gtin, valid):
    assert gs1.is_valid_gtin(gtin) is valid


def test_short_gtins_pad_to_fourteen_digits():
    assert gs1.gtin14(GTIN) == "08934563138165"
    assert "8934563138165" in gs1.gtin_forms("08934563138165")


@pytest.fixture
def batch(site):
    coop = factories.cooperative()
    return factories.batch(coop=coop, product_=factories.product(coop=coop, upc=GTIN), code="PA-2611-01")


@pytest.mark.parametrize("path", ["/01/08934563138165/10/PA-2611-01", "/01/8934563138165/10/PA-2611-01/"])
def test_digital_link_redirects_to_the_trace_page(client, batch, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/trace/PA-2611-01/"


def test_english_digital_link_redirects_to_the_english_page(client, batch):
    response = client.get("/en/01/08934563138165/10/PA-2611-01")

    assert response["Location"] == "/en/trace/PA-2611-01/"


@pytest.mark.parametrize(
    "path",
    [
        "/en/01/08934563138166/10/PA-2611-01",  # bad check digit
        "/en/01/08934563138172/10/PA-2611-01",  # valid GTIN, another product
        "/en/01/08934563138165/10/OTHER-LOT",
    ],
)
def test_wrong_gtin_or_batch_says_it_is_not_a_registered_batch(client, batch, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "This code is not a batch registered on the market" in response.content.decode()


def test_a_product_without_gtin_has_no_digital_link(client, site):
    batch = factories.batch(code="NO-GTIN-1")

    assert batch.product.upc in (None, "")
    assert client.get(f"/01/{gs1.gtin14(GTIN)}/10/NO-GTIN-1").status_code == 404
