"""The printable quarterly report: which quarter, which snapshots, what it says, who may read it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from adoption.models import Indicator, IndicatorSnapshot
from adoption.report import Quarter, QuarterError, Status, indicators_over, quarter_parse, sales_by_district, summary
from fulfilment.models import OrderPart
from tests import factories

TODAY = datetime.date(2026, 11, 29)
Q3 = Quarter(2026, 3)
COMMUNES = "communes_with_online_cooperative"
DISTRICTS = "districts_with_linkage_model"


# --- Quarters (no database) ---


class TestQuarterParsing:
    def test_reads_year_and_quarter(self):
        quarter = quarter_parse("2026-Q3", TODAY)
        assert quarter == Q3
        assert (quarter.start, quarter.end, quarter.slug) == (
            datetime.date(2026, 7, 1),
            datetime.date(2026, 9, 30),
            "2026-Q3",
        )
        assert quarter_parse(" 2025-q4 ", TODAY).end == datetime.date(2025, 12, 31)

    def test_nothing_chosen_means_the_last_finished_quarter(self):
        assert quarter_parse("", TODAY) == Q3
        assert quarter_parse(None, datetime.date(2027, 2, 1)) == Quarter(2026, 4)

    def test_the_current_quarter_may_be_chosen_not_a_future_one(self, english):
        assert quarter_parse("2026-Q4", TODAY) == Quarter(2026, 4)
        with pytest.raises(QuarterError, match="Q1 2027 has not begun yet"):
            quarter_parse("2027-Q1", TODAY)

    @pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "Q3-2026", "2026Q3", "quý 3", "2026-Q3; drop", "26-Q3"])
    def test_anything_else_is_refused_with_an_example(self, english, text):
        with pytest.raises(QuarterError, match="is not a quarter. Write the year and the quarter, for example 2026-Q3"):
            quarter_parse(text, TODAY)

    def test_years_before_the_platform_are_refused(self, english):
        with pytest.raises(QuarterError, match="no figures before 2000"):
            quarter_parse("1999-Q4", TODAY)


# --- The summary's wording (no database) ---


def indicator(code=COMMUNES, target="1", deadline=datetime.date(2025, 12, 31), **names):
    names = names or {
        "name_vi": "Xã có hợp tác xã bán hàng trên nền tảng số",
        "name_en": "Communes with a cooperative selling online",
    }
    return Indicator(code=code, target=Decimal(target), deadline=deadline, **names)


def snapshot(of, day, numerator, denominator):
    return IndicatorSnapshot(indicator=of, day=day, numerator=numerator, denominator=denominator, target=of.target)


def over_q3(of, start=None, end=None, as_of=Q3.end):
    from adoption.report import IndicatorQuarter

    start = start and snapshot(of, datetime.date(2026, 6, 30), *start)
    end = end and snapshot(of, datetime.date(2026, 9, 30), *end)
    return IndicatorQuarter(indicator=of, start=start, end=end, as_of=as_of)


DISTRICTS_NAMES = {
    "name_vi": "Huyện có mô hình liên kết sản xuất gắn với tiêu thụ nông sản chủ lực",
    "name_en": "Districts with a production–consumption linkage model for a key product",
}


class TestSummary:
    def test_not_reached_with_the_deadline_passed(self):
        item = over_q3(indicator(), start=(39, 56), end=(42, 56))
        assert (item.start_percent, item.end_percent, item.change, item.status) == (69.6, 75.0, 5.4, Status.MISSED)
        assert summary([item], Q3, finished=True) == (
            "Đến hết quý 3/2026, chỉ tiêu “Xã có hợp tác xã bán hàng trên nền tảng số” đạt 42/56 (75,0%), "
            "tăng 5,4 điểm phần trăm so với đầu quý; mục tiêu 100% vào 31/12/2025 chưa đạt và đã quá hạn."
        )
        assert summary([item], Q3, finished=True, language="en") == (
            "By the end of Q3 2026, the indicator “Communes with a cooperative selling online” stood at 42/56 "
            "(75.0%), up 5.4 percentage points from the start of the quarter; the target of 100% by 31/12/2025 "
            "was not reached and the deadline has passed."
        )

    def test_reached_and_unchanged_follows_as_a_second_sentence(self):
        communes = over_q3(indicator(), start=(42, 56), end=(41, 56))
        districts = over_q3(
            indicator(DISTRICTS, target="0.8", deadline=datetime.date(2026, 12, 31), **DISTRICTS_NAMES),
            start=(4, 5),
            end=(4, 5),
        )
        assert districts.status == Status.REACHED
        assert summary([communes, districts], Q3, finished=True) == (
            "Đến hết quý 3/2026, chỉ tiêu “Xã có hợp tác xã bán hàng trên nền tảng số” đạt 41/56 (73,2%), "
            "giảm 1,8 điểm phần trăm so với đầu quý; mục tiêu 100% vào 31/12/2025 chưa đạt và đã quá hạn. "
            "Chỉ tiêu “Huyện có mô hình liên kết sản xuất gắn với tiêu thụ nông sản chủ lực” đạt 4/5 (80,0%), "
            "không đổi so với đầu quý; đã đạt mục tiêu 80% vào 31/12/2026."
        )

    def test_not_reached_before_the_deadline_is_on_track_or_behind_by_the_quarters_pace(self):
        ahead = indicator(target="0.7", deadline=datetime.date(2026, 12, 31))
        # 50% → 65% in 92 days; 92 days more at that pace would make 80%.
        on_track = over_q3(ahead, start=(10, 20), end=(13, 20))
        # 55% → 60%: at that pace, 65% by the deadline.
        behind = over_q3(ahead, start=(11, 20), end=(12, 20))
        assert (on_track.status, behind.status) == (Status.ON_TRACK, Status.BEHIND)
        assert summary([on_track], Q3, finished=True).endswith(
            "đạt 13/20 (65,0%), tăng 15,0 điểm phần trăm so với đầu quý; "
            "mục tiêu 70% vào 31/12/2026 chưa đạt nhưng đúng tiến độ nếu giữ mức tăng của quý."
        )
        assert summary([behind], Q3, finished=True).endswith(
            "mục tiêu 70% vào 31/12/2026 chưa đạt và chậm so với tiến độ."
        )

    def test_no_data_and_no_start_are_said_plainly(self):
        ahead = indicator(target="0.725", deadline=datetime.date(2026, 12, 31))
        nothing = over_q3(ahead)
        first_figures = over_q3(ahead, end=(1, 4))
        assert (nothing.status, first_figures.status) == (Status.NO_DATA, Status.NOT_REACHED)
        assert summary([nothing, first_figures], Q3, finished=True) == (
            "Đến hết quý 3/2026, chỉ tiêu “Xã có hợp tác xã bán hàng trên nền tảng số” chưa có số liệu. "
            "Chỉ tiêu “Xã có hợp tác xã bán hàng trên nền tảng số” đạt 1/4 (25,0%), chưa có số liệu đầu quý "
            "để so sánh; mục tiêu 72,5% vào 31/12/2026 chưa đạt."
        )

    def test_a_quarter_in_progress_is_dated_and_an_empty_plan_is_said(self):
        item = over_q3(indicator(), start=(39, 56), end=(42, 56), as_of=datetime.date(2026, 8, 15))
        assert summary([item], Q3, finished=False).startswith("Tính đến ngày 15/08/2026, chỉ tiêu")
        assert summary([], Q3, finished=True) == "Đến hết quý 3/2026, chưa có chỉ tiêu nào được theo dõi."


# --- From the database ---


@pytest.fixture
def geography(db):
    factories.real_geography()


@pytest.fixture
def officer_client(client, geography):
    client.force_login(factories.officer())
    return client


def store(code, day, numerator, denominator):
    of = Indicator.objects.get(code=code)
    return IndicatorSnapshot.objects.create(
        indicator=of, day=day, numerator=numerator, denominator=denominator, target=of.target
    )


@pytest.fixture
def known_snapshots(geography):
    """Communes: 39/56 at the start of Q3 2026, 42/56 at its end. Districts: figures only within the quarter."""
    for day, n in [((2026, 6, 15), 38), ((2026, 6, 30), 39), ((2026, 7, 1), 40), ((2026, 9, 30), 42)]:
        store(COMMUNES, datetime.date(*day), n, 56)
    store(COMMUNES, datetime.date(2026, 10, 1), 50, 56)  # after the quarter: not its end
    store(DISTRICTS, datetime.date(2026, 8, 10), 3, 5)
    store(DISTRICTS, datetime.date(2026, 9, 12), 4, 5)


def by_code(items):
    return {item.indicator.code: item for item in items}


@pytest.mark.django_db
class TestFiguresFromSnapshots:
    def test_end_is_the_last_on_or_before_the_quarters_end_and_start_the_last_before_it(self, known_snapshots):
        items = by_code(indicators_over(Q3, Q3.end))
        communes = items[COMMUNES]
        assert (communes.start.day, communes.start.numerator) == (datetime.date(2026, 6, 30), 39)
        assert (communes.end.day, communes.end.numerator) == (datetime.date(2026, 9, 30), 42)
        assert [p.day for p in communes.points] == [datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)]
        districts = items[DISTRICTS]
        assert districts.start is None and (districts.end.day, districts.end.numerator) == (
            datetime.date(2026, 9, 12),
            4,
        )
        technology = items["linkages_with_digital_technology"]
        assert technology.start is technology.end is None and technology.status == Status.NO_DATA

    def test_a_later_quarter_starts_where_the_last_one_ended(self, known_snapshots):
        communes = by_code(indicators_over(Quarter(2026, 4), TODAY))[COMMUNES]
        assert (communes.start.numerator, communes.end.numerator) == (42, 50)


def place_order(coop_code, day, quantity=1, price=Decimal("40000"), cancel=False):
    from oscar.core.loading import get_model

    coop = factories.cooperative(commune=factories.unit(coop_code))
    product = factories.product(coop=coop, price=price, stock=100)
    order = factories.order_with_parts((product, quantity))
    placed = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    get_model("order", "Order").objects.filter(pk=order.pk).update(date_placed=placed)
    if cancel:
        OrderPart.objects.filter(order=order).update(status=OrderPart.Status.CANCELLED)
    return order


@pytest.fixture
def quarter_orders(geography):
    place_order("27502", datetime.date(2026, 7, 1), quantity=2)  # Củ Chi, first day: 80.000 ₫
    place_order("27499", datetime.date(2026, 9, 30), quantity=1)  # Củ Chi, last day: 40.000 ₫
    place_order("27679", datetime.date(2026, 8, 20), quantity=5)  # Cần Giờ: 200.000 ₫
    place_order("27502", datetime.date(2026, 8, 1), quantity=9, cancel=True)  # cancelled: not counted
    place_order("27502", datetime.date(2026, 10, 1), quantity=9)  # next quarter
    place_order("27502", datetime.date(2026, 6, 30), quantity=9)  # last quarter


@pytest.mark.django_db
class TestQuarterSales:
    def test_counts_parts_and_sales_placed_within_the_quarter(self, quarter_orders):
        from regions.models import Layout

        table = sales_by_district(Q3.start, Q3.end)
        cu_chi = factories.unit("783", layout=Layout.BEFORE_2025).pk
        can_gio = factories.unit("27679").parent_id
        assert (table[cu_chi].orders, table[cu_chi].sales) == (2, 120000)
        assert (table[can_gio].orders, table[can_gio].sales) == (1, 200000)


def page(client, query="?quarter=2026-Q3", prefix="/en"):
    response = client.get(f"{prefix}/adoption/report/{query}")
    return response, response.content.decode()


def text_of(html, element_id):
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:p|table|div)>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match[1])).strip()


@pytest.mark.django_db
class TestReportPage:
    def test_shows_each_indicators_start_end_change_target_and_status(self, officer_client, known_snapshots):
        response, html = page(officer_client)
        assert response.status_code == 200
        assert "report for Q3 2026" in html and "Kế hoạch 2784/KH-UBND (23/6/2023)" in html
        assert "Period: 01/07/2026 to 30/09/2026" in html and "Figures as of 30/09/2026" in html
        row = re.search(rf'data-indicator="{COMMUNES}">(.*?)</tr>', html, re.S)[1]
        assert "69.6%" in row and "39/56 · 30/06/2026" in row
        assert "75.0%" in row and "42/56 · 30/09/2026" in row
        assert "+5.4" in row and "100%" in row and "31/12/2025" in row
        assert 'data-status="missed"' in row and "Not reached, deadline passed" in row
        tech = re.search(r'data-indicator="linkages_with_digital_technology">(.*?)</tr>', html, re.S)[1]
        assert tech.count("No snapshot") == 2 and "No data" in tech

    def test_shows_the_summary_in_vietnamese_and_in_english_under_en(self, officer_client, known_snapshots):
        _response, html = page(officer_client)
        assert text_of(html, "summary-vi").startswith(
            "Đến hết quý 3/2026, chỉ tiêu “Xã có hợp tác xã bán hàng trên nền tảng số” đạt 42/56 (75,0%), "
            "tăng 5,4 điểm phần trăm so với đầu quý"
        )
        assert text_of(html, "summary-en").startswith("By the end of Q3 2026, the indicator")
        _response, vietnamese = page(officer_client, prefix="")
        assert 'id="summary-vi"' in vietnamese and 'id="summary-en"' not in vietnamese

    def test_shows_the_charts_funnel_and_the_quarters_sales(self, officer_client, known_snapshots, quarter_orders):
        _response, html = page(officer_client)
        assert html.count('<figure class="trend-chart">') == Indicator.objects.count()
        assert "<polyline" in html
        funnel = text_of(html, "report-funnel")
        assert "Applied 6" in funnel and "Verified 6" in funnel
        sales = text_of(html, "report-sales")
        assert "Củ Chi 2 120.000 ₫" in sales and "Cần Giờ 1 200.000 ₫" in sales
        assert "Total 3 320.000 ₫" in sales

    def test_without_a_choice_shows_the_last_finished_quarter_and_offers_those_with_snapshots(
        self, officer_client, known_snapshots
    ):
        response, html = page(officer_client, query="")
        last_finished = quarter_parse("", timezone.localdate())
        assert response.status_code == 200 and f"report for {last_finished}" in html
        offered = re.findall(r'<option value="([^"]+)"', html)
        current = Quarter.containing(timezone.localdate()).slug
        assert offered[0] == current and {"2026-Q2", "2026-Q3", "2026-Q4"} <= set(offered)

    @pytest.mark.parametrize(
        "value, message",
        [
            ("banana", "“banana” is not a quarter. Write the year and the quarter, for example 2026-Q3."),
            ("2026-Q7", "is not a quarter"),
        ],
    )
    def test_a_bad_quarter_is_explained_not_a_crash(self, officer_client, geography, value, message):
        response, html = page(officer_client, query=f"?quarter={value}")
        assert response.status_code == 400 and message in html
        assert '<select name="quarter"' in html and "adoption-report" not in html

    def test_a_future_quarter_is_explained(self, officer_client, geography):
        future = Quarter.containing(timezone.localdate()).next()
        response, html = page(officer_client, query=f"?quarter={future.slug}")
        assert response.status_code == 400 and f"{future} has not begun yet" in html

    def test_is_printable_without_inline_script_or_styles(self, officer_client, known_snapshots):
        _response, html = page(officer_client)
        assert "adoption/report.css" in html
        report = html[html.index('<article class="adoption-report">') : html.index("</article>")]
        assert "<script" not in report and " style=" not in report
        assert not re.search(r"\son[a-z]+=", report)
        assert report.count('<section class="report-section">') == 3


@pytest.mark.django_db
class TestReportAccess:
    def test_anonymous_is_sent_to_log_in(self, client, geography):
        response = client.get("/en/adoption/report/")
        assert response.status_code == 302 and "login" in response["Location"]

    def test_others_are_refused(self, client, geography):
        client.force_login(factories.user())
        assert client.get("/en/adoption/report/").status_code == 403
        client.force_login(factories.cooperative_staff(factories.cooperative()))
        assert client.get("/en/adoption/report/?quarter=2026-Q3").status_code == 403


@pytest.mark.django_db
class TestReportQueryCount:
    BUDGET = 15

    @pytest.mark.parametrize("days", [3, 90])
    def test_the_report_runs_a_fixed_number_of_queries(self, officer_client, django_assert_max_num_queries, days):
        for n in range(days):
            for code in (COMMUNES, DISTRICTS, "linkages_with_digital_technology"):
                store(code, Q3.start - datetime.timedelta(days=1) + datetime.timedelta(days=n), n % 56, 56)
        for n in range(days // 10 + 1):
            place_order(["27502", "27679", "27616"][n % 3], Q3.start + datetime.timedelta(days=n))
        with django_assert_max_num_queries(self.BUDGET):
            response, _html = page(officer_client)
        assert response.status_code == 200
