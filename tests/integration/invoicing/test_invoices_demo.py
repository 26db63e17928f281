"""The demo's invoices: the first school's contract has three invoiced deliveries, one paid, one
overdue and one not yet due; loading the demo again adds none."""

import io
from decimal import Decimal

from oscar.core.loading import get_model

from invoicing.models import Invoice
from marketplace.demo.contracts import fill_contracts
from marketplace.demo.invoices import fill_invoices
from tests import factories

Country = get_model("address", "Country")


def test_the_demo_school_has_a_paid_an_overdue_and_a_due_invoice_and_loads_again_unchanged(site):
    Country.objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"iso_3166_1_a3": "VNM", "iso_3166_1_numeric": "704", "name": "Việt Nam"}
    )
    coop = factories.cooperative(name="HTX Rau sạch Phước An", tax_code="0312345673")
    factories.cooperative_staff(coop, email="coop1@example.com")
    for title in ("Cải ngọt", "Rau muống"):
        factories.product(coop, title=title, price=Decimal("25000"))
    school = factories.organisation(applicant=factories.user(email="school1@example.com"))
    factories.delivery_site(school)
    log = io.StringIO().write
    fill_contracts(log)

    fill_invoices(log)
    fill_invoices(log)

    invoices = Invoice.objects.order_by("issued_on")
    assert [invoice.status for invoice in invoices] == ["paid", "overdue", "due"]
    assert all(invoice.organisation == school and invoice.seller_tax_code == "0312345673" for invoice in invoices)
    assert [invoice.sequence for invoice in invoices] == [1, 2, 3]
