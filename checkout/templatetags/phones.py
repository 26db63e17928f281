from django import template

from common.phones import phone_display

register = template.Library()


@register.filter
def phone_vn(number):
    """``{{ address.phone_number|phone_vn }}``: "+84901234567" shown as "090 123 4567"."""
    return phone_display(number)
