"""The other side hears of an offer, and the offering side of the answer, by e-mail, in Vietnamese, with a
link to the contract on their own side; nobody outside the contract hears anything."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from contracts import services
from tests import factories
from tests.integration.contracts.test_contracts import offer, terms_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties():
    coop = factories.cooperative(name="HTX Rau sạch Phước An")
    staff = factories.cooperative_staff(coop, email="quanly@example.com")
    buyer_user = factories.user(email="bep@truong.example.com")
    org = factories.organisation(name="Trường Tiểu học Tân Thạnh Đông", applicant=buyer_user)
    # Someone of another cooperative and another buyer: they must hear nothing.
    factories.cooperative_staff(factories.cooperative(), email="khac@example.com")
    factories.organisation(applicant=factories.user(email="nguoi-mua-khac@example.com"))
    mail.outbox.clear()
    return coop, staff, org, buyer_user


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_a_cooperatives_offer_reaches_the_buyers_members_with_a_link_to_answer(
    parties, django_capture_on_commit_callbacks
):
    coop, staff, org, _buyer_user = parties
    with django_capture_on_commit_callbacks(execute=True):
        version = offer(coop, staff, org, factories.product(coop, "Rau muống"))
    [message] = sent_to("bep@truong.example.com")
    assert "HTX Rau sạch Phước An" in message.subject and "đề nghị" in message.subject.lower()
    assert f"/contracts/organisations/{org.pk}/{version.linkage_model_id}/" in message.body
    assert "Rau muống" in message.body
    assert [m.to for m in mail.outbox] == [["bep@truong.example.com"]]  # not the offering side, not others


def test_a_buyers_offer_reaches_the_cooperatives_staff_and_the_answer_comes_back(
    parties, django_capture_on_commit_callbacks
):
    coop, staff, org, buyer_user = parties
    product = factories.product(coop, "Cải ngọt")
    with django_capture_on_commit_callbacks(execute=True):
        version = services.contract_offer(
            by=buyer_user,
            name="Rau cho bếp trường",
            lead_cooperative=coop,
            organisation=org,
            terms=terms_for(coop, product, delivery_sites=list(org.delivery_sites.all())),
        )
    [message] = sent_to("quanly@example.com")
    assert f"/workspace/contracts/{version.linkage_model_id}/" in message.body
    assert "Trường Tiểu học Tân Thạnh Đông" in message.subject
    mail.outbox.clear()

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.contract_accept(version=version, by=staff)  # answered from the English pages
    [answer] = sent_to("bep@truong.example.com")
    assert "chấp nhận" in answer.subject  # still Vietnamese: the site's language
    assert [m.to for m in mail.outbox] == [["bep@truong.example.com"]]


def test_a_declined_offer_says_so_with_the_reason(parties, django_capture_on_commit_callbacks):
    coop, staff, org, buyer_user = parties
    version = offer(coop, staff, org, factories.product(coop))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_decline(version=version, by=buyer_user, reason="Giá cao hơn dự toán của trường")
    [message] = sent_to("quanly@example.com")
    assert "từ chối" in message.subject
    assert "Giá cao hơn dự toán của trường" in message.body


def test_a_refused_offer_sends_nothing(parties, django_capture_on_commit_callbacks):
    coop, staff, org, _buyer_user = parties
    other_coop = factories.cooperative()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        offer(coop, staff, org, factories.product(other_coop))  # a product the cooperative does not sell
    assert mail.outbox == []
