"""Progress against a contract: delivered (placed, part marked delivered, less shortfall) against the agreed
volume per line and period; behind below 90 % in the last complete period; one alert per contract and period."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contracts import progress, services
from contracts.models import ProgressAlert, StandingOrder, StandingOrderLine
from contracts.tasks import progress_alerts_send
from fulfilment.models import OrderPart
from organisations.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db

Status = StandingOrder.Status
WEDNESDAY = datetime.date(2026, 12, 9)  # "today": the week of 7–13/12 is under way, 30/11–6/12 is complete
LAST_MONDAY = datetime.date(2026, 11, 30)
LAST_SUNDAY = datetime.date(2026, 12, 6)


def day(month, number):
    return datetime.date(2026, month, number)


def contract(*, lines, coops, period="week", start=None, end=None, name="Rau cho bếp trường"):
    """An accepted contract between ``coops`` (the first leads) and a verified school; ``lines`` are
    (product, agreed volume per period). Open from 1/11 to 31/12 unless told."""
    start = start or day(11, 1)
    buyer = factories.user()
    org = factories.organisation(applicant=buyer)
    site = factories.delivery_site(org)
    version = services.contract_offer(
        by=factories.cooperative_staff(coops[0]),
        name=name,
        lead_cooperative=coops[0],
        organisation=org,
        terms=services.Terms(
            cooperatives=list(coops),
            lines=[services.LineTerms(product=p, unit_price=30000, volume=Decimal(v)) for p, v in lines],
            start=start,
            end=end or day(12, 31),
            period=period,
            delivery_weekdays=[0, 3],
            delivery_sites=[site],
        ),
    )
    services.contract_accept(version=version, by=buyer)
    version.refresh_from_db()
    return version


def delivery(version, on, quantities, *, delivered=(), status=Status.PLACED, shortfalls=None):
    """A standing order of ``on`` bringing ``quantities`` (product → quantity); its order has a part per
    cooperative, and the parts of the ``delivered`` cooperatives are marked delivered."""
    shortfalls = shortfalls or {}
    order = None
    if status == Status.PLACED:
        order = factories.order_with_parts(*[(product, 1) for product in quantities])
        OrderPart.objects.filter(order=order, cooperative__in=delivered).update(delivered_at=timezone.now())
    row = StandingOrder.objects.create(
        linkage_model=version.linkage_model,
        version=version,
        delivery_date=on,
        delivery_site=version.delivery_sites.get(),
        cutoff_at=timezone.now(),
        status=status,
        order=order,
    )
    lines = {line.product_id: line for line in version.lines.all()}
    for product, quantity in quantities.items():
        StandingOrderLine.objects.create(
            standing_order=row,
            contract_line=lines[product.pk],
            quantity=Decimal(quantity),
            shortfall=Decimal(shortfalls.get(product, 0)),
            order_line=order.lines.get(product=product) if order else None,
        )
    return row


def figures(version, today=WEDNESDAY):
    """{period start: [(product title, delivered, agreed, percent)]} from the contract's table."""
    table = progress.progress_of(version, today=today)
    return {
        period.start: [
            (line.line.product.get_title(), line.delivered, line.agreed, line.percent) for line in period.lines
        ]
        for period in table.periods
    }


@pytest.fixture
def two_coops(site):
    coop_a, coop_b = factories.cooperative(), factories.cooperative()
    cabbage = factories.product(coop_a, title="Cải ngọt", stock=1000)
    melon = factories.product(coop_b, title="Dưa lưới", stock=1000)
    version = contract(lines=[(cabbage, 100), (melon, 50)], coops=[coop_a, coop_b])
    return {"a": coop_a, "b": coop_b, "cabbage": cabbage, "melon": melon, "version": version}


# --- Figures ---------------------------------------------------------------------------------------------


def test_delivered_counts_delivered_parts_less_shortfall_per_cooperative_and_the_delivery_day_s_week(two_coops):
    v, a, b, cabbage, melon = (two_coops[k] for k in ("version", "a", "b", "cabbage", "melon"))
    # Monday: both cooperatives in one order; only A's part is delivered, and A fell 5 kg short.
    delivery(v, LAST_MONDAY, {cabbage: 60, melon: 30}, delivered=[a], shortfalls={cabbage: 5})
    # Thursday: both parts delivered.
    delivery(v, day(12, 3), {cabbage: 40, melon: 20}, delivered=[a, b])
    # Nothing delivered: a skipped day and a planned one count nothing.
    delivery(v, day(12, 4), {cabbage: 100, melon: 50}, status=Status.SKIPPED)
    delivery(v, day(12, 5), {cabbage: 100, melon: 50}, status=Status.PLANNED)
    # Sunday, the week's last day, counts in that week; the Monday after in the next.
    delivery(v, LAST_SUNDAY, {melon: 5}, delivered=[b])
    delivery(v, day(12, 7), {cabbage: 7}, delivered=[a])

    table = figures(v)

    assert list(table) == [day(12, 7), LAST_MONDAY, day(11, 23), day(11, 16), day(11, 9), day(11, 2), day(10, 26)]
    assert table[day(12, 7)] == [("Cải ngọt", Decimal(7), Decimal(100), 7), ("Dưa lưới", Decimal(0), Decimal(50), 0)]
    assert table[LAST_MONDAY] == [
        ("Cải ngọt", Decimal(95), Decimal(100), 95),
        ("Dưa lưới", Decimal(25), Decimal(50), 50),
    ]
    assert table[day(11, 23)] == [("Cải ngọt", Decimal(0), Decimal(100), 0), ("Dưa lưới", Decimal(0), Decimal(50), 0)]
    result = progress.progress_of(v, today=WEDNESDAY)
    assert result.behind and result.judged.start == LAST_MONDAY
    assert not result.periods[0].complete and not result.periods[0].behind  # the current week is not judged


