"""The invoice pages: the organisation's members see theirs with the VietQR and the PDF; the cooperative's
staff see theirs in the workspace, mark one paid and download the monthly register."""

import csv
import datetime
import io

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from invoicing.models import Invoice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(delivered):
    return Invoice.objects.get(part=delivered(3))


def org_urls(invoice):
    org = invoice.organisation_id
    return {
        "list": reverse("invoicing:organisation-invoices", args=[org]),
        "page": reverse("invoicing:organisation-invoice", args=[org, invoice.pk]),
        "pdf": reverse("invoicing:organisation-invoice-pdf", args=[org, invoice.pk]),
    }


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_a_member_sees_the_invoice_with_its_status_and_the_vietqr_for_its_amount(client, deal, invoice):
    member = factories.user()
    deal["org"].memberships.create(user=member, can_order=False, can_pay=True)
    client.force_login(member)

    listing = client.get(org_urls(invoice)["list"]).content.decode()
    assert invoice.number in listing and "126.000" in listing and "Chưa đến hạn" in listing

    page = client.get(org_urls(invoice)["page"]).content.decode()
    assert "HTX Rau sạch Phước An" in page and "0312345673" in page and deal["org"].tax_code in page
    assert "<svg" in page and "0011001234567" in page
    note = f"HD {invoice.year} 0001 HTX{deal['coop'].pk}"
    assert note in page


def test_the_pdf_is_vietnamese_with_both_tax_codes_the_lines_the_due_date_and_a_vietqr(client, deal, invoice):
    client.force_login(deal["buyer"])
    response = client.get(org_urls(invoice)["pdf"])

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert f"Hoá đơn {invoice.number}" in text
    assert "0312345673" in text and deal["org"].tax_code in text
    assert "Cải ngọt" in text and "126.000" in text
    assert invoice.due_on.strftime("%d/%m/%Y") in text
    reader = PdfReader(io.BytesIO(response.content))
    [image] = reader.pages[0].images
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert "5406126000" in decoded.text  # the amount, field 54
    assert f"HD {invoice.year} 0001 HTX{deal['coop'].pk}" in decoded.text


def test_overdue_invoices_are_listed_apart_for_both_sides(client, deal, delivered):
    late, on_time = (Invoice.objects.get(part=delivered(n)) for n in (1, 2))
    Invoice.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))

    client.force_login(deal["buyer"])
    overdue = client.get(org_urls(late)["list"] + "?status=overdue").content.decode()
    assert late.number in overdue and on_time.number not in overdue and "Quá hạn" in overdue

    client.force_login(deal["staff"])
    overdue = client.get(reverse("workspace:invoices") + "?status=overdue").content.decode()
    assert f'data-invoice="{late.pk}"' in overdue and f'data-invoice="{on_time.pk}"' not in overdue


