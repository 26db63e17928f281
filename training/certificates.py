"""A course completion certificate (giấy chứng nhận) as a PDF in Vietnamese (common/pdf.py's fonts): the
person, the course, the session's date and place, the trainer, and the verification link with its QR."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer

from common import pdf

from . import links


def person_name(user) -> str:
    return user.get_full_name() or user.email


def person_name_public(user) -> str:
    """The name for the public verification page: never the e-mail address."""
    return user.get_full_name() or "—"


def place(session) -> str:
    if session.online_link:
        return _("Online")
    if session.commune_id:
        return f"{session.venue}, {session.commune.full_name}"
    return session.venue


def certificate_pdf(registration, *, verification_url: str) -> bytes:
    """The certificate as PDF bytes, always in Vietnamese (the language of the department's papers)."""
    with translation.override("vi"):
        return _build(registration, verification_url)


def _build(registration, verification_url) -> bytes:
    styles = pdf.styles()
    regular, bold = pdf.register_fonts()
    centred = ParagraphStyle("Centred", parent=styles["Normal"], alignment=TA_CENTER, fontSize=12, leading=17)
    title = ParagraphStyle("CertificateTitle", parent=styles["Title"], fontName=bold, fontSize=26, leading=32)
    name = ParagraphStyle("Name", parent=centred, fontName=bold, fontSize=20, leading=26)
    small = ParagraphStyle("SmallCentred", parent=centred, fontSize=9, leading=12)
    session = registration.session
    day = timezone.localtime(session.starts_at).strftime("%d/%m/%Y")
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=_("Certificate of completion"),
        topMargin=15 * mm,
        bottomMargin=12 * mm,
    )
    story = [
        Paragraph(escape(_("CERTIFICATE OF COMPLETION")), title),
        Paragraph(escape(_("This certifies that")), centred),
        Spacer(1, 3 * mm),
        Paragraph(escape(person_name(registration.person)), name),
        Spacer(1, 3 * mm),
        Paragraph(escape(_("has completed the training course")), centred),
        Paragraph(f"<b>{escape(session.course.title)}</b>", ParagraphStyle("Course", parent=centred, fontSize=15)),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Date: %(date)s") % {"date": day}), centred),
        Paragraph(escape(_("Place: %(place)s") % {"place": place(session)}), centred),
        Paragraph(escape(_("Trainer: %(trainer)s") % {"trainer": session.trainer}), centred),
        Spacer(1, 5 * mm),
        Image(io.BytesIO(links.qr_png(verification_url)), width=32 * mm, height=32 * mm),
        Paragraph(escape(_("Verify this certificate at %(url)s") % {"url": verification_url}), small),
    ]
    document.build(story)
    return buffer.getvalue()
