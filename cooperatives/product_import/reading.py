"""From an uploaded file to rows of text, refusing what cannot be read.

A file is a CSV or an XLSX by its content, never by its name. CSV must be UTF-8
(with or without the byte-order mark Excel writes); Vietnamese Excel saves CSV
with ";" between cells, so the separator is taken from the header line.
"""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from babel.numbers import format_decimal
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from .columns import COLUMNS_BY_KEY, REQUIRED_KEYS, column_key

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# An XLSX is a zip: 5 MB of it may unpack to far more; refuse a "zip bomb".
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def grouped(number: int) -> str:
    """20000 -> "20.000" in Vietnamese, "20,000" in English (Django's Vietnamese formats do not group)."""
    return format_decimal(number, locale=to_locale(get_language() or settings.LANGUAGE_CODE))


@dataclass
class Table:
    format: str
    # column key -> position of its cell in a row
    columns: dict[str, int]
    # (line number as the spreadsheet shows it, the row's cells as text); blank rows left out
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def records(self):
        """(line, {column key: text}) for each row, with only the columns the file has."""
        for line, cells in self.rows:
            yield line, {
                key: cells[index] if index < len(cells) else "" for key, index in self.columns.items()
            }


def read_table(upload, *, name: str) -> Table:
    """The rows of an uploaded product file; ValidationError for a file that cannot be imported."""
    size = upload.size
    if not size:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"PK\x03\x04"):
        file_format, lines = XLSX, _xlsx_lines(data, name)
    else:
        file_format, lines = CSV, _csv_lines(data, name)
    return _table(file_format, lines, name)


def _not_a_table(name):
    return ValidationError(
        _(
            "%(name)s is not a CSV or XLSX file. Save it from your spreadsheet as “CSV UTF-8” "
            "or as an Excel workbook (.xlsx)."
        )
        % {"name": name},
        code="format",
    )


def _csv_lines(data: bytes, name: str):
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _not_utf8(name)
    if b"\x00" in data[:8192]:
        raise _not_a_table(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(name, line=data[: error.start].count(b"\n") + 1) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        # A record spread over several lines (a quoted description) is one spreadsheet row.
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:
        raise _not_a_table(name) from None


def _not_utf8(name, line=None):
    advice = _(
        "In Excel choose “Save as” then “CSV UTF-8 (Comma delimited)”; in Google Sheets "
        "“File > Download > CSV”. Or upload the XLSX file itself."
    )
    if line is None:
        problem = _("%(name)s is not saved in UTF-8, so its Vietnamese letters cannot be read.") % {"name": name}
    else:
        problem = _(
            "%(name)s is not saved in UTF-8 (the first unreadable letter is on line %(line)s), "
            "so its Vietnamese letters cannot be read."
        ) % {"name": name, "line": line}
    return ValidationError([problem, advice], code="encoding")


def _xlsx_lines(data: bytes, name: str):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if "xl/workbook.xml" not in {entry.filename for entry in entries}:
                raise _not_a_table(name)
            unpacked = sum(entry.file_size for entry in entries)
    except zipfile.BadZipFile:
        raise _not_a_table(name) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ValidationError(
            _("%(name)s unpacks to %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(unpacked), "limit": filesizeformat(MAX_XLSX_UNPACKED_BYTES)},
            code="too_big",
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for damaged files
        raise _not_a_table(name) from None
    try:
        # The first sheet holds the products; the template's second sheet is its guide.
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    except Exception:  # noqa: BLE001
        raise _not_a_table(name) from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def _table(file_format: str, lines, name: str) -> Table:
    table = None
    for line, cells in enumerate(lines, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if table is None:
            table = Table(format=file_format, columns=_columns(cells))
            continue
        if len(table.rows) == MAX_ROWS:
            raise ValidationError(
                _("%(name)s has more than %(limit)s product rows. Split it into several files.")
                % {"name": name, "limit": grouped(MAX_ROWS)},
                code="too_many_rows",
            )
        table.rows.append((line, cells))
    if table is None or not table.rows:
        raise ValidationError(
            _("%(name)s has no product rows under its header row.") % {"name": name}, code="no_rows"
        )
    return table


def _columns(headers: list[str]) -> dict[str, int]:
    columns = {}
    for index, header in enumerate(headers):
        key = column_key(header)
        if key is None:
            continue  # a column of the cooperative's own notes: ignored
        if key in columns:
            raise ValidationError(
                _("The column “%(column)s” appears twice in the header row.")
                % {"column": COLUMNS_BY_KEY[key].name},
                code="duplicate_column",
            )
        columns[key] = index
    missing = [COLUMNS_BY_KEY[key].name for key in REQUIRED_KEYS if key not in columns]
    if missing:
        raise ValidationError(
            _("The header row lacks these columns: %(columns)s. Download the template to see the columns expected.")
            % {"columns": ", ".join(f"“{name}”" for name in missing)},
            code="missing_columns",
        )
    return columns
