"""The contract pages: the organisation's list and history in its area, the cooperative's in the workspace."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts import services
from contracts.models import ContractLine, ContractVersion
from organisations.models import Membership
from tests import factories
from valuechains.models import LinkageModel

pytestmark = pytest.mark.django_db

State = ContractVersion.State


def terms(coop, product, price=32000):
    return services.Terms(
        cooperatives=[coop],
        lines=[services.LineTerms(product=product, unit_price=price, volume=Decimal("120"))],
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2027, 12, 31),
    )


@pytest.fixture
def deal():
    coop = factories.cooperative()
    staff = factories.cooperative_staff(coop)
    buyer = factories.user()
    org = factories.organisation(applicant=buyer)
    product = factories.product(coop, title="Cải ngọt")
    version = services.contract_offer(
        by=staff, name="Rau cho bếp trường", lead_cooperative=coop, organisation=org, terms=terms(coop, product)
    )
    return {"coop": coop, "staff": staff, "buyer": buyer, "org": org, "product": product, "version": version}


def test_the_buyer_accepts_the_cooperative_s_offer_from_its_list(client, deal):
    client.force_login(deal["buyer"])
    page = client.get(reverse("contracts:organisation-contracts", args=[deal["org"].pk])).content.decode()
    assert "Rau cho bếp trường" in page and "Chấp nhận" in page

    answer = reverse(
        "contracts:organisation-answer", args=[deal["org"].pk, deal["version"].linkage_model_id, deal["version"].pk]
    )
    response = client.post(answer, {"answer": "accept"}, follow=True)

    assert response.status_code == 200
    deal["version"].refresh_from_db()
    assert deal["version"].state == State.ACCEPTED
    assert "Đang có hiệu lực" in response.content.decode()


def test_a_buyer_with_two_sites_names_where_the_deliveries_go_when_accepting(client, deal):
    kitchen = factories.delivery_site(deal["org"], name="Bếp ăn cơ sở 1")
    factories.delivery_site(deal["org"], name="Bếp ăn cơ sở 2")
    client.force_login(deal["buyer"])
    page = client.get(reverse("contracts:organisation-contracts", args=[deal["org"].pk])).content.decode()
    assert "Giao đến" in page and "Bếp ăn cơ sở 1" in page and "Bếp ăn cơ sở 2" in page
    answer = reverse(
        "contracts:organisation-answer", args=[deal["org"].pk, deal["version"].linkage_model_id, deal["version"].pk]
    )

    refused = client.post(answer, {"answer": "accept"}, follow=True).content.decode()
    deal["version"].refresh_from_db()
    assert deal["version"].state == State.OFFERED
    assert "Chọn nơi giao hàng" in refused

    client.post(answer, {"answer": "accept", "delivery_sites": [str(kitchen.pk), "x"]})
    deal["version"].refresh_from_db()
    assert deal["version"].state == State.ACCEPTED
    assert list(deal["version"].delivery_sites.all()) == [kitchen]


def test_the_history_shows_what_changed_line_by_line_and_the_cooperative_answers_the_buyer_s_change(client, deal):
    services.contract_accept(version=deal["version"], by=deal["buyer"])
    change = services.contract_change_offer(
        by=deal["buyer"], linkage_model=deal["version"].linkage_model, terms=terms(deal["coop"], deal["product"], 35000)
    )
    client.force_login(deal["staff"])
    contract_url = reverse("workspace:contract", args=[change.linkage_model_id])

    page = client.get(contract_url).content.decode()
    assert 'data-change="changed"' in page and "32.000" in page and "35.000" in page
    assert 'data-change="added"' in page  # version 1 against nothing before it

    client.post(reverse("workspace:contract-answer", args=[change.linkage_model_id, change.pk]), {"answer": "accept"})
    assert list(ContractVersion.objects.order_by("number").values_list("state", flat=True)) == [
        State.SUPERSEDED,
        State.ACCEPTED,
    ]


def test_the_side_that_offered_is_told_it_cannot_accept(client, deal):
    client.force_login(deal["staff"])
    url = reverse("workspace:contract-answer", args=[deal["version"].linkage_model_id, deal["version"].pk])
    assert client.post(url, {"answer": "accept"}).status_code == 403
    deal["version"].refresh_from_db()
    assert deal["version"].state == State.OFFERED


def test_cooperative_a_sees_and_changes_nothing_of_b_s_contracts(client, deal):
    client.force_login(factories.cooperative_staff(factories.cooperative()))
    contract = deal["version"].linkage_model_id

    assert "Rau cho bếp trường" not in client.get(reverse("workspace:contracts")).content.decode()
    assert client.get(reverse("workspace:contract", args=[contract])).status_code == 404
    response = client.post(
        reverse("workspace:contract-answer", args=[contract, deal["version"].pk]), {"answer": "decline"}
    )
    assert response.status_code == 404
    deal["version"].refresh_from_db()
    assert deal["version"].state == State.OFFERED


def test_organisation_y_s_people_see_nothing_of_x_s_contracts(client, deal):
    y_user = factories.user()
    org_y = factories.organisation(applicant=y_user)
    client.force_login(y_user)
    contract = deal["version"].linkage_model_id

    assert client.get(reverse("contracts:organisation-contracts", args=[deal["org"].pk])).status_code == 404
    assert (
        "Rau cho bếp trường"
        not in client.get(reverse("contracts:organisation-contracts", args=[org_y.pk])).content.decode()
    )
    assert client.get(reverse("contracts:organisation-contract", args=[org_y.pk, contract])).status_code == 404
    answer = reverse("contracts:organisation-answer", args=[org_y.pk, contract, deal["version"].pk])
    assert client.post(answer, {"answer": "accept"}).status_code == 404
    deal["version"].refresh_from_db()
    assert deal["version"].state == State.OFFERED


def test_an_officer_reads_an_organisation_s_contracts(client, deal):
    client.force_login(factories.officer())
    page = client.get(
        reverse("contracts:organisation-contract", args=[deal["org"].pk, deal["version"].linkage_model_id])
    )
    assert page.status_code == 200 and "Cải ngọt" in page.content.decode()


def _many_contracts(coop, org, product, rows):
    models = LinkageModel.objects.bulk_create(
        LinkageModel(name=f"Hợp đồng {n}", lead_cooperative=coop, key_product_name="Rau") for n in range(rows)
    )
    versions = ContractVersion.objects.bulk_create(
        ContractVersion(linkage_model=model, number=1, organisation=org, offered_by_side="cooperative", state=state)
        for model in models
        for state in ("accepted",)
    ) + ContractVersion.objects.bulk_create(
        ContractVersion(linkage_model=model, number=2, organisation=org, offered_by_side="organisation")
        for model in models
    )
    ContractVersion.cooperatives.through.objects.bulk_create(
        ContractVersion.cooperatives.through(contractversion=version, cooperative=coop) for version in versions
    )
    ContractLine.objects.bulk_create(
        ContractLine(version=version, product=product, unit_price=30000, volume=Decimal(10)) for version in versions
    )


@pytest.mark.parametrize("rows", [10, 500])
def test_both_lists_keep_their_query_budget(client, deal, rows, django_assert_max_num_queries):
    _many_contracts(deal["coop"], deal["org"], deal["product"], rows)

    client.force_login(deal["buyer"])
    # 22: with the offers' sites and the buyer's own (to name them when accepting), whatever the rows.
    with django_assert_max_num_queries(22):
        response = client.get(reverse("contracts:organisation-contracts", args=[deal["org"].pk]))
    assert response.content.decode().count("data-contract=") == min(rows + 1, 50)

    client.force_login(deal["staff"])
    with django_assert_max_num_queries(21):
        response = client.get(reverse("workspace:contracts"))
    assert response.content.decode().count("data-contract=") == min(rows + 1, 50)


def _offer_form(org, product, **fields):
    data = {
        "organisation": org.pk,
        "name": "Gạo cho bếp",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "period": "week",
        "delivery_weekdays": ["0", "3"],
        "cutoff_days": "1",
        "cutoff_time": "17:00",
        "payment_days": "30",
        "quality_terms": "VietGAP",
        "note": "",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": product.pk,
        "lines-0-unit_price": "18000",
        "lines-0-volume": "50",
        "lines-0-volume_unit": "kg",
        "lines-1-volume_unit": "kg",
        "lines-2-volume_unit": "kg",
    }
    data.update(fields)
    return data


def test_the_cooperative_offers_a_contract_from_the_workspace(client, deal):
    client.force_login(deal["staff"])
    response = client.post(reverse("workspace:contract-offer"), _offer_form(deal["org"], deal["product"]))

    assert response.status_code == 302
    version = ContractVersion.objects.get(linkage_model__name="Gạo cho bếp")
    assert (version.state, version.organisation, version.delivery_weekdays) == (State.OFFERED, deal["org"], [0, 3])
    assert list(version.lines.values_list("unit_price", flat=True)) == [18000]


def test_a_bad_offer_is_answered_with_vietnamese_messages_and_nothing_is_stored(client, deal):
    client.force_login(deal["staff"])
    before = ContractVersion.objects.count()

    response = client.post(
        reverse("workspace:contract-offer"), _offer_form(deal["org"], deal["product"], end="2025-01-01")
    )

    assert response.status_code == 400
    assert (
        "Hợp đồng không thể kết thúc trước khi bắt đầu." in response.content.decode()
        or "trước" in response.content.decode()
    )
    assert ContractVersion.objects.count() == before


def test_the_cooperative_offers_a_change_prefilled_from_the_version_in_force(client, deal):
    services.contract_accept(version=deal["version"], by=deal["buyer"])
    client.force_login(deal["staff"])
    url = reverse("workspace:contract-change", args=[deal["version"].linkage_model_id])
    assert 'value="2027-12-31"' in client.get(url).content.decode()

    data = _offer_form(deal["org"], deal["product"], **{"lines-0-unit_price": "20000"})
    assert client.post(url, data).status_code == 302
    assert list(ContractVersion.objects.order_by("number").values_list("state", flat=True)) == [
        State.ACCEPTED,
        State.OFFERED,
    ]


def test_the_buyer_offers_a_change_from_its_area_and_the_cooperative_accepts_it(client, deal):
    services.contract_accept(version=deal["version"], by=deal["buyer"])
    contract = deal["version"].linkage_model_id
    url = reverse("contracts:organisation-change", args=[deal["org"].pk, contract])
    client.force_login(deal["buyer"])
    assert "Cải ngọt" in client.get(url).content.decode()

    data = _offer_form(deal["org"], deal["product"], **{"lines-0-unit_price": "26000"})
    assert client.post(url, data).status_code == 302
    change = ContractVersion.objects.get(number=2)
    assert change.offered_by_side == ContractVersion.Side.ORGANISATION

    client.force_login(deal["staff"])
    client.post(reverse("workspace:contract-answer", args=[contract, change.pk]), {"answer": "accept"})
    assert list(ContractVersion.objects.order_by("number").values_list("state", flat=True)) == [
        State.SUPERSEDED,
        State.ACCEPTED,
    ]


def test_a_buyer_s_change_with_another_cooperative_s_product_is_refused(client, deal):
    services.contract_accept(version=deal["version"], by=deal["buyer"])
    stranger = factories.product(factories.cooperative(), title="Cà chua bi")
    client.force_login(deal["buyer"])
    url = reverse("contracts:organisation-change", args=[deal["org"].pk, deal["version"].linkage_model_id])

    response = client.post(url, _offer_form(deal["org"], stranger))

    assert response.status_code == 400
    assert ContractVersion.objects.count() == 1


def test_the_cooperative_withdraws_its_pending_offer(client, deal):
    client.force_login(deal["staff"])
    contract = deal["version"].linkage_model_id
    assert 'value="withdraw"' in client.get(reverse("workspace:contract", args=[contract])).content.decode()

    client.post(reverse("workspace:contract-answer", args=[contract, deal["version"].pk]), {"answer": "withdraw"})

    deal["version"].refresh_from_db()
    assert deal["version"].state == State.WITHDRAWN


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_signed_paper_is_downloaded_by_the_parties_only(client, deal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    paper = SimpleUploadedFile("Hợp đồng đã ký.pdf", PDF, content_type="application/pdf")
    version = services.contract_offer(
        by=deal["staff"],
        name="Hợp đồng có bản ký",
        lead_cooperative=deal["coop"],
        organisation=deal["org"],
        terms=services.Terms(
            cooperatives=[deal["coop"]],
            lines=[services.LineTerms(product=deal["product"], unit_price=30000, volume=Decimal(5))],
            signed_paper=paper,
        ),
    )
    contract = version.linkage_model_id
    client.force_login(deal["buyer"])
    page = client.get(reverse("contracts:organisation-contract", args=[deal["org"].pk, contract])).content.decode()
    assert f'href="versions/{version.pk}/paper/"' in page
    response = client.get(reverse("contracts:organisation-paper", args=[deal["org"].pk, contract, version.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")

    client.force_login(factories.cooperative_staff(factories.cooperative()))
    assert client.get(reverse("workspace:contract-paper", args=[contract, version.pk])).status_code == 404
    client.force_login(deal["staff"])
    assert client.get(reverse("workspace:contract-paper", args=[contract, version.pk])).status_code == 200


def test_a_change_names_the_buyer_s_delivery_sites(client, deal):
    services.contract_accept(version=deal["version"], by=deal["buyer"])
    kitchen = factories.delivery_site(deal["org"], name="Bếp ăn cơ sở 2")
    factories.delivery_site(factories.organisation(), name="Bếp của trường khác")
    client.force_login(deal["staff"])
    url = reverse("workspace:contract-change", args=[deal["version"].linkage_model_id])
    page = client.get(url).content.decode()
    assert "Bếp ăn cơ sở 2" in page and "Bếp của trường khác" not in page

    assert client.post(url, _offer_form(deal["org"], deal["product"], delivery_sites=[kitchen.pk])).status_code == 302
    assert list(ContractVersion.objects.get(number=2).delivery_sites.all()) == [kitchen]


def test_a_legacy_linkage_model_gets_its_buyer_through_a_change(client, deal):
    legacy = factories.linkage_model(deal["coop"], name="Liên kết cũ")
    client.force_login(deal["staff"])
    url = reverse("workspace:contract-change", args=[legacy.pk])
    assert 'name="organisation"' in client.get(url).content.decode()

    assert client.post(url, _offer_form(deal["org"], deal["product"])).status_code == 302

    version = ContractVersion.objects.get(linkage_model=legacy)
    assert (version.number, version.organisation, version.state) == (1, deal["org"], State.OFFERED)


def test_officers_read_every_contract(client, deal):
    other = factories.cooperative()
    other_version = services.contract_offer(
        by=factories.cooperative_staff(other),
        name="Gạo cho bệnh viện",
        lead_cooperative=other,
        organisation=factories.organisation(kind="hospital"),
        terms=terms(other, factories.product(other)),
    )
    client.force_login(factories.officer())

    page = client.get(reverse("contracts:officer-contracts")).content.decode()
    assert "Rau cho bếp trường" in page and "Gạo cho bệnh viện" in page
    history = client.get(reverse("contracts:officer-contract", args=[other_version.linkage_model_id]))
    assert history.status_code == 200 and 'data-history-version="1"' in history.content.decode()

    client.force_login(deal["buyer"])
    assert client.get(reverse("contracts:officer-contracts")).status_code == 403


@pytest.mark.parametrize("rows", [10, 500])
def test_the_officers_list_keeps_its_query_budget(client, deal, rows, django_assert_max_num_queries):
    _many_contracts(deal["coop"], deal["org"], deal["product"], rows)
    client.force_login(factories.officer())
    # 11: with the one query that finds which of the page's contracts are behind (contracts/progress.py).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("contracts:officer-contracts"))
    assert response.content.decode().count("data-contract=") == min(rows + 1, 50)


def test_officers_find_the_contracts_in_the_dashboard_menu_and_staff_do_not(client, deal):
    client.force_login(factories.officer())
    assert reverse("contracts:officer-contracts") in client.get(reverse("dashboard:index")).content.decode()
    client.force_login(deal["staff"])
    assert reverse("contracts:officer-contracts") not in client.get(reverse("dashboard:index")).content.decode()


def test_a_buyer_offers_a_new_contract_to_a_cooperative_it_chooses_and_the_cooperative_accepts(client, deal):
    rice_coop = factories.cooperative(name="HTX Gạo Tân Nhựt")
    rice_staff = factories.cooperative_staff(rice_coop)
    rice = factories.product(rice_coop, title="Gạo ST25")
    factories.product(deal["coop"], title="Rau của hợp tác xã khác")
    kitchen = factories.delivery_site(deal["org"], name="Bếp ăn cơ sở 1")
    offer_url = reverse("contracts:organisation-offer", args=[deal["org"].pk])
    client.force_login(deal["buyer"])

    listing = client.get(reverse("contracts:organisation-contracts", args=[deal["org"].pk])).content.decode()
    assert offer_url in listing and "Đề nghị hợp đồng" in listing
    first_step = client.get(offer_url).content.decode()
    assert "HTX Gạo Tân Nhựt" in first_step and "Gạo ST25" not in first_step
    second_step = client.get(offer_url, {"cooperative": rice_coop.pk}).content.decode()
    assert "Gạo ST25" in second_step and "Rau của hợp tác xã khác" not in second_step
    assert "Bếp ăn cơ sở 1" in second_step and 'name="organisation"' not in second_step

    data = _offer_form(deal["org"], rice) | {"delivery_sites": [kitchen.pk]}
    response = client.post(f"{offer_url}?cooperative={rice_coop.pk}", data, follow=True)

    version = ContractVersion.objects.get(cooperatives=rice_coop)
    assert (version.state, version.offered_by_side) == (State.OFFERED, "organisation")
    assert version.organisation == deal["org"]
    assert list(version.delivery_sites.all()) == [kitchen]
    assert [(line.product, line.unit_price) for line in version.lines.all()] == [(rice, 18000)]
    assert "Gạo cho bếp" in response.content.decode()
    # The cooperative answers in its workspace.
    client.force_login(rice_staff)
    client.post(
        reverse("workspace:contract-answer", args=[version.linkage_model_id, version.pk]), {"answer": "accept"}
    )
    version.refresh_from_db()
    assert version.state == State.ACCEPTED


def test_only_the_buyer_s_approvers_offer_and_bad_choices_are_told(client, deal):
    offer_url = reverse("contracts:organisation-offer", args=[deal["org"].pk])
    orderer = factories.user()
    Membership.objects.create(organisation=deal["org"], user=orderer, can_order=True, can_approve=False)
    client.force_login(orderer)
    assert client.get(offer_url).status_code == 403
    client.force_login(factories.organisation(applicant=factories.user()).memberships.get().user)
    assert client.get(offer_url).status_code == 404
    client.force_login(deal["staff"])
    assert client.get(offer_url).status_code == 403

    client.force_login(deal["buyer"])
    suspended = factories.cooperative(status="suspended")
    response = client.get(offer_url, {"cooperative": suspended.pk})
    assert response.status_code == 400 and "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    before = ContractVersion.objects.count()
    bad = _offer_form(deal["org"], deal["product"]) | {"lines-0-unit_price": "0"}
    response = client.post(f"{offer_url}?cooperative={deal['coop'].pk}", bad)
    assert response.status_code == 400 and ContractVersion.objects.count() == before
