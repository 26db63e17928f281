"""A cooperative's monthly invoice register (bảng kê hoá đơn), as CSV or XLSX: the columns an
e-invoice provider asks for to issue the official e-invoices, one row per invoice in number order."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.spreadsheets import csv_writer, sheet_append


def header() -> list[str]:
    return [
        _("Invoice number"),
        _("Invoice date"),
        _("Buyer"),
        _("Buyer's tax code"),
        _("Invoice address"),
        _("Goods (VND)"),
        _("Delivery fee (VND)"),
        _("Amount (VND)"),
        _("Due date"),
        _("Paid on"),
        _("Amount paid (VND)"),
    ]


def _date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def rows(invoices):
    for invoice in invoices:
        yield [
            invoice.number,
            _date(invoice.issued_on),
            invoice.buyer_name,
            invoice.buyer_tax_code,
            invoice.buyer_address,
            invoice.goods_amount,
            invoice.delivery_fee,
            invoice.amount,
            _date(invoice.due_on),
            _date(invoice.paid_on),
            invoice.paid_amount if invoice.paid_amount is not None else "",
        ]


def register_csv(invoices) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header())
    writer.writerows(rows(invoices))
    # With a byte-order mark Excel opens the Vietnamese letters as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def register_xlsx(invoices, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet_append(sheet, header())
    for row in rows(invoices):
        sheet_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
