"""VietQR: the QR code Vietnamese banking apps scan to make a bank transfer.

It is an EMVCo merchant-presented QR (EMV QRCPS-MPM) profiled by NAPAS: every field is
ID (2 digits) + length (2 digits) + value; ID 38 carries NAPAS's GUID with the receiving
bank's BIN and account number and the service "transfer to an account"; the payload ends
with ID 63, a CRC-16/CCITT-FALSE over everything before it, "6304" included.
"""

import io
import re
from dataclasses import dataclass

import segno
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.text import fold_vietnamese

NAPAS_GUID = "A000000727"
SERVICE_TRANSFER_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"  # ISO 4217 numeric
COUNTRY_VIETNAM = "VN"
STATIC, DYNAMIC = "11", "12"  # point of initiation: reusable code, or one for a given amount
NOTE_MAX_LENGTH = 25  # the transfer note (purpose of transaction, ID 62-08)

BIN_PATTERN = re.compile(r"^\d{6}$")
ACCOUNT_PATTERN = re.compile(r"^[0-9A-Za-z]{1,19}$")


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def field(field_id: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"VietQR field {field_id} is longer than 99 characters")
    return f"{field_id}{len(value):02d}{value}"


def transfer_note(text: str) -> str:
    """The note as banking apps show it: ASCII letters, digits and spaces, at most 25 characters."""
    folded = fold_vietnamese(text).upper()
    words = re.sub(r"[^0-9A-Z]+", " ", folded).split()
    return " ".join(words)[:NOTE_MAX_LENGTH].strip()


@dataclass(frozen=True)
class Transfer:
    bank_bin: str
    account_number: str
    amount: int | None = None  # whole đồng; None for a code the payer fills in
    note: str = ""

    def clean(self):
        if not BIN_PATTERN.match(self.bank_bin):
            raise ValidationError(_("The bank's BIN must be 6 digits (e.g. 970436)."), code="bin")
        if not ACCOUNT_PATTERN.match(self.account_number):
            raise ValidationError(_("The account number must be 1 to 19 letters or digits."), code="account")
        if self.amount is not None and (int(self.amount) != self.amount or self.amount <= 0):
            raise ValidationError(_("The amount must be a positive whole number of đồng."), code="amount")

    @property
    def payload(self) -> str:
        self.clean()
        beneficiary = field("00", self.bank_bin) + field("01", self.account_number)
        account_information = (
            field("00", NAPAS_GUID) + field("01", beneficiary) + field("02", SERVICE_TRANSFER_TO_ACCOUNT)
        )
        parts = [
            field("00", "01"),
            field("01", STATIC if self.amount is None else DYNAMIC),
            field("38", account_information),
            field("53", CURRENCY_VND),
        ]
        if self.amount is not None:
            parts.append(field("54", str(int(self.amount))))
        parts.append(field("58", COUNTRY_VIETNAM))
        note = transfer_note(self.note)
        if note:
            parts.append(field("62", field("08", note)))
        unsigned = "".join(parts) + "6304"
        return unsigned + f"{crc16_ccitt_false(unsigned.encode('ascii')):04X}"

    def qr_code(self):
        return segno.make(self.payload, error="m", micro=False)

    def svg(self, *, scale=4) -> str:
        """The QR code as inline SVG, sized for a phone screen."""
        return self.qr_code().svg_inline(scale=scale, border=2)

    def png(self, *, scale=6) -> bytes:
        buffer = io.BytesIO()
        self.qr_code().save(buffer, kind="png", scale=scale, border=4)
        return buffer.getvalue()
