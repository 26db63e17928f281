"""``{% load account_phones %}{{ user|verified_phone }}``: the account's verified number as people write it."""

from django import template

from accounts.models import PhoneNumber
from common.phones import phone_display

register = template.Library()


@register.filter
def verified_phone(user) -> str:
    try:
        phone = user.phone
    except PhoneNumber.DoesNotExist:
        return ""
    return phone_display(phone.number) if phone.verified else ""
