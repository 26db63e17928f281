"""The demo's business buyers: verified, in several districts, with sites and a user who signs in."""

import io

from django.contrib.auth import authenticate

from marketplace.demo.organisations import fill_organisations
from organisations.models import Membership, Organisation
from tests import factories


def test_demo_business_buyers_are_verified_with_sites_and_a_user_each_and_load_again_unchanged(site):
    factories.officer(email="officer@example.com")
    fill_organisations(io.StringIO().write)
    fill_organisations(io.StringIO().write)

    organisations = Organisation.objects.all()
    assert sorted(organisations.values_list("kind", flat=True)) == ["restaurant", "school", "school", "supermarket"]
    assert all(organisation.is_verified for organisation in organisations)
    assert len({organisation.commune_name for organisation in organisations}) >= 3
    assert all(organisation.delivery_sites.exists() for organisation in organisations)
    for email in ["school1@example.com", "school2@example.com", "supermarket@example.com", "restaurant@example.com"]:
        user = authenticate(username=email, password="demo12345")
        assert Membership.objects.get(user=user).can_approve, email
    assert Membership.objects.filter(user__email="accountant@example.com", can_pay=True, can_order=False).exists()
