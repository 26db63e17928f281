"""What a cooperative delivers short of a contract order, and why: recorded on the standing order line.

Placing records the shortfall stock caused (contracts/placing.py); the cooperative records what it ships
less than ordered from the order part's page in its workspace. Progress against the contract reads the
delivered quantity (quantity less shortfall).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fulfilment.selectors import user_may_act_on_part

from .models import StandingOrderLine


def contract_lines_of_part(part):
    """The standing order lines behind ``part`` (one cooperative's share of a contract order), with the
    contract's name: empty for an order not placed under a contract. One query."""
    return (
        StandingOrderLine.objects.filter(
            standing_order__order_id=part.order_id, order_line__partner_id=part.cooperative.partner_id
        )
        .select_related("standing_order__linkage_model", "contract_line__product")
        .order_by("pk")
    )


@transaction.atomic
def shortfall_record(*, part, line_id, shortfall: Decimal, reason: str, by) -> StandingOrderLine:
    """The cooperative ships ``shortfall`` (in the contract line's unit) less than ordered, for ``reason``."""
    if not user_may_act_on_part(by, part):
        raise PermissionDenied
    line = contract_lines_of_part(part).select_for_update(of=("self",)).filter(pk=line_id).first()
    if line is None:
        raise ValidationError(_("This line is not part of the order."), code="line")
    reason = (reason or "").strip()
    if shortfall < 0 or shortfall > line.quantity:
        raise ValidationError(
            _("The shortfall is between 0 and the quantity ordered (%(quantity)s).") % {"quantity": line.quantity},
            code="shortfall",
        )
    if shortfall and not reason:
        raise ValidationError(_("Say why less was delivered."), code="reason")
    line.shortfall, line.shortfall_reason = shortfall, reason[:255] if shortfall else ""
    line.save(update_fields=["shortfall", "shortfall_reason"])
    return line
