"""Hand the selectors' groups to the basket, checkout and order templates."""

from django import template
from django.db.models import prefetch_related_objects

from fulfilment import selectors
from fulfilment.order_status import order_status_label as _order_status_label

register = template.Library()


@register.simple_tag
def basket_form_groups(formset, shipping_method):
    """The basket formset's forms under their cooperative's group: [(group, [form, …]), …].

    The groups come with the shipping method the basket page already priced (no new queries)."""
    groups = getattr(shipping_method, "groups", None) or []
    forms_by_line = {}
    for index, form in enumerate(formset):
        form.index = index  # Oscar's basket script finds a line's form fields by this number
        forms_by_line[form.instance.pk] = form
    return [(group, [forms_by_line[line.pk] for line in group.lines if line.pk in forms_by_line]) for group in groups]


@register.simple_tag
def order_parts(order):
    return selectors.order_parts_with_lines(order)


@register.simple_tag
def prefetch_order_parts(orders):
    """Load the parts of a page of orders in one query (Oscar's order history view does not)."""
    orders = list(orders)
    prefetch_related_objects(orders, selectors.order_parts_prefetch())
    return ""


@register.filter
def order_status_label(status):
    """Oscar's order status code ("pending") as the buyer reads it ("chờ xác nhận"): lifecycle/parts.py."""
    return _order_status_label(status)
