"""The columns of a product file, and how a header cell is recognised.

The template's headers read "Tên sản phẩm (title)": the label in the page's
language with the column's key. A header is recognised by that key, or by the
label in English or Vietnamese with or without diacritics, so a file downloaded
in one language can be uploaded in the other.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    help: str = ""

    @property
    def name(self) -> str:
        # Some labels reuse Oscar's msgids, whose Vietnamese has stray spaces.
        return str(self.label).strip()

    @property
    def header(self) -> str:
        return f"{self.name} ({self.key})"


COLUMNS = (
    Column(
        "sku",
        _("Product code"),
        required=True,
        help=_("Your own code for the product (SKU). A row with a code you already use updates that product."),
    ),
    Column("title", _("Product name"), required=True),
    Column(
        "category",
        _("Category"),
        required=True,
        help=_(
            "The name of one of the shop's categories, as listed in the guide. When two categories have the "
            "same name, write the full path with “>” between the names."
        ),
    ),
    Column("price", _("Price in đồng"), required=True, help=_("A whole number of đồng: 150000 or 150.000.")),
    Column("stock", _("Stock"), required=True, help=_("How many units you have for sale.")),
    Column("unit", _("Selling unit"), help=_("One of the selling units listed below; kg when empty.")),
    Column("description", _("Description")),
    Column("is_flagship", _("Flagship product"), help=_("“yes” or “no”; no when empty.")),
    Column("ocop_stars", _("OCOP stars"), help=_("3, 4 or 5; empty when the product has no OCOP rating.")),
    Column(
        "certifications",
        _("Certifications"),
        help=_("Certification codes separated by “;”, such as vietgap;organic."),
    ),
    Column("origin_commune", _("Origin commune"), help=_("The commune's name or its code.")),
    Column(
        "season_start",
        _("Season start month"),
        help=_("1 to 12. Leave both season months empty for produce sold all year."),
    ),
    Column("season_end", _("Season end month"), help=_("1 to 12.")),
    Column(
        "photo",
        _("Photo file"),
        help=_(
            "The name of the product's photo in the ZIP of photos, such as rau-muong.jpg. Leave it empty when "
            "the photo is named after the product code (RAU-001.jpg for the code RAU-001)."
        ),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.required)

_KEY_IN_HEADER = re.compile(r"\(\s*([A-Za-z_]+)\s*\)\s*$")


def fold(text) -> str:
    """Lower case, without diacritics or punctuation: "Giá (đồng)" -> "gia dong"."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


@cache
def _aliases(languages: tuple[str, ...]) -> dict[str, str]:
    aliases = {}
    for column in COLUMNS:
        aliases[fold(column.key)] = column.key
        for language in languages:
            with translation.override(language):
                aliases.setdefault(fold(column.name), column.key)
                aliases.setdefault(fold(column.header), column.key)
    return aliases


def column_key(header) -> str | None:
    """The key of the column a header cell names, or None for a column we do not know."""
    header = str(header or "").strip()
    match = _KEY_IN_HEADER.search(header)
    if match and match.group(1).lower() in COLUMNS_BY_KEY:
        return match.group(1).lower()
    return _aliases(tuple(code for code, _name in settings.LANGUAGES)).get(fold(header))
