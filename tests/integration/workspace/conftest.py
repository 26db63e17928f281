"""Fixtures shared by the workspace's tests: a cooperative, one of its staff, and a client signed in
as them."""

import pytest

from tests import factories


@pytest.fixture
def cooperative(db):
    return factories.cooperative(name="HTX Rau sạch Tân Phú Trung")


@pytest.fixture
def staff(cooperative):
    return factories.cooperative_staff(cooperative, email="nhanvien@example.com")


@pytest.fixture
def staff_client(client, site, staff):
    client.force_login(staff)
    return client
