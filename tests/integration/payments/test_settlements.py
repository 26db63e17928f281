"""The settlement pages: each cooperative reads its own statement; officers record payouts and the rate."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from payments import ledger
from payments.models import CommissionRate, PaymentMethod, Payout
from tests import factories
from tests.integration.payments.test_ledger import paid_order

pytestmark = pytest.mark.django_db
STATEMENT = "/en/payments/statement/"


@pytest.fixture
def settled():
    CommissionRate.objects.create(percent=Decimal("5"), valid_from=date(2026, 1, 1))
    _order, payment, coop_a, coop_b = paid_order()
    factories.pay(payment.order)
    return coop_a, coop_b


def test_staff_read_their_own_statement(client, settled):
    coop_a, _coop_b = settled
    client.force_login(factories.cooperative_staff(coop_a))
    page = client.get(STATEMENT).content.decode()
    assert "Statement of HTX A" in page
    assert "110.000" in page and "-5.500" in page and "104.500" in page


def test_staff_of_a_cannot_read_bs_statement(client, settled):
    coop_a, coop_b = settled
    client.force_login(factories.cooperative_staff(coop_a))
    response = client.get(STATEMENT, {"cooperative": coop_b.pk})
    assert response.status_code == 404
    assert "HTX B" not in response.content.decode()
    assert client.get(STATEMENT, {"cooperative": coop_b.pk, "format": "csv"}).status_code == 404


def test_strangers_are_turned_away(client, settled):
    assert client.get(STATEMENT).status_code == 302  # to the login page
    client.force_login(factories.user())
    assert client.get(STATEMENT).status_code == 403
    assert client.get(STATEMENT, {"cooperative": "abc"}).status_code in (403, 404)


def test_officers_see_every_balance_and_any_statement(client, settled):
    coop_a, coop_b = settled
    client.force_login(factories.officer())
    page = client.get(STATEMENT).content.decode()
    assert "HTX A" in page and "104.500" in page and "HTX B" in page and "95.000" in page
    assert "Statement of HTX B" in client.get(STATEMENT, {"cooperative": coop_b.pk}).content.decode()


def test_exports_balance_like_the_page(client, settled):
    coop_a, _coop_b = settled
    client.force_login(factories.cooperative_staff(coop_a))
    csv_text = client.get(STATEMENT, {"format": "csv"}).content.decode("utf-8-sig")
    rows = csv_text.strip().splitlines()
    assert rows[0].startswith("Date,Kind,Order")
    assert rows[-1].endswith(",104500")
    workbook = load_workbook(io.BytesIO(client.get(STATEMENT, {"format": "xlsx"}).content))
    values = [row[4] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert values == [0, 110000, -5500, 104500]
    assert sum(values[:-1]) == values[-1]


def test_a_reversed_period_is_explained(client, settled):
    coop_a, _coop_b = settled
    client.force_login(factories.cooperative_staff(coop_a))
    page = client.get(STATEMENT, {"start": "2026-12-31", "end": "2026-01-01"}).content.decode()
    assert "The start of the period must be before its end." in page


def test_an_officer_records_a_payout_and_the_statement_shows_it(client, settled):
    coop_a, _coop_b = settled
    client.force_login(factories.officer())
    response = client.post(
        "/en/payments/payouts/",
        {"cooperative": coop_a.pk, "amount": "100000", "bank_reference": "FT26333", "paid_on": "2026-11-29"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "FT26333" in page and "4.500" in page
    assert ledger.balance(coop_a) == Decimal("4500")


def test_a_payout_larger_than_owed_is_refused_with_the_reason(client, settled):
    coop_a, _coop_b = settled
    client.force_login(factories.officer())
    page = client.post(
        "/en/payments/payouts/",
        {"cooperative": coop_a.pk, "amount": "200000", "bank_reference": "FT1", "paid_on": "2026-11-29"},
    ).content.decode()
    assert "owes this cooperative 104.500\xa0₫" in page
    assert not Payout.objects.exists()


def test_staff_cannot_record_payouts_or_set_the_rate(client, settled):
    coop_a, _coop_b = settled
    client.force_login(factories.cooperative_staff(coop_a))
    data = {"cooperative": coop_a.pk, "amount": "1000", "bank_reference": "X", "paid_on": "2026-11-29"}
    assert client.post("/en/payments/payouts/", data).status_code == 403
    assert client.post("/en/payments/commission/", {"percent": "0", "valid_from": "2026-12-01"}).status_code == 403
    assert not Payout.objects.exists() and CommissionRate.objects.count() == 1


def test_officers_set_a_new_rate_and_a_bad_one_is_explained(client):
    client.force_login(factories.officer())
    assert client.post("/en/payments/commission/", {"percent": "2.5", "valid_from": "2027-01-01"}).status_code == 302
    page = client.post("/en/payments/commission/", {"percent": "150", "valid_from": "2027-02-01"}).content.decode()
    assert "less than or equal to 100" in page
    assert list(CommissionRate.objects.values_list("percent", flat=True)) == [Decimal("2.5")]


@pytest.mark.parametrize("orders", [1, 8])
def test_statement_query_count_does_not_grow_with_entries(client, django_assert_max_num_queries, orders):
    coops = (factories.cooperative(name="HTX A"), factories.cooperative(name="HTX B"))
    for _ in range(orders):
        _order, payment, _coop_a, _coop_b = paid_order(coops=coops)
        factories.pay(payment.order)
    client.force_login(factories.officer())
    with django_assert_max_num_queries(12):
        page = client.get(STATEMENT, {"cooperative": coops[0].pk})
    assert page.content.decode().count("<td>platform commission</td>") == orders


@pytest.mark.parametrize("orders", [1, 8])
def test_officer_lists_query_count_does_not_grow(client, django_assert_max_num_queries, orders):
    """The balances, payouts and awaited-transfers lists read their rows in a fixed number of queries."""
    officer = factories.officer()
    for _ in range(orders):
        _order, payment, coop_a, _coop_b = paid_order()
        factories.pay(payment.order)
        ledger.payout_record(
            cooperative=coop_a, amount=Decimal("1000"), bank_reference="FT0", paid_on=date.today(), user=officer
        )
        paid_order(method=PaymentMethod.BANK_TRANSFER)  # a transfer still awaited
    client.force_login(officer)
    for url, row in (
        ("/en/payments/statement/", "?cooperative="),
        ("/en/payments/payouts/", "<td>FT0</td>"),
        ("/en/payments/transfers/", 'name="payment"'),
    ):
        with django_assert_max_num_queries(12):
            page = client.get(url).content.decode()
        assert page.count(row) >= orders, url
