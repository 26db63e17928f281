"""The workspace's menu, the pages staff share with officers shown inside the workspace, and Oscar's
dashboard left to officers (issue 14)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from payments.models import CommissionRate, LedgerEntry
from tests import factories
from tests.integration.payments.test_ledger import paid_order

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")

MENU = "/workspace/more/"
# The pages the menu leads to that existed before the workspace, with the same URLs as before.
SHARED_PAGES = [
    "/payments/statement/",
    "/dashboard/sales/",
    "/cooperatives/staff/",
    "/fulfilment/delivery-options/",
    "/value-chains/",
    "/value-chains/areas/new/",
    "/value-chains/linkages/new/",
    "/value-chains/batches/new/",
    "/account/two-factor/",
]


def links(html):
    """The links of the page's main part (not the header's nor the bottom bar's)."""
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return re.findall(r'<a [^>]*href="([^"]+)"', main)


def in_workspace(html):
    return 'class="ws-nav"' in html and "navbar-primary" not in html


class TestMenu:
    def test_groups_every_page_staff_use_in_plain_vietnamese(self, staff_client):
        html = staff_client.get(MENU).content.decode()

        sections = re.findall(r'<h2 id="menu-section-\d+">([^<]+)</h2>', html)
        assert sections == ["Bán hàng", "Chuỗi giá trị", "Tiền", "Hợp tác xã", "Tài khoản"]
        for label in ("Đơn hàng", "Sản phẩm", "Nhập hàng loạt", "Gian hàng", "Mô hình liên kết",
                      "Vùng nguyên liệu", "Lô hàng", "Hoá đơn", "Sao kê", "Nhân viên", "Cách giao nhận", "Tập huấn",
                      "Đăng nhập hai bước", "Về trang chợ", "Đăng xuất"):  # fmt: skip
            assert label in html, label

    def test_links_each_page(self, staff_client):
        html = staff_client.get(MENU).content.decode()

        assert links(html) == [
            reverse("workspace:orders"),
            reverse("workspace:products"),
            reverse("workspace:import"),
            reverse("workspace:storefront"),
            reverse("workspace:contracts"),
            "/value-chains/#linkage-models",
            "/value-chains/#areas",
            "/value-chains/#batches",
            reverse("workspace:invoices"),
            "/payments/statement/",
            "/dashboard/sales/",
            "/cooperatives/staff/",
            "/fulfilment/delivery-options/",
            reverse("workspace:training"),
            "/account/two-factor/",
            "/",
        ]

    def test_every_link_opens_for_staff(self, staff_client):
        html = staff_client.get(MENU).content.decode()

        for url in set(links(html)):
            assert staff_client.get(url.split("#")[0]).status_code == 200, url

    def test_signing_out_is_a_form_that_posts(self, staff_client):
        html = staff_client.get(MENU).content.decode()

        assert f'<form method="post" action="{reverse("customer:logout")}">' in html
        staff_client.post(reverse("customer:logout"))
        assert staff_client.get(MENU).status_code == 302

    def test_is_in_english_under_en(self, staff_client):
        html = staff_client.get("/en/workspace/more/").content.decode()

        assert "Selling" in html and "Money" in html and "Statement" in html
        assert 'href="/en/payments/statement/"' in html

    @pytest.mark.parametrize("rows", [10, 500])
    def test_query_count_does_not_grow(self, staff_client, cooperative, rows, django_assert_max_num_queries):
        product = factories.product(cooperative)
        Product.objects.bulk_create(
            [Product(title=f"Rau {n}", product_class=product.product_class, is_public=True) for n in range(rows)]
        )
        staff_client.get(MENU)

        # Session, user, permissions (2), the cooperative; nothing the menu shows is counted.
        with django_assert_max_num_queries(10):
            response = staff_client.get(MENU)

        assert response.status_code == 200


