"""Vietnamese tax codes (mã số thuế): 10 digits, the last a check digit over the first nine, or 13
digits for a branch (the company's 10 and a 3-digit branch number, written 0100233488-001).

python-stdnum keeps the published check-digit rule (``stdnum.vn.mst``); this module is the one place
the project asks, and it says what is wrong in our words.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions
from stdnum.vn import mst


def tax_code_normalised(value) -> str:
    """The tax code as stored (digits only, 10 or 13), or a ValidationError saying what is wrong."""
    text = str(value or "").strip()
    if not text:
        raise ValidationError(_("Enter the organisation's tax code."), code="required")
    try:
        return mst.validate(text)
    except exceptions.InvalidLength:
        raise ValidationError(
            _("A tax code has 10 digits, or 13 for a branch (for example 0100233488 or 0100233488-001)."),
            code="length",
        ) from None
    except exceptions.InvalidChecksum:
        raise ValidationError(
            _("This tax code's last digit does not match the others: check it on the business certificate."),
            code="checksum",
        ) from None
    except exceptions.ValidationError:
        raise ValidationError(
            _("A tax code is made of digits only, with a dash before a branch number."), code="invalid"
        ) from None


def tax_code_display(code: str) -> str:
    """ "0100233488001" → "0100233488-001"."""
    return mst.format(code) if code else ""
