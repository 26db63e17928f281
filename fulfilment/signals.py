"""Signals about order parts, sent once the transaction that wrote them has committed."""

from django.dispatch import Signal

# kwargs: order, parts (list of OrderPart). Sent on commit after an order and its parts are saved.
order_parts_created = Signal()
# kwargs: part, old_status, new_status, user, dues (lifecycle.money.Dues: what the buyer owes now).
# Sent on commit after a part's status changed.
order_part_status_changed = Signal()
