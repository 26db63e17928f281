"""Officers read the SMS sent to buyers about their orders, and those that failed, on one dashboard page."""

import pytest
from django.urls import reverse
from oscar.test.factories import create_order

from fulfilment.models import BuyerText
from tests import factories

URL = reverse("fulfilment:buyer-texts")


@pytest.fixture
def officer_client(client, site):
    client.force_login(factories.officer())
    return client


def text(order, status=BuyerText.Status.SENT, to="+84901234567", message="Đơn hàng đã được giao.", error=""):
    return BuyerText.objects.create(order=order, to=to, message=message, status=status, error=error)


@pytest.fixture
def texts(site):
    first, second = create_order(number="200001"), create_order(number="200002")
    return [
        text(first, message="Đã nhận đơn 200001."),
        text(
            second, status=BuyerText.Status.FAILED, to="+84912345678", message="Đơn 200002 đã gửi đi.", error="HTTP 503"
        ),
    ]


class TestBuyerTextsPage:
    def test_lists_each_text_with_the_mobile_as_written_and_its_status_in_words(self, officer_client, texts):
        html = officer_client.get(URL).content.decode()
        for shown in ("Đã nhận đơn 200001.", "Đơn 200002 đã gửi đi.", "090 123 4567", "091 234 5678", "HTTP 503"):
            assert shown in html
        assert "+8490" not in html
        assert "đã gửi" in html and "chưa gửi được" in html
        assert "Tin nhắn gửi người mua" in html

    def test_filters_by_status(self, officer_client, texts):
        html = officer_client.get(URL, {"status": "failed"}).content.decode()
        assert "Đơn 200002 đã gửi đi." in html and "Đã nhận đơn 200001." not in html

    def test_filters_by_order_number(self, officer_client, texts):
        html = officer_client.get(URL, {"order": " 200001 "}).content.decode()
        assert "Đã nhận đơn 200001." in html and "Đơn 200002 đã gửi đi." not in html

    def test_an_unknown_status_answers_with_a_message_not_an_error(self, officer_client, texts):
        response = officer_client.get(URL, {"status": "lost"})
        assert response.status_code == 200
        assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()

    def test_is_in_the_officers_dashboard_menu(self, officer_client):
        assert f'href="{URL}"' in officer_client.get(reverse("dashboard:index")).content.decode()

    def test_is_not_in_a_cooperatives_menu(self, client, site):
        client.force_login(factories.cooperative_staff(factories.cooperative()))
        assert f'href="{URL}"' not in client.get(reverse("dashboard:order-list")).content.decode()

    @pytest.mark.parametrize("who", ["buyer", "cooperative staff"])
    def test_refuses_anyone_but_officers(self, client, site, who):
        user = factories.user() if who == "buyer" else factories.cooperative_staff(factories.cooperative())
        client.force_login(user)
        assert client.get(URL).status_code == 403

    def test_sends_an_anonymous_visitor_to_sign_in(self, client, site):
        assert client.get(URL).status_code == 302


class TestBuyerTextsQueryBudget:
    @pytest.mark.parametrize("rows", [10, 500])
    def test_runs_as_many_queries_with_10_texts_as_with_500(
        self, officer_client, site, rows, django_assert_max_num_queries
    ):
        order = create_order(number="300001")
        BuyerText.objects.bulk_create(
            BuyerText(order=order, to="+84901234567", message=f"Tin {n}", status=BuyerText.Status.SENT)
            for n in range(rows)
        )
        with django_assert_max_num_queries(12):
            response = officer_client.get(URL)
        html = response.content.decode()
        assert html.count('<tr data-status="sent">') == min(rows, 50)
        assert ("page=2" in html) == (rows > 50)
