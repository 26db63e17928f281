"""PDF documents in Vietnamese (invoices, certificates) with reportlab.

reportlab's built-in fonts have no Vietnamese letters (ư, ơ, ạ, ễ … come out as black boxes), so the
DejaVu fonts are shipped in ``common/fonts/`` (free licence beside them) rather than taken from the
machine: a server without them would print invoices nobody can read.
"""

from functools import cache
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Register the fonts once per process; returns (regular, bold) font names."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD


def styles() -> dict[str, ParagraphStyle]:
    """reportlab's sample styles, switched to the Vietnamese-capable fonts."""
    regular, bold = register_fonts()
    sheet = getSampleStyleSheet()
    named = {}
    for name in ("Normal", "BodyText", "Title", "Heading1", "Heading2", "Heading3", "Small"):
        if name == "Small":
            named[name] = ParagraphStyle("Small", parent=sheet["Normal"], fontName=regular, fontSize=8, leading=10)
            continue
        style = sheet[name]
        style.fontName = bold if name.startswith(("Title", "Heading")) else regular
        named[name] = style
    return named
