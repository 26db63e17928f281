"""VietQR payloads, checked against payloads written out by hand from the EMVCo/NAPAS specification."""

import io

import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from PIL import Image

from payments.vietqr import Transfer, crc16_ccitt_false, transfer_note


def reference_crc(text: str) -> str:
    """CRC-16/CCITT-FALSE computed independently (table-free, MSB-first), as 4 upper-case hex digits."""
    register = 0xFFFF
    for char in text.encode("ascii"):
        for bit in range(7, -1, -1):
            feedback = ((register >> 15) & 1) ^ ((char >> bit) & 1)
            register = (register << 1) & 0xFFFF
            if feedback:
                register ^= 0x1021
    return f"{register:04X}"


def test_crc_matches_the_catalogue_check_value():
    # The check value of CRC-16/CCITT-FALSE for "123456789" (Greg Cook's CRC catalogue).
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert reference_crc("123456789") == "29B1"


def test_payload_for_an_order_transfer():
    transfer = Transfer(bank_bin="970436", account_number="0011001234567", amount=150000, note="DH100123")
    # Written field by field: ID, 2-digit length, value.
    beneficiary = "0006970436" + "0113" + "0011001234567"  # 00 BIN, 01 account: 27 characters
    merchant_account = "0010A000000727" + "0127" + beneficiary + "0208QRIBFTTA"  # 57 characters
    unsigned = (
        "000201"  # payload format indicator 01
        "010212"  # dynamic: one code for one amount
        "3857" + merchant_account + "5303704"  # currency VND
        "5406150000"  # amount in đồng, no decimals
        "5802VN"
        "6212" + "0808DH100123"  # additional data: purpose of transaction
        "6304"
    )
    assert transfer.payload == unsigned + reference_crc(unsigned)


def test_payload_without_an_amount_is_static_and_has_no_amount_field():
    payload = Transfer(bank_bin="970415", account_number="113366668888").payload
    unsigned = "000201010211" + "3856" + "0010A000000727" + "0126" + "0006970415" + "0112113366668888"
    unsigned += "0208QRIBFTTA" + "5303704" + "5802VN" + "6304"
    assert payload == unsigned + reference_crc(unsigned)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Đơn hàng 100123", "DON HANG 100123"),
        ("  cà phê / #12 ", "CA PHE 12"),
        ("x" * 40, "X" * 25),
    ],
)
def test_transfer_note_is_ascii_and_short(text, note):
    assert transfer_note(text) == note


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"bank_bin": "97043", "account_number": "1"}, "bin"),
        ({"bank_bin": "970436", "account_number": "12-34"}, "account"),
        ({"bank_bin": "970436", "account_number": "1", "amount": 0}, "amount"),
        ({"bank_bin": "970436", "account_number": "1", "amount": 10.5}, "amount"),
    ],
)
def test_bad_transfer_details_are_refused_clearly(kwargs, code):
    with pytest.raises(ValidationError) as refused:
        Transfer(**kwargs).clean()
    assert refused.value.code == code


def test_svg_encodes_the_payload():
    svg = Transfer(bank_bin="970436", account_number="0011001234567", amount=150000, note="DH1").svg()
    assert svg.startswith("<svg") and "path" in svg


def test_png_decodes_to_the_payload():
    # What a banking app reads: decode the picture with ZXing, a decoder independent of the encoder.
    transfer = Transfer(bank_bin="970436", account_number="0011001234567", amount=1250000, note="Đơn 100123")
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(transfer.png())))
    assert [code.text for code in decoded] == [transfer.payload]
    assert "62140810DON 100123" in transfer.payload
