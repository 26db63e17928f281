"""Vietnamese mobile numbers: the one rule for what a buyer may give, how it is stored and shown.

Stored normalised (E.164, "+84901234567", django-phonenumber-field's PHONENUMBER_DB_FORMAT) so that one
number written "090 123 4567", "0901234567" or "+84 90 123 4567" is one number; shown the way people
write it, "090 123 4567". A landline is refused: the cooperative's shipper calls or texts a mobile.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field.phonenumber import PhoneNumber


def vietnamese_mobile(value) -> PhoneNumber:
    """The mobile number in ``value`` (a string or a PhoneNumber), or a ValidationError saying what is wrong."""
    text = str(value or "").strip()
    if not text:
        raise ValidationError(_("Enter a mobile number for the delivery."), code="required")
    try:
        number = PhoneNumber.from_string(text, region="VN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not number.is_valid():
        raise ValidationError(_("This is not a Vietnamese phone number: write it as 090 123 4567."), code="invalid")
    if number.country_code != 84:
        raise ValidationError(_("Enter a Vietnamese mobile number (starting with 0 or +84)."), code="not_vietnamese")
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        raise ValidationError(
            _("This is a landline number: give a mobile number, so that the shipper can call or text you."),
            code="landline",
        )
    return number


def phone_display(number) -> str:
    """ "+84901234567" → "090 123 4567"; a number that is not a Vietnamese mobile as the national format."""
    if not number:
        return ""
    if not isinstance(number, PhoneNumber):
        try:
            number = PhoneNumber.from_string(str(number), region="VN")
        except phonenumbers.NumberParseException:
            return str(number)
    if number.country_code == 84:
        digits = phonenumbers.national_significant_number(number)
        if len(digits) == 9:
            return f"0{digits[:2]} {digits[2:5]} {digits[5:]}"
    return number.as_national
