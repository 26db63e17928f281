"""A supermarket's accepted contract with a cooperative, and contract orders delivered under it (used by
the invoicing tests and the invoice browser journey)."""

import contextlib
import datetime
from decimal import Decimal

from django.utils import timezone

from contracts import services as contract_services
from contracts.models import StandingOrder
from lifecycle.parts import part_move
from tests import factories


def contract_deal(staff_email=None, buyer_email=None):
    coop = factories.cooperative(name="HTX Rau sạch Phước An", tax_code="0312345673")
    staff = factories.cooperative_staff(coop, email=staff_email)
    buyer = factories.user(email=buyer_email)
    org = factories.organisation("Siêu thị Xanh", kind="supermarket", applicant=buyer)
    site = factories.delivery_site(org)
    product = factories.product(coop, title="Cải ngọt", price=Decimal("32000"))
    version = contract_services.contract_offer(
        by=staff,
        name="Rau cho Siêu thị Xanh",
        lead_cooperative=coop,
        organisation=org,
        terms=contract_services.Terms(
            cooperatives=[coop],
            lines=[contract_services.LineTerms(product=product, unit_price=32000, volume=Decimal("120"))],
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2027, 12, 31),
            payment_days=15,
            delivery_sites=[site],
        ),
    )
    contract_services.contract_accept(version=version, by=buyer)
    version.refresh_from_db()
    return {
        "coop": coop,
        "staff": staff,
        "buyer": buyer,
        "org": org,
        "site": site,
        "product": product,
        "version": version,
    }


_days = iter(range(1, 100000))


def contract_order(deal, quantity=3, *, delivery_date=None):
    """A standing order placed for the deal's contract: an ordinary order with one part per cooperative."""
    order = factories.order_with_parts((deal["product"], quantity), buyer=deal["buyer"])
    day = delivery_date or datetime.date(2026, 1, 1) + datetime.timedelta(days=next(_days))
    StandingOrder.objects.create(
        linkage_model=deal["version"].linkage_model,
        version=deal["version"],
        delivery_date=day,
        delivery_site=deal["site"],
        cutoff_at=timezone.now(),
        status=StandingOrder.Status.PLACED,
        order=order,
        placed_at=timezone.now(),
    )
    return order


def deliver(part, user, capture=None):
    """Move the part to delivered as the cooperative does, running what is sent on commit (``capture``:
    pytest-django's on-commit fixture inside a test's transaction; None where each move commits)."""
    for status in ("confirmed", "shipped", "delivered"):
        with capture(execute=True) if capture else contextlib.nullcontext():
            part = part_move(part=part, status=status, user=user)
    return part