def test_a_month_contract_counts_the_last_day_of_the_month_in_that_month(site):
    coop = factories.cooperative()
    rice = factories.product(coop, title="Gạo ST25", stock=1000)
    v = contract(lines=[(rice, 200)], coops=[coop], period="month", start=day(9, 15), end=None)
    delivery(v, day(11, 30), {rice: 150}, delivered=[coop])
    delivery(v, day(11, 2), {rice: 30}, delivered=[coop], shortfalls={rice: Decimal("0.5")})
    delivery(v, day(12, 1), {rice: 40}, delivered=[coop])

    table = figures(v)

    # Six months back from December, from the contract's first month on.
    assert list(table) == [day(12, 1), day(11, 1), day(10, 1), day(9, 1)]
    assert table[day(11, 1)] == [("Gạo ST25", Decimal("179.5"), Decimal(200), 89)]
    assert table[day(12, 1)] == [("Gạo ST25", Decimal(40), Decimal(200), 20)]
    assert progress.behind_ids([v], today=WEDNESDAY) == {v.linkage_model_id}


@pytest.mark.parametrize(("delivered", "behind"), [("90", False), ("89.99", True), ("120", False)])
def test_behind_means_under_90_percent_of_any_line_in_the_last_complete_period(site, delivered, behind):
    coop = factories.cooperative()
    cabbage, melon = factories.product(coop, stock=1000), factories.product(coop, stock=1000)
    v = contract(lines=[(cabbage, 100), (melon, 10)], coops=[coop])
    delivery(v, day(12, 3), {cabbage: Decimal(delivered), melon: 10}, delivered=[coop])

    assert progress.progress_of(v, today=WEDNESDAY).behind is behind
    assert progress.behind_ids([v], today=WEDNESDAY) == ({v.linkage_model_id} if behind else set())


def test_contracts_not_yet_started_ended_or_recorded_before_accounts_are_never_behind(site):
    coop = factories.cooperative()
    cabbage = factories.product(coop, stock=1000)
    starting = contract(lines=[(cabbage, 100)], coops=[coop], start=day(12, 7))
    ended = contract(lines=[(cabbage, 100)], coops=[coop], end=day(11, 29))
    running = contract(lines=[(cabbage, 100)], coops=[coop])
    versions = [starting, ended, running]

    assert progress.behind_ids(versions, today=WEDNESDAY) == {running.linkage_model_id}
    running.organisation = None  # a legacy version: no deliveries in the shop to judge
    assert progress.behind_ids([running], today=WEDNESDAY) == set()
    assert progress.progress_of(running, today=WEDNESDAY) is None


# --- Pages -----------------------------------------------------------------------------------------------


@pytest.fixture
def behind_today(monkeypatch):
    monkeypatch.setattr(progress.timezone, "localdate", lambda *args: WEDNESDAY)


def test_both_sides_and_officers_read_the_table_and_the_rule(client, two_coops, behind_today):
    v, a = two_coops["version"], two_coops["a"]
    delivery(v, day(12, 3), {two_coops["cabbage"]: 40}, delivered=[a])
    member = Membership.objects.get(organisation=v.organisation).user
    pages = [
        (member, reverse("contracts:organisation-contract", args=[v.organisation_id, v.linkage_model_id])),
        (factories.cooperative_staff(a), reverse("workspace:contract", args=[v.linkage_model_id])),
        (factories.cooperative_staff(two_coops["b"]), reverse("workspace:contract", args=[v.linkage_model_id])),
        (factories.officer(), reverse("contracts:officer-contract", args=[v.linkage_model_id])),
    ]
    for user, url in pages:
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Tiến độ giao hàng" in page, url
        assert "Tuần 30/11 – 06/12/2026" in page and 'data-progress-line="Cải ngọt"' in page
        assert "40 / 100 kg" in page and "40%" in page
        assert "dưới 90%" in page and 'data-behind="1"' in page


