"""Writes about linkage contracts: offering one (or a change), answering an offer, withdrawing it.

Either side offers: a party cooperative's staff, or a member of the buyer who approves. Only the other
side accepts or declines. A change is a new version offered; the version in force stays so until the
change is accepted, and then becomes superseded. The linkage model's status and dates follow the version
in force (the adoption indicators read them there).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from common import uploads
from cooperatives.selectors import cooperatives_of_user
from organisations.models import Membership
from valuechains.models import LinkageModel, QuantityUnit

from . import notices
from .models import ContractLine, ContractVersion

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Side = ContractVersion.Side
State = ContractVersion.State
SIGNED_PAPER_FORMATS = {uploads.PDF, "JPEG", "PNG"}


@dataclass
class LineTerms:
    product: object
    unit_price: int
    volume: Decimal
    volume_unit: str = QuantityUnit.KILOGRAM


@dataclass
class Terms:
    """What one version says. ``cooperatives`` always holds the lead cooperative (added if missing)."""

    cooperatives: list
    lines: list[LineTerms]
    start: datetime.date | None = None
    end: datetime.date | None = None
    period: str = ContractVersion.Period.WEEK
    delivery_weekdays: list[int] = field(default_factory=list)
    cutoff_days: int = 1
    cutoff_time: datetime.time = datetime.time(17, 0)
    payment_days: int = 30
    quality_terms: str = ""
    delivery_sites: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    signed_paper: object = None
    note: str = ""


def products_of_cooperatives(cooperatives):
    """The shop products a contract with these cooperatives may list."""
    partner_ids = [c.partner_id for c in cooperatives]
    return Product.objects.filter(stockrecords__partner_id__in=partner_ids).distinct().order_by("title")


def side_of(user, *, cooperatives, organisation) -> str:
    """The side ``user`` speaks for in a contract between ``cooperatives`` and ``organisation``."""
    if not (user and user.is_authenticated):
        raise PermissionDenied
    if cooperatives_of_user(user).filter(pk__in=[c.pk for c in cooperatives]).exists():
        return Side.COOPERATIVE
    if (
        organisation is not None
        and organisation.is_verified
        and Membership.objects.filter(organisation=organisation, user=user, can_approve=True).exists()
    ):
        return Side.ORGANISATION
    raise PermissionDenied


def _check_terms(terms: Terms, *, organisation) -> None:
    errors = {}
    if organisation is None or not organisation.is_verified:
        errors["organisation"] = _("Contracts are made with verified business buyers only.")
    if terms.start and terms.end and terms.end < terms.start:
        errors["end"] = _("The contract cannot end before it starts.")
    if any(day not in range(7) for day in terms.delivery_weekdays):
        errors["delivery_weekdays"] = _("Choose delivery days from Monday to Sunday.")
    partner_ids = {c.partner_id for c in terms.cooperatives}
    cooperative_ids = {c.pk for c in terms.cooperatives}
    if not terms.lines:
        errors["lines"] = _("Add at least one product with its price and volume.")
    line_errors = []
    for line in terms.lines:
        if not StockRecord.objects.filter(product=line.product, partner_id__in=partner_ids).exists():
            line_errors.append(
                _("“%(product)s” is not a product of this contract's cooperatives.")
                % {"product": line.product.get_title()}
            )
        if not isinstance(line.unit_price, int) or line.unit_price < 1:
            line_errors.append(
                _("The price of “%(product)s” must be a whole number of đồng above 0.")
                % {"product": line.product.get_title()}
            )
        if line.volume is None or Decimal(line.volume) < 0:
            line_errors.append(
                _("The volume of “%(product)s” cannot be negative.") % {"product": line.product.get_title()}
            )
    if len({line.product.pk for line in terms.lines}) != len(terms.lines):
        line_errors.append(_("Each product appears once in a contract."))
    if line_errors:
        errors["lines"] = line_errors
    if organisation is not None and any(site.organisation_id != organisation.pk for site in terms.delivery_sites):
        errors["delivery_sites"] = _("Deliveries go only to the buyer's own sites.")
    if any(area.cooperative_id not in cooperative_ids for area in terms.areas):
        errors["areas"] = _("Raw-material areas must belong to the contract's cooperatives.")
    if terms.signed_paper:
        try:
            if uploads.validate_document(terms.signed_paper) not in SIGNED_PAPER_FORMATS:
                raise ValidationError(_("The signed paper must be a PDF, JPEG or PNG file."))
        except ValidationError as error:
            errors["signed_paper"] = error.messages
    if errors:
        raise ValidationError(errors)


def _write_version(linkage_model, *, number, organisation, terms: Terms, side, by) -> ContractVersion:
    version = ContractVersion(
        linkage_model=linkage_model,
        number=number,
        organisation=organisation,
        start=terms.start,
        end=terms.end,
        period=terms.period,
        delivery_weekdays=sorted(set(terms.delivery_weekdays)),
        cutoff_days=terms.cutoff_days,
        cutoff_time=terms.cutoff_time,
        payment_days=terms.payment_days,
        quality_terms=terms.quality_terms.strip(),
        offered_by_side=side,
        offered_by=by,
        offered_at=timezone.now(),
        state=State.OFFERED,
        note=terms.note.strip(),
    )
    if terms.signed_paper:
        file_format = uploads.validate_document(terms.signed_paper)
        terms.signed_paper.name = uploads.stored_name(terms.signed_paper.name, file_format)
        version.signed_paper = terms.signed_paper
    version.full_clean(exclude=["cooperatives", "delivery_sites", "areas"])
    version.save()
    version.cooperatives.set(terms.cooperatives)
    version.delivery_sites.set(terms.delivery_sites)
    version.areas.set(terms.areas)
    ContractLine.objects.bulk_create(
        ContractLine(
            version=version,
            product=line.product,
            unit_price=line.unit_price,
            volume=Decimal(line.volume),
            volume_unit=line.volume_unit,
        )
        for line in terms.lines
    )
    notices.offered(version)
    return version


def _with_lead(terms: Terms, lead) -> Terms:
    if all(c.pk != lead.pk for c in terms.cooperatives):
        terms.cooperatives = [lead, *terms.cooperatives]
    return terms


@transaction.atomic
def contract_offer(*, by, name: str, lead_cooperative, organisation, terms: Terms) -> ContractVersion:
    """A new contract: its linkage model (planned until accepted) and version 1, offered by ``by``."""
    terms = _with_lead(terms, lead_cooperative)
    side = side_of(by, cooperatives=terms.cooperatives, organisation=organisation)
    _check_terms(terms, organisation=organisation)
    first = terms.lines[0].product
    linkage_model = LinkageModel(
        name=(name or "").strip(),
        lead_cooperative=lead_cooperative,
        key_product=first,
        key_product_name=first.get_title()[:200],
        status=LinkageModel.Status.PLANNED,
        contract_start=terms.start,
        contract_end=terms.end,
    )
    linkage_model.full_clean()
    linkage_model.save()
    return _write_version(linkage_model, number=1, organisation=organisation, terms=terms, side=side, by=by)


def in_force(linkage_model) -> ContractVersion | None:
    return linkage_model.versions.filter(state=State.ACCEPTED).first()


def buyer_of(linkage_model):
    """The buyer of the version in force, or, when the first offer was declined or withdrawn, of the
    latest version; None for a legacy contract recorded without one."""
    current = in_force(linkage_model)
    if current is not None:
        return current.organisation
    latest = (
        linkage_model.versions.exclude(organisation=None).select_related("organisation").order_by("-number").first()
    )
    return latest.organisation if latest else None


@transaction.atomic
def contract_change_offer(*, by, linkage_model, terms: Terms, organisation=None) -> ContractVersion:
    """A change: the next version, offered by ``by``; the version in force stays so until it is accepted.
    The buyer stays the one in force (a legacy contract without one names it here)."""
    linkage_model = LinkageModel.objects.select_for_update().get(pk=linkage_model.pk)
    current = in_force(linkage_model)
    buyer = buyer_of(linkage_model)
    if buyer is not None:
        if organisation is not None and organisation.pk != buyer.pk:
            raise ValidationError({"organisation": _("A change cannot move the contract to another buyer.")})
        organisation = buyer
    terms = _with_lead(terms, linkage_model.lead_cooperative)
    side = side_of(by, cooperatives=terms.cooperatives, organisation=organisation)
    if current is not None and side == Side.COOPERATIVE:
        # Only the contract's own cooperatives change it, not one a change would bring in.
        side_of(by, cooperatives=list(current.cooperatives.all()), organisation=None)
    if linkage_model.versions.filter(state=State.OFFERED).exists():
        raise ValidationError(_("An offer is already awaiting an answer: withdraw it or wait for the answer."))
    _check_terms(terms, organisation=organisation)
    number = (linkage_model.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return _write_version(linkage_model, number=number, organisation=organisation, terms=terms, side=side, by=by)


def _lock_offer(version) -> ContractVersion:
    locked = ContractVersion.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=version.pk)
    if locked.state != State.OFFERED:
        raise ValidationError(_("This offer was already answered or withdrawn."))
    return locked


def _answering_side(version, by) -> str:
    side = side_of(by, cooperatives=list(version.cooperatives.all()), organisation=version.organisation)
    if side == version.offered_by_side:
        raise PermissionDenied(_("The other side answers an offer, not the side that made it."))
    return side


def _follow_version(linkage_model, version, today) -> None:
    """The linkage model's status and dates, as the version in force says."""
    if version.end and version.end < today:
        status = LinkageModel.Status.ENDED
    elif version.start and version.start > today:
        status = LinkageModel.Status.PLANNED
    else:
        status = LinkageModel.Status.ACTIVE
    linkage_model.status = status
    linkage_model.contract_start = version.start
    linkage_model.contract_end = version.end
    linkage_model.save(update_fields=["status", "contract_start", "contract_end"])


