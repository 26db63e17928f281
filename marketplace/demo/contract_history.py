"""The demo's contract portfolio: the four business buyers trade with cooperatives of four districts under
contracts that have run for weeks, so progress, invoices and the indicators have deliveries to show.

Each contract is offered by the buyer and accepted by the cooperative through contracts.services, its
past deliveries planned and placed by the same code as the nightly jobs (contracts.standing_orders and
contracts.placing), shipped and delivered through lifecycle.parts, and invoiced by invoicing.services,
as if the platform had been running since the contract started. Two contracts fell behind last week
(shortfalls recorded with their reason), one ended a month ago.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from oscar.core.loading import get_model

from contracts import placing, services, shortfalls, standing_orders
from contracts.models import ContractVersion, StandingOrder
from cooperatives import services as cooperative_services
from cooperatives.models import Cooperative
from fulfilment.models import OrderPart
from invoicing import services as invoicing_services
from lifecycle.parts import part_move
from organisations.models import Membership, Organisation
from valuechains.selectors import products_of

from . import data

User = get_user_model()
StockRecord = get_model("partner", "StockRecord")


@dataclass
class Deal:
    name: str
    cooperative: int  # index into data.COOPERATIVES
    staff_email: str
    buyer_tax_code: str
    site: str
    lines: list  # (product position, agreed price per kg, kg per week)
    weekdays: list
    weeks_ago: int  # the contract started on the Monday this many weeks ago
    ended_weeks_ago: int | None = None  # ended on the Sunday this many weeks ago
    # What fell short in the last complete week: (product position, share of each delivery short, reason).
    behind: tuple | None = None
    payment_days: int = 15
    quality_terms: str = ""


DEALS = [
    Deal(
        name="Gạo ST25 cho bếp ăn Trường Mầm non Bình Chánh",
        cooperative=9,
        staff_email="coop2@example.com",
        buyer_tax_code="0318765434",
        site="Bếp ăn cơ sở 1",
        lines=[(0, 34000, 60), (1, 38000, 10)],
        weekdays=[1, 4],
        weeks_ago=10,
        quality_terms="Gạo vụ mới, độ ẩm dưới 14%, đóng bao 10 kg có nhãn truy xuất.",
    ),
    Deal(
        name="Rau sạch cho Siêu thị Xanh Hóc Môn",
        cooperative=5,
        staff_email="coop3@example.com",
        buyer_tax_code="0306452116",
        site="Kho nhận hàng Hóc Môn",
        lines=[(1, 17000, 80), (3, 26000, 20)],
        weekdays=[0, 3],
        weeks_ago=8,
        behind=(1, Decimal("0.4"), "Mưa lớn làm dập rau, không đủ hàng đạt chuẩn"),
        quality_terms="Rau đạt VietGAP, thu hoạch trong ngày, không dập úa.",
    ),
    Deal(
        name="Thủy sản tươi cho chuỗi nhà hàng Bếp Sài Gòn",
        cooperative=14,
        staff_email="coop4@example.com",
        buyer_tax_code="0315987238",
        site="Nhà hàng Bến Thành",
        lines=[(1, 250000, 12), (4, 160000, 15)],
        weekdays=[2, 5],
        weeks_ago=6,
        behind=(4, Decimal("1"), "Cá chưa đạt cỡ thu hoạch"),
        payment_days=30,
        quality_terms="Tôm, cá còn sống khi giao; tôm từ 20 con/kg trở xuống.",
    ),
    Deal(
        name="Cải ngọt vụ hè cho Siêu thị Xanh",
        cooperative=0,
        staff_email="coop1@example.com",
        buyer_tax_code="0306452116",
        site="Cửa hàng Thủ Đức",
        lines=[(1, 19000, 40), (4, 21000, 30)],
        weekdays=[0, 3],
        weeks_ago=14,
        ended_weeks_ago=4,
    ),
]


def _staff(cooperative, email):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, password=data.DEMO_PASSWORD)
        cooperative_services.cooperative_add_staff(cooperative=cooperative, user=user)
        cooperative.managers.add(user)
    return user


def _monday(weeks_ago, today):
    return today - datetime.timedelta(days=today.weekday() + 7 * weeks_ago)


def _sign(deal, cooperative, staff, today):
    organisation = Organisation.objects.get(tax_code=deal.buyer_tax_code)
    approver = Membership.objects.filter(organisation=organisation, can_approve=True).order_by("pk").first().user
    products = list(products_of(cooperative))
    start = _monday(deal.weeks_ago, today)
    end = None if deal.ended_weeks_ago is None else _monday(deal.ended_weeks_ago, today) - datetime.timedelta(days=1)
    terms = services.Terms(
        cooperatives=[cooperative],
        lines=[
            services.LineTerms(product=products[position], unit_price=price, volume=Decimal(kg))
            for position, price, kg in deal.lines
        ],
        start=start,
        end=end,
        delivery_weekdays=deal.weekdays,
        payment_days=deal.payment_days,
        quality_terms=deal.quality_terms,
        delivery_sites=list(organisation.delivery_sites.filter(name=deal.site)),
    )
    offer = services.contract_offer(
        by=approver, name=deal.name, lead_cooperative=cooperative, organisation=organisation, terms=terms
    )
    version = services.contract_accept(version=offer, by=staff)
    # Signed a week before the first delivery, as it would have been.
    signed = timezone.make_aware(datetime.datetime.combine(start - datetime.timedelta(days=7), datetime.time(10)))
    ContractVersion.objects.filter(pk=version.pk).update(offered_at=signed, answered_at=signed)
    return version


def _stock_up(version, extra=Decimal(2000)):
    """The cooperative harvests enough for every delivery (placing reserves stock); returns what to restore."""
    records = StockRecord.objects.filter(
        product__in=version.lines.values("product"), partner=version.linkage_model.lead_cooperative.partner
    )
    before = {record.pk: (record.num_in_stock, record.num_allocated or 0) for record in records}
    records.update(num_in_stock=F("num_in_stock") + int(extra))
    return before


def _restore(before):
    """Back to the demo's stock, less what the open contract orders still reserve."""
    for record in StockRecord.objects.filter(pk__in=before):
        stock, allocated = before[record.pk]
        StockRecord.objects.filter(pk=record.pk).update(num_in_stock=stock + (record.num_allocated or 0) - allocated)