def test_a_cooperative_or_organisation_not_party_sees_nothing_of_the_progress(client, two_coops, behind_today):
    v = two_coops["version"]
    client.force_login(factories.cooperative_staff(factories.cooperative()))
    assert client.get(reverse("workspace:contract", args=[v.linkage_model_id])).status_code == 404
    assert "Rau cho bếp trường" not in client.get(reverse("workspace:contracts") + "?behind=1").content.decode()

    outsider = factories.user()
    other_org = factories.organisation(applicant=outsider)
    client.force_login(outsider)
    url = reverse("contracts:organisation-contract", args=[other_org.pk, v.linkage_model_id])
    assert client.get(url).status_code == 404
    theirs = reverse("contracts:organisation-contract", args=[v.organisation_id, v.linkage_model_id])
    assert client.get(theirs).status_code == 404


def test_the_lists_badge_and_filter_the_contracts_behind(client, site, behind_today):
    coop = factories.cooperative()
    cabbage = factories.product(coop, stock=1000)
    behind = contract(lines=[(cabbage, 100)], coops=[coop], name="Hợp đồng chậm")
    on_track = contract(lines=[(cabbage, 100)], coops=[coop], name="Hợp đồng đúng hạn")
    delivery(on_track, day(12, 3), {cabbage: 100}, delivered=[coop])

    client.force_login(factories.officer())
    everything = client.get(reverse("contracts:officer-contracts")).content.decode()
    assert "Hợp đồng chậm" in everything and "Hợp đồng đúng hạn" in everything
    assert everything.count("data-behind-badge") == 1
    only_behind = client.get(reverse("contracts:officer-contracts") + "?behind=1").content.decode()
    assert "Hợp đồng chậm" in only_behind and "Hợp đồng đúng hạn" not in only_behind

    client.force_login(factories.cooperative_staff(coop))
    staff_list = client.get(reverse("workspace:contracts") + "?behind=1").content.decode()
    assert "Hợp đồng chậm" in staff_list and "Hợp đồng đúng hạn" not in staff_list and "Chậm tiến độ" in staff_list

    client.force_login(Membership.objects.get(organisation=behind.organisation).user)
    org_list = client.get(reverse("contracts:organisation-contracts", args=[behind.organisation_id])).content.decode()
    assert "Hợp đồng chậm" in org_list and "Chậm tiến độ" in org_list


def test_the_officers_list_with_badges_runs_as_many_queries_for_3_and_30_contracts(client, site, behind_today):
    coop = factories.cooperative()
    cabbage = factories.product(coop, stock=1000)
    client.force_login(factories.officer())
    client.get(reverse("contracts:officer-contracts"))  # a first visit's session
    counts = []
    for rows in (3, 30):
        for n in range(len(counts) and 3, rows):
            v = contract(lines=[(cabbage, 100)], coops=[coop], name=f"Hợp đồng {n}")
            if n % 2:
                delivery(v, day(12, 3), {cabbage: 95}, delivered=[coop])
        with CaptureQueriesContext(connection) as plain:
            page = client.get(reverse("contracts:officer-contracts")).content.decode()
        with CaptureQueriesContext(connection) as filtered:
            client.get(reverse("contracts:officer-contracts") + "?behind=1")
        assert page.count("data-behind-badge") == (rows + 1) // 2
        counts.append((len(plain), len(filtered)))

    assert counts[0] == counts[1]


# --- The alert -------------------------------------------------------------------------------------------


def test_the_alert_goes_once_per_contract_and_period_to_both_sides_in_vietnamese(two_coops):
    v, a, b = two_coops["version"], two_coops["a"], two_coops["b"]
    delivery(v, day(12, 3), {two_coops["cabbage"]: 40, two_coops["melon"]: 50}, delivered=[a, b])
    fine = contract(lines=[(two_coops["cabbage"], 10)], coops=[a], name="Hợp đồng đúng hạn")
    delivery(fine, day(12, 3), {two_coops["cabbage"]: 10}, delivered=[a])
    coop_staff = {user.email for coop in (a, b) for user in coop.partner.users.all()}
    members = set(Membership.objects.filter(organisation=v.organisation).values_list("user__email", flat=True))

    assert progress_alerts_send(today=WEDNESDAY.isoformat()) == 1
    assert progress_alerts_send(today=WEDNESDAY.isoformat()) == 0  # the retry, or beat's next day

    alert = ProgressAlert.objects.get()
    assert (alert.linkage_model_id, alert.period_start) == (v.linkage_model_id, LAST_MONDAY)
    assert (alert.period_end, alert.recipients) == (LAST_SUNDAY, len(mail.outbox))
    assert {address for message in mail.outbox for address in message.to} == coop_staff | members
    assert len(mail.outbox) == len(coop_staff | members)
    message = mail.outbox[0]
    assert message.subject == "Hợp đồng “Rau cho bếp trường” chậm tiến độ: Tuần 30/11 – 06/12/2026"
    assert "Tuần 30/11 – 06/12/2026" in message.body
    assert "Cải ngọt: đã giao 40 / 100 kg (40%)" in message.body
    assert "Dưa lưới: đã giao 50 / 50 kg (100%)" in message.body

    # A week on, nothing delivered to either: a new period, a new alert for each.
    assert progress_alerts_send(today=(WEDNESDAY + datetime.timedelta(days=7)).isoformat()) == 2
    assert ProgressAlert.objects.filter(period_start=day(12, 7)).count() == 2