class TestSharedPagesSitInTheWorkspace:
    @pytest.mark.parametrize("url", SHARED_PAGES)
    def test_staff_see_them_in_the_workspace_layout(self, staff_client, url):
        response = staff_client.get(url)

        html = response.content.decode()
        assert response.status_code == 200
        assert in_workspace(html)
        assert '<a class="ws-brand" href="/workspace/">HTX Rau sạch Tân Phú Trung</a>' in html
        assert 'aria-current="page">Thêm</a>' in html  # the bottom bar marks the menu they came from

    def test_the_statement_shows_the_cooperatives_figures(self, client, site):
        CommissionRate.objects.create(percent=Decimal("5"), valid_from=date(2026, 1, 1))
        _order, payment, coop_a, _coop_b = paid_order()
        factories.pay(payment.order)
        client.force_login(factories.cooperative_staff(coop_a))

        html = client.get("/payments/statement/").content.decode()

        assert in_workspace(html)
        assert "<h1>Sao kê của HTX A</h1>" in html
        assert "110.000" in html and "-5.500" in html and "104.500" in html
        assert 'data-label="Số tiền"' in html  # each cell names its column on the phone

    @pytest.mark.parametrize("rows", [10, 500])
    def test_the_statement_query_count_does_not_grow(
        self, staff_client, cooperative, rows, django_assert_max_num_queries
    ):
        LedgerEntry.objects.bulk_create(
            LedgerEntry(cooperative=cooperative, kind=LedgerEntry.Kind.COLLECTED, amount=1000) for _ in range(rows)
        )
        staff_client.get("/payments/statement/")

        # Session, user, permissions (2), the cooperative (2: the page's and the layout's), the
        # entries with their orders, the cash collected.
        with django_assert_max_num_queries(10):
            response = staff_client.get("/payments/statement/")

        assert response.content.decode().count('data-label="Số tiền" class="text-right">1.000') == rows

    @pytest.mark.parametrize(
        "url",
        ["/payments/statement/", "/payments/statement/?cooperative={coop}", "/value-chains/", "/dashboard/sales/"],
    )
    def test_officers_keep_the_dashboard(self, client, site, cooperative, url):
        client.force_login(factories.officer())

        html = client.get(url.format(coop=cooperative.pk)).content.decode()

        assert "navbar-primary" in html and 'class="ws-nav"' not in html

    def test_officers_two_step_page_keeps_the_shop_layout(self, client, site):
        client.force_login(factories.officer())

        html = client.get("/account/two-factor/").content.decode()

        assert "Đăng nhập hai bước" in html and 'class="ws-nav"' not in html


class TestAnotherCooperative:
    def test_a_cannot_read_bs_statement(self, client, site):
        _order, payment, coop_a, coop_b = paid_order()
        factories.pay(payment.order)
        client.force_login(factories.cooperative_staff(coop_a))

        response = client.get("/payments/statement/", {"cooperative": coop_b.pk})

        assert response.status_code == 404
        assert "HTX B" not in response.content.decode()

    def test_a_sees_only_its_own_staff_and_delivery_options(self, staff_client, site):
        theirs = factories.cooperative(name="HTX Bò sữa An Nhơn Tây")
        factories.cooperative_staff(theirs, email="nguoikhac@example.com")

        staff_page = staff_client.get("/cooperatives/staff/").content.decode()
        assert "nhanvien@example.com" in staff_page and "nguoikhac@example.com" not in staff_page
        assert staff_client.get(f"/fulfilment/delivery-options/{theirs.pk}/").status_code == 404


class TestOscarsDashboard:
    def test_staff_who_open_it_are_sent_to_the_workspace(self, staff_client):
        response = staff_client.get("/dashboard/")

        assert response.status_code == 302
        assert response["Location"] == reverse("workspace:today")

    def test_officers_still_reach_it(self, client, site):
        client.force_login(factories.officer())

        assert client.get("/dashboard/").status_code == 200

    def test_its_home_no_longer_reloads_itself(self, client, site):
        client.force_login(factories.officer())

        html = client.get("/dashboard/").content.decode()

        assert 'http-equiv="refresh"' not in html
        assert 'name="robots" content="NONE,NOARCHIVE"' in html

    def test_officers_read_plain_vietnamese(self, client, site):
        product = factories.product(title="Rau muống")
        client.force_login(factories.user(is_staff=True, is_superuser=True))

        home = client.get("/dashboard/").content.decode()
        assert "Xử lý đơn hàng" in home and "Cam kết thực hiện" not in home
        assert "Người bán" in home and "Những đối tác" not in home
        statistics = client.get("/dashboard/orders/statistics/").content.decode()
        assert "Thống kê đơn hàng" in statistics and "Thứ tự số liệu thống kê" not in statistics
        products = client.get("/dashboard/catalogue/").content.decode()
        assert "chọn việc cần làm" in products and "choose action" not in products
        assert "Mở bán các sản phẩm đã chọn" in products and "Make products public" not in products
        form = client.get(f"/dashboard/catalogue/products/create/{product.get_product_class().slug}/").content.decode()
        assert "Thêm sản phẩm mới" in form and "Tạo mới" not in form
        assert "Bản ghi lưu kho" not in form and "Đổi thứ tự" in form and "Kéo ảnh để đổi thứ tự" in form

    def test_the_order_page_calls_no_missing_script(self, client, site):
        order = factories.order_with_parts((factories.product(), 1))
        client.force_login(factories.user(is_staff=True, is_superuser=True))

        html = client.get(f"/dashboard/orders/{order.number}/").content.decode()

        assert "initTabs" in html and "initTable" not in html
        assert "Các lần đổi trạng thái" in html and "Status Changes" not in html
        assert '<option value="confirmed">đã xác nhận</option>' in html  # the line statuses, in Vietnamese


def test_delivery_options_show_whole_dong(staff_client, cooperative):
    cooperative.delivery_fee = Decimal("30000")
    cooperative.save()

    html = staff_client.get("/fulfilment/delivery-options/").content.decode()

    assert 'value="30000"' in html and "30000.00" not in html