def _deliver(row, deal, staff, *, short=None):
    """Ship and deliver ``row``'s order on its day; ``short`` = (product id, share short, reason)."""
    day = row.delivery_date
    for part in row.order.parts.all():
        if short:
            product_id, share, reason = short
            for line in shortfalls.contract_lines_of_part(part).filter(contract_line__product_id=product_id):
                shortfalls.shortfall_record(
                    part=part,
                    line_id=line.pk,
                    shortfall=(line.quantity * share).quantize(Decimal("0.01")),
                    reason=reason,
                    by=staff,
                )
        for status in ("confirmed", "shipped", "delivered"):
            part = part_move(part=part, status=status, user=None)
        OrderPart.objects.filter(pk=part.pk).update(
            delivered_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 30)))
        )
        invoice = invoicing_services.invoice_issue(part=part)
        # Paid a week after delivery, except the last few weeks' invoices, still open (one overdue or so).
        if invoice and (timezone.localdate() - day).days > deal.payment_days + 7:
            invoicing_services.invoice_mark_paid(
                invoice=invoice, by=None, paid_on=day + datetime.timedelta(days=7), amount=invoice.amount
            )


@transaction.atomic
def fill_contract_history(log):
    if StandingOrder.objects.filter(linkage_model__name=DEALS[0].name).exists():
        return
    cooperatives = {c.name: c for c in Cooperative.objects.all()}
    today = timezone.localdate()
    this_monday = _monday(0, today)
    last_week = (this_monday - datetime.timedelta(days=7), this_monday - datetime.timedelta(days=1))
    for deal in DEALS:
        cooperative = cooperatives.get(data.COOPERATIVES[deal.cooperative][0])
        if cooperative is None:
            continue
        staff = _staff(cooperative, deal.staff_email)
        version = _sign(deal, cooperative, staff, today)
        short = None
        if deal.behind:
            position, share, reason = deal.behind
            short = (list(products_of(cooperative))[position].pk, share, reason)
        standing_orders.standing_orders_plan_contract(
            version=version, first=version.start, last=today + datetime.timedelta(days=standing_orders.PLANNING_DAYS)
        )
        before = _stock_up(version)
        due = StandingOrder.objects.filter(linkage_model=version.linkage_model, cutoff_at__lte=timezone.now())
        delivered = 0
        for row_pk in due.order_by("delivery_date").values_list("pk", flat=True):
            placing.standing_order_place(row_pk)
            row = StandingOrder.objects.select_related("order").get(pk=row_pk)
            if row.order_id and row.delivery_date < today:
                fell_short = short and last_week[0] <= row.delivery_date <= last_week[1]
                _deliver(row, deal, staff, short=short if fell_short else None)
                delivered += 1
        _restore(before)
        log(f"  + contract “{deal.name}”: {delivered} deliveries")
    log("Contract history: the buyers' contracts in four districts, two behind, one ended")
