"""Reads of contracts: a party's list (each contract with the version in force and the offer awaiting an
answer) and a contract's history, in a fixed number of queries however many there are."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone

from fulfilment.models import OrderPart
from valuechains.models import LinkageModel

from .models import ContractLine, ContractVersion, StandingOrder

State = ContractVersion.State
OPEN_STATES = (State.ACCEPTED, State.OFFERED)


def _lines():
    return Prefetch("lines", queryset=ContractLine.objects.select_related("product").order_by("pk"))


def _with_open_versions(linkage_models):
    open_versions = (
        ContractVersion.objects.filter(state__in=OPEN_STATES)
        .select_related("organisation")
        .prefetch_related(_lines(), "delivery_sites")
        .order_by("number")
    )
    return (
        linkage_models.select_related("lead_cooperative")
        .prefetch_related(Prefetch("versions", queryset=open_versions, to_attr="open_versions"))
        .order_by("-created_at", "-pk")
    )


def contracts_of_cooperative(cooperative):
    """The contracts the cooperative is a party to (in any version), or leads."""
    ids = ContractVersion.objects.filter(cooperatives=cooperative).values("linkage_model_id")
    return _with_open_versions(
        LinkageModel.objects.filter(pk__in=ids) | LinkageModel.objects.filter(lead_cooperative=cooperative)
    )


def contracts_of_organisation(organisation):
    ids = ContractVersion.objects.filter(organisation=organisation).values("linkage_model_id")
    return _with_open_versions(LinkageModel.objects.filter(pk__in=ids))


def all_contracts():
    """Every contract, for officers: those with versions (legacy ones included)."""
    return _with_open_versions(LinkageModel.objects.filter(versions__isnull=False).distinct())


def in_force_and_offer(linkage_model) -> tuple[ContractVersion | None, ContractVersion | None]:
    """From a row of the lists above: the version in force and the offer awaiting an answer."""
    by_state = {version.state: version for version in linkage_model.open_versions}
    return by_state.get(State.ACCEPTED), by_state.get(State.OFFERED)


def history(linkage_model):
    """Every version, newest first, with its lines, cooperatives and sites."""
    return (
        linkage_model.versions.select_related("organisation", "offered_by", "answered_by")
        .prefetch_related(_lines(), "cooperatives", "delivery_sites")
        .order_by("-number")
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def deliveries_between(first_day: datetime.date, last_day: datetime.date):
    """The contracts' deliveries from ``first_day`` to ``last_day`` (local days, both included): standing
    orders placed whose order has a part delivered then. Each row carries ``delivered_at``, its order's
    last part delivered in those days (a delivery of several cooperatives is one delivery)."""
    delivered = OrderPart.objects.filter(
        order=OuterRef("order"),
        delivered_at__gte=_start_of(first_day),
        delivered_at__lt=_start_of(last_day + datetime.timedelta(days=1)),
    )
    return (
        StandingOrder.objects.filter(status=StandingOrder.Status.PLACED)
        .filter(Exists(delivered))
        .annotate(delivered_at=Subquery(delivered.order_by("-delivered_at").values("delivered_at")[:1]))
    )
