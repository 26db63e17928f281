"""GS1 identifiers: GTIN check digits and the Digital Link path of a batch (/01/<GTIN-14>/10/<lot>)."""

import re

from common.params import is_ascii_digits

GTIN_LENGTHS = (8, 12, 13, 14)
# GS1 application identifier 10 (batch/lot): up to 20 characters; we keep to the URL-safe subset.
BATCH_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit of ``body`` (the GTIN without its last digit): weights 3 and 1
    alternate from the rightmost digit."""
    total = sum(int(digit) * (3 if position % 2 == 0 else 1) for position, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(value: str | None) -> bool:
    if not value or not is_ascii_digits(value) or len(value) not in GTIN_LENGTHS:
        return False
    return gtin_check_digit(value[:-1]) == int(value[-1])


def gtin14(value: str) -> str:
    """GTIN-8/12/13 padded to the 14 digits a Digital Link carries."""
    return value.zfill(14)


def gtin_forms(value: str) -> list[str]:
    """Every shorter GTIN that pads to the same GTIN-14, so a stored EAN-13 matches /01/0893…/."""
    padded = gtin14(value)
    return [padded[-length:] for length in GTIN_LENGTHS if set(padded[:-length]) <= {"0"}]


def is_valid_batch_code(value: str | None) -> bool:
    return bool(value) and bool(BATCH_CODE_PATTERN.fullmatch(value))  # $ alone lets a final newline in


def digital_link_path(*, gtin: str, batch_code: str) -> str:
    return f"/01/{gtin14(gtin)}/10/{batch_code}"
