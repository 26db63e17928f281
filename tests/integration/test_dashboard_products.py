"""A cooperative's staff manage their own products only (Oscar's partner users)."""

from django.urls import reverse

from tests import factories


def test_product_list_shows_only_own_cooperatives_products(client, site):
    coop_a, coop_b = factories.cooperative(), factories.cooperative()
    factories.product(coop_a, title="Bí đao của A")
    factories.product(coop_b, title="Khổ qua của B")
    client.force_login(factories.cooperative_staff(coop_a))

    html = client.get(reverse("dashboard:catalogue-product-list")).content.decode()

    assert "Bí đao của A" in html
    assert "Khổ qua của B" not in html


def test_cannot_open_or_change_another_cooperatives_product(client, site):
    coop_a, coop_b = factories.cooperative(), factories.cooperative()
    theirs = factories.product(coop_b, title="Khổ qua của B", price=28000)
    client.force_login(factories.cooperative_staff(coop_a))
    url = reverse("dashboard:catalogue-product", kwargs={"pk": theirs.pk})

    assert client.get(url).status_code in (403, 404)
    client.post(url, {"title": "Bị sửa", "stockrecords-TOTAL_FORMS": "0"})

    theirs.refresh_from_db()
    assert theirs.title == "Khổ qua của B"
    assert theirs.stockrecords.get().price == 28000


def test_cooperative_staff_are_never_staff_users(site):
    staff = factories.cooperative_staff(factories.cooperative())
    assert not staff.is_staff
    assert staff.has_perm("partner.dashboard_access")
