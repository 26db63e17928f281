from django import template

from valuechains import selectors

register = template.Library()


@register.simple_tag
def batch_on_sale(product):
    return selectors.latest_harvested_batch(product)


@register.inclusion_tag("valuechains/partials/order_traces.html")
def order_traces(order):
    """Links to the trace of the batches the buyer received, when known."""
    received = selectors.batches_received(order)
    lines = [(line, received[line.product_id]) for line in order.lines.all() if line.product_id in received]
    return {"traced_lines": lines}
