"""A cooperative's money at a glance, for its workspace's Today page: what the market holds for it
(the ledger's balance, paid out next), what it owes the market (commission on cash sales), and the
cash on delivery its shippers collected but nobody recorded yet.

The figures are the statement's (payments/ledger.py): the same balance, the same entries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from fulfilment.cooperative_parts import AWAITS_CASH, parts_of
from payments import ledger
from payments.models import Payout


@dataclass(frozen=True)
class MoneyAtAGlance:
    balance: Decimal  # the ledger's balance: positive, the market owes the cooperative
    last_payout: Payout | None
    cash_parts: int  # delivered cash parts whose cash is not recorded
    cash_amount: Decimal  # what those parts' buyers were to pay

    @property
    def next_payout(self) -> Decimal:
        """What the market pays the cooperative at its next payout: the balance, when positive."""
        return max(self.balance, Decimal(0))

    @property
    def owed_to_market(self) -> Decimal:
        """A negative balance: commission on cash sales the cooperative owes the market."""
        return max(-self.balance, Decimal(0))


def money_at_a_glance(cooperative) -> MoneyAtAGlance:
    """Three queries, whatever the number of orders and ledger entries."""
    cash = parts_of(cooperative).filter(AWAITS_CASH).aggregate(parts=Count("pk"), amount=Sum("total"))
    return MoneyAtAGlance(
        balance=ledger.balance(cooperative),
        last_payout=Payout.objects.filter(cooperative=cooperative).order_by("-paid_on", "-pk").first(),
        cash_parts=cash["parts"],
        cash_amount=Decimal(cash["amount"] or 0),
    )
