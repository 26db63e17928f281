"""The address book and the wish lists offer the same row of buttons under each item (one partial)."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests import factories
from tests.addresses import GUEST_ADDRESS
from tests.integration.accounts.test_address_book import ADD

UserAddress = get_model("address", "UserAddress")
WishList = get_model("wishlists", "WishList")


@pytest.fixture
def buyer_client(client, site):
    client.buyer = factories.user(email="mai@example.com")
    client.force_login(client.buyer)
    return client


def row_buttons(html):
    """Each row's buttons as (class, href, text), in the order shown."""
    rows = re.findall(r'<div class="account-row-actions">(.*?)</div>', html, re.S)
    return [
        [
            (cls, href, text.strip())
            for cls, href, text in re.findall(r'<a class="([^"]+)" href="([^"]+)">([^<]+)</a>', row)
        ]
        for row in rows
    ]


def test_each_address_offers_edit_default_and_delete(buyer_client):
    for street in ("12 Lê Lợi", "5 Hàm Nghi"):
        buyer_client.post(ADD, {**GUEST_ADDRESS, "line1": street, "phone_number": "0901 234 567"})
    default, other = UserAddress.objects.filter(user=buyer_client.buyer).order_by("pk")
    UserAddress.objects.filter(pk=default.pk).update(is_default_for_shipping=True)
    UserAddress.objects.filter(pk=other.pk).update(is_default_for_shipping=False)

    rows = row_buttons(buyer_client.get(reverse("customer:address-list")).content.decode())

    def edit(address):
        return ("btn btn-secondary btn-sm", f"/accounts/addresses/{address.pk}/", "Sửa")

    def delete(address):
        return ("btn btn-outline-danger btn-sm", f"/accounts/addresses/{address.pk}/delete/", "Xóa")

    default_url = f"/accounts/addresses/{other.pk}/default_for_shipping/"
    assert sorted(rows) == sorted(
        [
            [edit(default), delete(default)],
            [
                edit(other),
                ("btn btn-outline-secondary btn-sm", default_url, "Đặt làm địa chỉ giao hàng mặc định"),
                delete(other),
            ],
        ]
    )


def test_each_wish_list_offers_view_settings_sharing_link_when_shared_and_delete(buyer_client):
    shared = WishList.objects.create(owner=buyer_client.buyer, name="Tết", visibility=WishList.SHARED)
    private = WishList.objects.create(owner=buyer_client.buyer, name="Riêng", visibility=WishList.PRIVATE)

    rows = row_buttons(buyer_client.get(reverse("customer:wishlists-list")).content.decode())

    def buttons(wishlist, *copy):
        return [
            ("btn btn-secondary btn-sm", f"/accounts/wishlists/{wishlist.key}/", "Xem"),
            (
                "btn btn-outline-secondary btn-sm",
                f"/accounts/wishlists/{wishlist.key}/update/",
                "Cài đặt danh sách yêu thích",
            ),
            *copy,
            ("btn btn-outline-danger btn-sm", f"/accounts/wishlists/{wishlist.key}/delete/", "Xóa"),
        ]

    copy = ("btn btn-outline-secondary btn-sm clipboard-item", shared.get_shared_url(), "Sao chép liên kết chia sẻ")
    assert sorted(rows) == sorted([buttons(shared, copy), buttons(private)])
