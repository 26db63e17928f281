"""A cooperative's statement as CSV or XLSX, for its bookkeeping."""

import io

from django.utils.translation import gettext as _

from common.spreadsheets import csv_writer, sheet_append


def statement_rows(statement):
    yield [_("Date"), _("Kind"), _("Order"), _("Description"), _("Amount (VND)")]
    yield ["", _("Opening balance"), "", "", int(statement.opening)]
    for entry in statement.entries:
        order = entry.order_part.order.number if entry.order_part_id else ""
        day = entry.created_at.date().isoformat()
        yield [day, entry.get_kind_display(), order, entry.description, int(entry.amount)]
    yield ["", _("Closing balance: owed to the cooperative"), "", "", int(statement.closing)]


def statement_csv(statement) -> bytes:
    buffer = io.StringIO()
    csv_writer(buffer).writerows(statement_rows(statement))
    # A byte-order mark so that Excel opens Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def statement_xlsx(statement) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statement")[:31]
    for row in statement_rows(statement):
        sheet_append(sheet, row)
    for cell in sheet["E"][1:]:
        cell.number_format = "#,##0"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
