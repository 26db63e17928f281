"""Vietnamese tax codes (mã số thuế): 10 digits with a check digit, or 13 for a branch."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from organisations.tax_codes import tax_code_display, tax_code_normalised


@pytest.mark.parametrize(
    "written, stored",
    [
        ("0100233488", "0100233488"),  # a published company's code
        ("0100109106", "0100109106"),
        (" 0100233488-001 ", "0100233488001"),  # its first branch
        ("0100233488 001", "0100233488001"),
    ],
)
def test_known_valid_codes_are_stored_as_digits(written, stored):
    assert tax_code_normalised(written) == stored


def test_a_wrong_check_digit_is_refused_in_vietnamese_and_english():
    for language, words in (("vi", "Chữ số cuối"), ("en", "last digit")):
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                tax_code_normalised("0100233489")
            assert words in error.value.messages[0]


@pytest.mark.parametrize("written", ["01002334", "01002334880011", "abcdefghij", ""])
def test_wrong_lengths_and_letters_are_refused(written):
    with pytest.raises(ValidationError):
        tax_code_normalised(written)


def test_a_branch_code_is_shown_with_its_dash():
    assert tax_code_display("0100233488001") == "0100233488-001"
    assert tax_code_display("0100233488") == "0100233488"
