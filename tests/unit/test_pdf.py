"""PDF documents carry Vietnamese letters: the shipped DejaVu font is embedded, not a built-in one."""

import io

from reportlab.platypus import Paragraph, SimpleDocTemplate

from common import pdf


def test_a_vietnamese_pdf_embeds_the_shipped_font():
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer)
    styles = pdf.styles()
    document.build(
        [Paragraph("Hóa đơn – Hợp tác xã Phước An", styles["Title"]), Paragraph("Rau muống ưa nước", styles["Normal"])]
    )
    data = buffer.getvalue()
    assert data.startswith(b"%PDF")
    assert b"DejaVuSans" in data
    assert b"/FontFile2" in data  # embedded TrueType, so any reader shows the letters