@transaction.atomic
def contract_accept(*, version, by, delivery_sites=None) -> ContractVersion:
    """``by`` accepts the other side's offer. A cooperative's first offer names no delivery sites (it does
    not know the buyer's): the buyer names them as it accepts, among its active ones."""
    linkage_model = LinkageModel.objects.select_for_update().get(pk=version.linkage_model_id)
    version = _lock_offer(version)
    side = _answering_side(version, by)
    if side == Side.ORGANISATION and not version.delivery_sites.exists():
        _set_delivery_sites(version, delivery_sites or [])
    now = timezone.now()
    linkage_model.versions.filter(state=State.ACCEPTED).update(state=State.SUPERSEDED)
    version.state = State.ACCEPTED
    version.answered_by = by
    version.answered_at = now
    version.save(update_fields=["state", "answered_by", "answered_at"])
    _follow_version(linkage_model, version, timezone.localdate(now))
    notices.answered(version)
    return version


def _set_delivery_sites(version, sites) -> None:
    active = version.organisation.delivery_sites.filter(is_active=True)
    if any(site.organisation_id != version.organisation_id or not site.is_active for site in sites):
        raise ValidationError(_("Deliveries go only to the buyer's own sites."), code="delivery_sites")
    if not sites and active.exists():
        raise ValidationError(
            _("Choose where the deliveries go: at least one of your delivery sites."), code="delivery_sites"
        )
    version.delivery_sites.set(sites)


@transaction.atomic
def contract_decline(*, version, by, reason: str = "") -> ContractVersion:
    version = _lock_offer(version)
    _answering_side(version, by)
    version.state = State.DECLINED
    version.answered_by = by
    version.answered_at = timezone.now()
    if reason.strip():
        version.note = f"{version.note}\n{reason.strip()}".strip()
    version.save(update_fields=["state", "answered_by", "answered_at", "note"])
    notices.answered(version)
    return version


@transaction.atomic
def contract_withdraw(*, version, by) -> ContractVersion:
    """The side that offered takes its offer back before it is answered."""
    version = _lock_offer(version)
    side = side_of(by, cooperatives=list(version.cooperatives.all()), organisation=version.organisation)
    if side != version.offered_by_side:
        raise PermissionDenied
    version.state = State.WITHDRAWN
    version.answered_by = by
    version.answered_at = timezone.now()
    version.save(update_fields=["state", "answered_by", "answered_at"])
    return version
