"""An invoice as a PDF in Vietnamese (common/pdf.py's fonts): both parties with their tax codes, the
lines, the totals, the due date, how to pay and the VietQR for the amount."""

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common import pdf

from . import payment


def _vnd(amount) -> str:
    return currency(amount, "VND")


def _date(day) -> str:
    return day.strftime("%d/%m/%Y")


def _party(title, name, tax_code, address, style):
    rows = [f"<b>{escape(title)}</b>", escape(name)]
    rows.append(escape(_("Tax code: %(code)s") % {"code": tax_code or "—"}))
    if address:
        rows.append(escape(_("Address: %(address)s") % {"address": address}))
    return Paragraph("<br/>".join(rows), style)


def _lines_table(invoice, style, bold):
    header = [_("Goods"), _("Quantity"), _("Unit price"), _("Amount")]
    rows = [[Paragraph(escape(text), bold) for text in header]]
    for line in invoice.lines.all():
        rows.append(
            [Paragraph(escape(line.description), style), str(line.quantity), _vnd(line.unit_price), _vnd(line.amount)]
        )
    rows.append(["", "", _("Goods"), _vnd(invoice.goods_amount)])
    rows.append(["", "", _("Delivery fee"), _vnd(invoice.delivery_fee)])
    rows.append(["", "", Paragraph(f"<b>{escape(_('Total to pay'))}</b>", style), _vnd(invoice.amount)])
    table = Table(rows, colWidths=[78 * mm, 22 * mm, 35 * mm, 35 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), pdf.REGULAR, 9),
                ("GRID", (0, 0), (-1, -4), 0.5, colors.grey),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def invoice_pdf(invoice) -> bytes:
    """The invoice as PDF bytes, always in Vietnamese (the language of invoices in Vietnam)."""
    with translation.override("vi"):
        return _build(invoice)


def _build(invoice) -> bytes:
    styles = pdf.styles()
    normal, title = styles["Normal"], styles["Title"]
    bold = styles["Heading3"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{_('Invoice')} {invoice.number}", leftMargin=20 * mm, rightMargin=20 * mm
    )
    story = [
        Paragraph(escape(_("Invoice %(number)s") % {"number": invoice.number}), title),
        Paragraph(
            escape(
                _("Invoice date: %(issued)s · Due date: %(due)s")
                % {"issued": _date(invoice.issued_on), "due": _date(invoice.due_on)}
            ),
            normal,
        ),
        Spacer(1, 6 * mm),
        Table(
            [
                [
                    _party(_("Seller"), invoice.seller_name, invoice.seller_tax_code, invoice.seller_address, normal),
                    _party(_("Buyer"), invoice.buyer_name, invoice.buyer_tax_code, invoice.buyer_address, normal),
                ]
            ],
            colWidths=[85 * mm, 85 * mm],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
        ),
        Spacer(1, 6 * mm),
        _lines_table(invoice, normal, bold),
        Spacer(1, 6 * mm),
    ]
    story += _payment_part(invoice, normal, bold)
    document.build(story)
    return buffer.getvalue()


def _payment_part(invoice, normal, bold):
    if invoice.paid_on is not None:
        return [
            Paragraph(
                escape(
                    _("Paid on %(date)s: %(amount)s")
                    % {"date": _date(invoice.paid_on), "amount": _vnd(invoice.paid_amount)}
                ),
                bold,
            )
        ]
    transfer = payment.bank_transfer(invoice)
    if transfer is None:
        return [Paragraph(escape(_("Pay by %(date)s.") % {"date": _date(invoice.due_on)}), bold)]
    details = payment.bank_details()
    text = "<br/>".join(
        escape(row)
        for row in (
            _("Pay by %(date)s by bank transfer:") % {"date": _date(invoice.due_on)},
            _("Bank: %(bank)s") % {"bank": details["bank_name"]},
            _("Account number: %(number)s") % {"number": details["account_number"]},
            _("Account holder: %(name)s") % {"name": details["account_name"]},
            _("Amount: %(amount)s") % {"amount": _vnd(invoice.amount)},
            _("Transfer message: %(note)s") % {"note": payment.transfer_note(invoice)},
        )
    )
    qr = Image(io.BytesIO(transfer.png(scale=4)), width=40 * mm, height=40 * mm)
    return [
        Table(
            [[Paragraph(text, normal), qr]],
            colWidths=[125 * mm, 45 * mm],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
        )
    ]
