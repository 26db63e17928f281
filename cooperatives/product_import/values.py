"""Reading the values people type in spreadsheets: prices with thousands
separators, yes/no, months. No database here."""

import re

from .columns import fold

# Vietnamese groups thousands with "." (150.000), English with ",": both are read
# as thousands, since a price or a stock is a whole number. A decimal part is
# accepted only when it is zero (150.000,00 or 150000.00).
_WHOLE_NUMBER = re.compile(
    r"(?P<digits>\d+|\d{1,3}(?P<group>[.,])\d{3}(?:(?P=group)\d{3})*)(?:(?P<point>[.,])0{1,2})?"
)
_CURRENCY = re.compile(r"(₫|đ|vnđ|vnd|đồng|dong)$", re.IGNORECASE)

TRUE_WORDS = {"1", "x", "yes", "y", "true", "co", "dung"}
FALSE_WORDS = {"", "0", "no", "n", "false", "khong", "sai"}


def parse_whole_number(text: str) -> int:
    """"150000", "150.000", "150,000", "150.000 ₫", "150 000" -> 150000. ValueError otherwise."""
    cleaned = str(text).replace("\xa0", " ").strip()
    cleaned = _CURRENCY.sub("", cleaned).replace(" ", "")
    match = _WHOLE_NUMBER.fullmatch(cleaned)
    if not match or (match["group"] and match["group"] == match["point"]):
        raise ValueError(text)
    return int(re.sub(r"\D", "", match["digits"]))


def parse_yes_no(text: str) -> bool:
    """yes/no, có/không, true/false, 1/0, x; empty is no. ValueError otherwise."""
    word = fold(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(text)


def parse_month(text: str) -> int | None:
    if not str(text).strip():
        return None
    month = parse_whole_number(text)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return month


def parse_stars(text: str) -> int | None:
    if not str(text).strip():
        return None
    stars = parse_whole_number(text)
    if stars not in (3, 4, 5):
        raise ValueError(text)
    return stars


def split_codes(text: str) -> list[str]:
    """"vietgap; organic" -> ["vietgap", "organic"] (a comma works too)."""
    return [code.strip() for code in re.split(r"[;,]", str(text)) if code.strip()]

