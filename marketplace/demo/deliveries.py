"""Deliveries under linkage contracts, back-dated: the evidence the plan's linkage indicators count.

``linkage_delivery_record`` turns an order already placed (by the demo's checkout classes, or a test
factory) into one delivery of a linkage model's contract: a placed ``StandingOrder`` to a delivery site,
its order parts moved to delivered through lifecycle, then dated ``delivered_on`` as if the market had
run since then. A model with no contract version yet (recorded before contracts had buyers) gets an
accepted version 1 with the site's organisation as buyer. The demo, the adoption tests and, later, the
contracts demo all build evidence this one way.

``fill_linkage_deliveries`` gives the demo's active linkage models that have none (the value chains; the
contracts of ``contract_history`` have weeks of their own) recent deliveries, so the dashboard's linkage
cards, the digital-technology one above all, are not empty in ``make run``.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from oscar.core.loading import get_model

from contracts.models import ContractVersion, StandingOrder
from fulfilment.models import OrderPart
from lifecycle.parts import part_move
from organisations.models import DeliverySite
from valuechains.models import LinkageModel

User = get_user_model()
StockRecord = get_model("partner", "StockRecord")
DELIVERED_STEPS = ("confirmed", "shipped", "delivered")


def _version_for(linkage_model, organisation) -> ContractVersion:
    version = linkage_model.versions.filter(state=ContractVersion.State.ACCEPTED).first()
    if version is not None:
        return version
    number = (linkage_model.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ContractVersion.objects.create(
        linkage_model=linkage_model,
        number=number,
        organisation=organisation,
        start=linkage_model.contract_start,
        end=linkage_model.contract_end,
        offered_by_side=ContractVersion.Side.COOPERATIVE,
        state=ContractVersion.State.ACCEPTED,
        answered_at=timezone.now(),
    )
    version.cooperatives.add(linkage_model.lead_cooperative)
    return version


@transaction.atomic
def linkage_delivery_record(
    *, linkage_model, site, order, delivered_on: datetime.date, delivered: bool = True
) -> StandingOrder:
    """``order`` as a delivery of ``linkage_model``'s contract to ``site`` on ``delivered_on``.

    ``delivered=False`` leaves the order's parts where they are (placed, not delivered yet)."""
    version = _version_for(linkage_model, site.organisation)
    standing_order = StandingOrder.objects.create(
        linkage_model=linkage_model,
        version=version,
        delivery_date=delivered_on,
        delivery_site=site,
        cutoff_at=timezone.now(),
        status=StandingOrder.Status.PLACED,
        order=order,
        placed_at=timezone.now(),
    )
    if delivered:
        for part in order.parts.all():
            for status in DELIVERED_STEPS:
                part = part_move(part=part, status=status, user=None)
        when = timezone.make_aware(datetime.datetime.combine(delivered_on, datetime.time(9)))
        OrderPart.objects.filter(order=order).update(delivered_at=when)
    return standing_order


# Days before today each demo model's last delivery was made: every model counts but the last, whose only
# delivery is older than the window (the commune page says why it does not count).
DEMO_DAYS_AGO = (2, 5, 9, 13, 20, 27, 34, 41, 48, 55)
DEMO_STALE_DAYS_AGO = 120


def fill_linkage_deliveries(log):
    """One delivery for each of the demo's active linkage models that has none, from the demo's buyers."""
    from payments.models import PaymentMethod

    from .builder import _place_order  # the builder imports this module

    # The value chains' buyers are supermarkets and distributors: the demo's supermarket stands for them.
    sites = DeliverySite.objects.filter(is_active=True).select_related("organisation")
    site = sites.filter(organisation__kind="supermarket").order_by("pk").first() or sites.order_by("pk").first()
    if site is None:
        return
    buyer = User.objects.filter(organisation_memberships__organisation=site.organisation).order_by("pk").first()
    models = list(
        LinkageModel.objects.filter(status=LinkageModel.Status.ACTIVE, standing_orders__isnull=True)
        .select_related("lead_cooperative__partner")
        .order_by("pk")
    )
    today = timezone.localdate()
    made = 0
    for index, model in enumerate(models):
        stock = (
            StockRecord.objects.filter(partner=model.lead_cooperative.partner, num_in_stock__gt=5)
            .select_related("product")
            .order_by("partner_sku")
            .first()
        )
        if stock is None or buyer is None:
            continue
        days_ago = DEMO_STALE_DAYS_AGO if index == len(models) - 1 else DEMO_DAYS_AGO[index % len(DEMO_DAYS_AGO)]
        with transaction.atomic():
            order = _place_order(
                user=buyer, guest_email="", lines=[(stock.product, 1)], payment_method=PaymentMethod.BANK_TRANSFER
            )
            linkage_delivery_record(
                linkage_model=model, site=site, order=order, delivered_on=today - datetime.timedelta(days=days_ago)
            )
        made += 1
    if made:
        log(f"  + {made} linkage models with a delivery under their contract")
