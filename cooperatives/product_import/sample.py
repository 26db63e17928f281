"""The template files offered on the import page: the header row and an example row.

The CSV carries the byte-order mark so that Excel reads its Vietnamese letters
as UTF-8; the XLSX has a second sheet that explains the columns and lists the
shop's categories, certification codes and selling units."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from catalog.models import Certification, SellingUnit
from common.spreadsheets import csv_writer, sheet_append

from .columns import COLUMNS
from .rows import EXAMPLE_SKU, category_index


def category_names() -> list[str]:
    """The full names of the shop's categories ("Parent > Child"), as a file may write them."""
    _by_name, by_full_name = category_index()
    return [category.import_full_name for category in by_full_name.values()]


def _example_category(categories) -> str:
    """A category of the shop, the first of the deepest ones: a product is filed where it is most precise."""
    if not categories:
        return ""
    return max(categories, key=lambda name: name.count(" > "))


def _example(cooperative, categories, certifications) -> dict:
    return {
        "sku": EXAMPLE_SKU,
        "title": _("Example product: delete this row"),
        "category": _example_category(categories),
        "price": "150.000",
        "stock": 100,
        "unit": SellingUnit.KILOGRAM.value,
        "description": _("Grown without chemical pesticides, picked the morning it is shipped."),
        "is_flagship": _("no"),
        "ocop_stars": "",
        "certifications": ";".join(certification.code for certification in certifications[:2]),
        "origin_commune": cooperative.commune.name if cooperative else "",
        "season_start": 5,
        "season_end": 9,
        # Empty: the photo named after the code (EXAMPLE-001.jpg) is used; the guide says so.
        "photo": "",
    }


def template_csv(cooperative) -> bytes:
    example = _example(cooperative, category_names(), list(Certification.objects.all()))
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([column.header for column in COLUMNS])
    writer.writerow([example[column.key] for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(cooperative) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    categories = category_names()
    certifications = list(Certification.objects.all())
    example = _example(cooperative, categories, certifications)
    example["price"] = 150000  # a number cell, shown with the spreadsheet's own thousands separator

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Products")[:31]
    sheet_append(sheet, [column.header for column in COLUMNS])
    sheet_append(sheet, [example[column.key] for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = bold
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 2)
        if column.key == "price":
            sheet.cell(row=2, column=index).number_format = "#,##0"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(_("Guide")[:31])
    # In context: Oscar's catalogue translates a bare "Required" for other uses.
    sheet_append(guide, [_("Column"), pgettext("import column", "Required"), _("What to write")])
    for column in COLUMNS:
        sheet_append(guide, [column.header, _("yes") if column.required else _("no"), str(column.help)])
    sections = [
        (_("Selling units"), [[value, str(label)] for value, label in SellingUnit.choices]),
        (_("Categories"), [[name] for name in categories]),
        (_("Certification codes"), [[certification.code, certification.name] for certification in certifications]),
    ]
    for title, lines in sections:
        sheet_append(guide, [])
        sheet_append(guide, [title])
        guide.cell(row=guide.max_row, column=1).font = bold
        for line in lines:
            sheet_append(guide, line)
    for cell in guide[1]:
        cell.font = bold
    for letter, width in (("A", 32), ("B", 14), ("C", 90)):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