def test_the_cooperative_marks_an_invoice_paid(client, deal, invoice):
    client.force_login(deal["staff"])
    today = timezone.localdate()

    response = client.post(
        reverse("workspace:invoice-paid", args=[invoice.pk]), {"paid_on": today.isoformat(), "amount": "126000"}
    )

    assert response.status_code == 302
    invoice.refresh_from_db()
    assert (invoice.paid_on, invoice.paid_amount, invoice.status) == (today, 126000, "paid")
    page = client.get(reverse("workspace:invoice", args=[invoice.pk])).content.decode()
    assert "Đã thanh toán" in page and "<svg" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"paid_on": "2099-01-01", "amount": "126000"}, "Ngày thanh toán không thể ở tương lai."),
        ({"paid_on": "2000-01-01", "amount": "126000"}, "Ngày thanh toán không thể trước ngày hoá đơn"),
        ({"paid_on": "", "amount": "126000"}, "Nhập ngày nhận được tiền."),
        ({"paid_on": "hôm qua", "amount": "126000"}, "Nhập ngày hợp lệ."),
        ({"paid_on": "2026-01-01", "amount": "-5"}, "Nhập số tiền đã nhận"),
        ({"paid_on": "2026-01-01", "amount": "12.5"}, "Nhập số tiền đã nhận"),
    ],
)
def test_a_bad_payment_is_refused_with_a_clear_message_and_nothing_is_stored(client, deal, invoice, data, message):
    client.force_login(deal["staff"])

    response = client.post(reverse("workspace:invoice-paid", args=[invoice.pk]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.paid_on is None and invoice.paid_amount is None


def test_an_invoice_is_marked_paid_once(client, deal, invoice):
    client.force_login(deal["staff"])
    url = reverse("workspace:invoice-paid", args=[invoice.pk])
    today = timezone.localdate().isoformat()
    client.post(url, {"paid_on": today, "amount": "126000"})

    response = client.post(url, {"paid_on": today, "amount": "1"})

    assert response.status_code == 400 and "đã được đánh dấu là đã thanh toán" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.paid_amount == 126000


def test_the_monthly_register_as_csv_and_xlsx_holds_what_an_e_invoice_provider_needs(client, deal, invoice):
    client.force_login(deal["staff"])
    month = invoice.issued_on.strftime("%Y-%m")
    url = reverse("workspace:invoice-register")

    rows = list(csv.reader(io.StringIO(client.get(url, {"month": month, "format": "csv"}).content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Số hoá đơn", "Ngày hoá đơn", "Người mua", "Mã số thuế người mua", "Địa chỉ xuất hoá đơn"]
    assert rows[1][0] == invoice.number and rows[1][3] == deal["org"].tax_code and rows[1][7] == "126000"
    assert rows[1][8] == invoice.due_on.strftime("%d/%m/%Y")

    response = client.get(url, {"month": month, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == invoice.number and values[1][7] == 126000

    earlier = client.get(url, {"month": "2001-01", "format": "csv"}).content.decode("utf-8-sig")
    assert invoice.number not in earlier
    assert client.get(url, {"month": "tháng mười"}).status_code == 302


def test_organisation_b_s_people_see_nothing_of_a_s_invoices(client, deal, invoice):
    b_user = factories.user()
    org_b = factories.organisation(applicant=b_user)
    client.force_login(b_user)

    assert client.get(org_urls(invoice)["list"]).status_code == 404
    assert client.get(org_urls(invoice)["page"]).status_code == 404
    assert client.get(org_urls(invoice)["pdf"]).status_code == 404
    own = reverse("invoicing:organisation-invoices", args=[org_b.pk])
    assert invoice.number not in client.get(own).content.decode()
    assert client.get(reverse("invoicing:organisation-invoice", args=[org_b.pk, invoice.pk])).status_code == 404
    assert client.get(reverse("invoicing:organisation-invoice-pdf", args=[org_b.pk, invoice.pk])).status_code == 404


def test_cooperative_b_sees_and_changes_nothing_of_a_s_invoices(client, deal, invoice):
    client.force_login(factories.cooperative_staff(factories.cooperative()))

    assert invoice.number not in client.get(reverse("workspace:invoices")).content.decode()
    assert client.get(reverse("workspace:invoice", args=[invoice.pk])).status_code == 404
    assert client.get(reverse("workspace:invoice-pdf", args=[invoice.pk])).status_code == 404
    paid = client.post(
        reverse("workspace:invoice-paid", args=[invoice.pk]),
        {"paid_on": timezone.localdate().isoformat(), "amount": "126000"},
    )
    assert paid.status_code == 404
    month = invoice.issued_on.strftime("%Y-%m")
    register = client.get(reverse("workspace:invoice-register"), {"month": month, "format": "csv"})
    assert invoice.number not in register.content.decode("utf-8-sig")
    invoice.refresh_from_db()
    assert invoice.paid_on is None


def test_cooperative_staff_cannot_open_the_organisation_s_pages(client, deal, invoice):
    client.force_login(deal["staff"])
    assert client.get(org_urls(invoice)["page"]).status_code == 403


def test_the_menus_and_contract_pages_lead_to_the_invoices(client, deal):
    client.force_login(deal["staff"])
    invoices = reverse("workspace:invoices")
    assert invoices in client.get(reverse("workspace:more")).content.decode()
    assert invoices in client.get(reverse("workspace:contracts")).content.decode()
    client.force_login(deal["buyer"])
    org_invoices = reverse("invoicing:organisation-invoices", args=[deal["org"].pk])
    assert org_invoices in client.get(reverse("organisations:area", args=[deal["org"].pk])).content.decode()
    assert (
        org_invoices in client.get(reverse("contracts:organisation-contracts", args=[deal["org"].pk])).content.decode()
    )
