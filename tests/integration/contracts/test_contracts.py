"""Linkage contracts in versions: offered by one side, answered by the other, every version kept."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contracts import services
from contracts.models import ContractLine, ContractVersion
from organisations.models import Membership
from tests import factories
from valuechains.models import LinkageModel

pytestmark = pytest.mark.django_db

State = ContractVersion.State


@pytest.fixture
def parties():
    coop = factories.cooperative()
    staff = factories.cooperative_staff(coop)
    buyer_user = factories.user()
    org = factories.organisation(applicant=buyer_user)
    return coop, staff, org, buyer_user


def terms_for(coop, product, price=32000, **fields):
    return services.Terms(
        cooperatives=[coop],
        lines=[services.LineTerms(product=product, unit_price=price, volume=Decimal("120"))],
        start=fields.pop("start", datetime.date(2026, 1, 1)),
        end=fields.pop("end", datetime.date(2026, 12, 31)),
        delivery_weekdays=[0, 3],
        **fields,
    )


def offer(coop, staff, org, product, **fields):
    return services.contract_offer(
        by=staff,
        name="Rau cho bếp trường",
        lead_cooperative=coop,
        organisation=org,
        terms=terms_for(coop, product, **fields),
    )


def test_an_offer_accepted_by_the_other_side_is_in_force_and_the_linkage_model_follows(parties):
    coop, staff, org, buyer_user = parties
    today = datetime.date.today()
    start, end = today - datetime.timedelta(days=10), today + datetime.timedelta(days=100)
    version = offer(coop, staff, org, factories.product(coop), start=start, end=end)
    assert version.state == State.OFFERED and version.number == 1
    assert version.linkage_model.status == LinkageModel.Status.PLANNED

    services.contract_accept(version=version, by=buyer_user)

    version.refresh_from_db()
    assert version.state == State.ACCEPTED and version.answered_by == buyer_user
    linkage_model = LinkageModel.objects.get(pk=version.linkage_model_id)
    assert (linkage_model.status, linkage_model.contract_start, linkage_model.contract_end) == (
        LinkageModel.Status.ACTIVE,
        start,
        end,
    )
    assert list(version.cooperatives.all()) == [coop]


def test_a_change_stays_an_offer_until_accepted_then_the_old_version_is_superseded(parties):
    coop, staff, org, buyer_user = parties
    product = factories.product(coop)
    first = offer(coop, staff, org, product)
    services.contract_accept(version=first, by=buyer_user)

    change = services.contract_change_offer(
        by=buyer_user, linkage_model=first.linkage_model, terms=terms_for(coop, product, price=35000)
    )
    assert change.number == 2 and change.offered_by_side == ContractVersion.Side.ORGANISATION
    first.refresh_from_db()
    assert first.state == State.ACCEPTED  # still in force while the change awaits its answer

    services.contract_accept(version=change, by=staff)

    first.refresh_from_db()
    change.refresh_from_db()
    assert (first.state, change.state) == (State.SUPERSEDED, State.ACCEPTED)
    assert list(
        ContractLine.objects.filter(version__linkage_model=first.linkage_model)
        .order_by("pk")
        .values_list("version__number", "unit_price")
    ) == [(1, 32000), (2, 35000)]


def test_the_side_that_offered_cannot_accept_its_own_offer(parties):
    coop, staff, org, _buyer = parties
    version = offer(coop, staff, org, factories.product(coop))
    colleague = factories.cooperative_staff(coop)

    with pytest.raises(PermissionDenied):
        services.contract_accept(version=version, by=colleague)
    version.refresh_from_db()
    assert version.state == State.OFFERED


def test_a_member_who_does_not_approve_cannot_answer(parties):
    coop, staff, org, _buyer = parties
    version = offer(coop, staff, org, factories.product(coop))
    clerk = factories.user()
    Membership.objects.create(organisation=org, user=clerk, can_order=True, can_approve=False)

    with pytest.raises(PermissionDenied):
        services.contract_decline(version=version, by=clerk)


def test_cooperative_a_can_neither_offer_for_nor_change_nor_answer_b_s_contracts(parties):
    coop_b, staff_b, org, buyer_user = parties
    version = offer(coop_b, staff_b, org, factories.product(coop_b))
    coop_a = factories.cooperative()
    staff_a = factories.cooperative_staff(coop_a)

    with pytest.raises(PermissionDenied):
        services.contract_withdraw(version=version, by=staff_a)
    with pytest.raises(PermissionDenied):
        offer(coop_b, staff_a, org, factories.product(coop_b))
    services.contract_accept(version=version, by=buyer_user)
    with pytest.raises(PermissionDenied):
        services.contract_change_offer(
            by=staff_a, linkage_model=version.linkage_model, terms=terms_for(coop_b, factories.product(coop_b))
        )
    assert ContractVersion.objects.filter(linkage_model=version.linkage_model).count() == 1


def test_a_cooperative_brought_in_by_a_change_cannot_change_the_contract_alone(parties):
    coop, staff, org, buyer_user = parties
    version = offer(coop, staff, org, factories.product(coop))
    services.contract_accept(version=version, by=buyer_user)
    other = factories.cooperative()
    other_staff = factories.cooperative_staff(other)
    terms = terms_for(coop, factories.product(other))
    terms.cooperatives = [coop, other]

    with pytest.raises(PermissionDenied):
        services.contract_change_offer(by=other_staff, linkage_model=version.linkage_model, terms=terms)


def test_organisation_y_s_people_cannot_answer_x_s_offers(parties):
    coop, staff, org_x, _buyer = parties
    version = offer(coop, staff, org_x, factories.product(coop))
    y_user = factories.user()
    factories.organisation(applicant=y_user)

    with pytest.raises(PermissionDenied):
        services.contract_accept(version=version, by=y_user)


def test_products_of_another_cooperative_are_refused_with_a_clear_message(parties):
    coop, staff, org, _buyer = parties
    stranger = factories.product(factories.cooperative(), title="Cà chua bi")

    with pytest.raises(ValidationError) as caught:
        offer(coop, staff, org, stranger)

    assert "“Cà chua bi” không phải sản phẩm của hợp tác xã trong hợp đồng này." in caught.value.message_dict["lines"]
    assert not LinkageModel.objects.exists() and not ContractVersion.objects.exists()


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"price": 0}, "lines"),
        ({"price": -5}, "lines"),
        ({"start": datetime.date(2026, 5, 1), "end": datetime.date(2026, 4, 30)}, "end"),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_written(parties, fields, key):
    coop, staff, org, _buyer = parties
    with pytest.raises(ValidationError) as caught:
        offer(coop, staff, org, factories.product(coop), **fields)
    assert key in caught.value.message_dict
    assert not ContractVersion.objects.exists()


def test_sites_must_be_the_buyer_s_and_areas_the_cooperatives(parties):
    coop, staff, org, _buyer = parties
    other_org = factories.organisation()
    with pytest.raises(ValidationError) as caught:
        offer(
            coop,
            staff,
            org,
            factories.product(coop),
            delivery_sites=[factories.delivery_site(other_org)],
            areas=[factories.raw_material_area(factories.cooperative())],
        )
    assert {"delivery_sites", "areas"} <= set(caught.value.message_dict)


def test_a_signed_paper_must_be_a_pdf_or_an_image(parties, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    coop, staff, org, _buyer = parties
    page = SimpleUploadedFile("hop dong.html", b"<script>alert(1)</script>", content_type="text/html")
    with pytest.raises(ValidationError) as caught:
        offer(coop, staff, org, factories.product(coop), signed_paper=page)
    assert "signed_paper" in caught.value.message_dict


def test_an_unverified_organisation_gets_no_offer(parties):
    coop, staff, _org, _buyer = parties
    applied = factories.organisation(status="applied")
    with pytest.raises(ValidationError) as caught:
        offer(coop, staff, applied, factories.product(coop))
    assert "organisation" in caught.value.message_dict


def test_an_answered_offer_cannot_be_answered_again(parties):
    coop, staff, org, buyer_user = parties
    version = offer(coop, staff, org, factories.product(coop))
    services.contract_decline(version=version, by=buyer_user, reason="Giá cao")
    with pytest.raises(ValidationError):
        services.contract_accept(version=version, by=buyer_user)
    version.refresh_from_db()
    assert version.state == State.DECLINED and "Giá cao" in version.note


# --- The data migration --------------------------------------------------------------------------

MIGRATION = "0002_version_one_for_each_linkage_model"


def historical_apps(settings):
    """The models as the migration sees them (the tests' schema is built without migrations, so the
    migration files are turned back on to read their state)."""
    settings.MIGRATION_MODULES = {}
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(("contracts", MIGRATION)).apps


def test_the_data_migration_gives_each_legacy_linkage_model_its_version_one(settings):
    migration = importlib.import_module(f"contracts.migrations.{MIGRATION}")
    coop = factories.cooperative()
    shop_product = factories.product(coop, price=Decimal("45000"))
    area = factories.raw_material_area(coop)
    full = factories.linkage_model(
        coop,
        key_product=shop_product,
        agreed_volume=Decimal("12.5"),
        agreed_volume_unit="tonne",
        contract_start=datetime.date(2025, 3, 1),
        contract_end=datetime.date(2027, 3, 1),
        areas=[area],
    )
    # Adversarial legacy rows: no shop product, no dates, no volume; a shop product of another
    # cooperative with no price there.
    bare = factories.linkage_model(coop, key_product_name="Rau ăn lá")
    foreign = factories.linkage_model(coop, key_product=factories.product(factories.cooperative()))
    apps = historical_apps(settings)

    migration.versions_forward(apps, None)
    migration.versions_forward(apps, None)  # run twice: still one version each

    assert ContractVersion.objects.count() == 3
    v_full = ContractVersion.objects.get(linkage_model=full)
    assert (v_full.number, v_full.state, v_full.organisation, v_full.start, v_full.end) == (
        1,
        State.ACCEPTED,
        None,
        datetime.date(2025, 3, 1),
        datetime.date(2027, 3, 1),
    )
    assert v_full.offered_at == full.created_at
    assert list(v_full.cooperatives.all()) == [coop] and list(v_full.areas.all()) == [area]
    assert list(v_full.lines.values_list("product", "unit_price", "volume", "volume_unit")) == [
        (shop_product.pk, 45000, Decimal("12.50"), "tonne")
    ]
    v_bare = ContractVersion.objects.get(linkage_model=bare)
    assert (v_bare.start, v_bare.end, v_bare.lines.count()) == (None, None, 0)
    assert ContractVersion.objects.get(linkage_model=foreign).lines.count() == 0

    migration.versions_backward(apps, None)

    assert not ContractVersion.objects.exists() and not ContractLine.objects.exists()
    assert LinkageModel.objects.count() == 3


def test_after_a_declined_first_offer_the_cooperative_offers_again_to_the_same_buyer(parties):
    coop, staff, org, buyer_user = parties
    product = factories.product(coop)
    first = offer(coop, staff, org, product)
    services.contract_decline(version=first, by=buyer_user)

    again = services.contract_change_offer(
        by=staff, linkage_model=first.linkage_model, terms=terms_for(coop, product, 30000)
    )

    assert (again.number, again.organisation, again.state) == (2, org, State.OFFERED)
    services.contract_accept(version=again, by=buyer_user)
    assert LinkageModel.objects.get(pk=first.linkage_model_id).contract_start == datetime.date(2026, 1, 1)


def test_a_withdrawn_offer_is_withdrawn_by_its_side_only(parties):
    coop, staff, org, buyer_user = parties
    version = offer(coop, staff, org, factories.product(coop))
    with pytest.raises(PermissionDenied):
        services.contract_withdraw(version=version, by=buyer_user)
    services.contract_withdraw(version=version, by=staff)
    version.refresh_from_db()
    assert version.state == State.WITHDRAWN


def test_a_product_named_in_a_contract_is_taken_off_sale_not_deleted(parties):
    from catalog.editing import product_remove

    coop, staff, org, _buyer = parties
    product = factories.product(coop)
    version = offer(coop, staff, org, product)

    assert product_remove(product=product) is False
    assert version.lines.get().product == product


def test_the_buyer_names_its_delivery_sites_as_it_accepts_a_cooperative_s_first_offer(parties):
    coop, staff, org, buyer_user = parties
    warehouse, shop = factories.delivery_site(org, name="Kho"), factories.delivery_site(org, name="Cửa hàng")
    other_site = factories.delivery_site(factories.organisation(), name="Kho người khác")
    version = offer(coop, staff, org, factories.product(coop))
    assert not version.delivery_sites.exists()

    with pytest.raises(ValidationError) as no_site:
        services.contract_accept(version=version, by=buyer_user)
    assert "điểm nhận hàng" in " ".join(no_site.value.messages) or "delivery sites" in " ".join(no_site.value.messages)
    with pytest.raises(ValidationError):
        services.contract_accept(version=version, by=buyer_user, delivery_sites=[other_site])
    version.refresh_from_db()
    assert version.state == State.OFFERED and not version.delivery_sites.exists()

    services.contract_accept(version=version, by=buyer_user, delivery_sites=[shop])
    version.refresh_from_db()
    assert version.state == State.ACCEPTED
    assert list(version.delivery_sites.all()) == [shop] and warehouse not in version.delivery_sites.all()


def test_a_cooperative_accepting_keeps_the_sites_the_buyer_offered(parties):
    coop, staff, org, buyer_user = parties
    site = factories.delivery_site(org, name="Bếp ăn")
    first = services.contract_offer(
        by=buyer_user,
        name="Rau cho bếp trường",
        lead_cooperative=coop,
        organisation=org,
        terms=terms_for(coop, factories.product(coop), delivery_sites=[site]),
    )
    services.contract_accept(version=first, by=staff, delivery_sites=[])
    assert list(first.delivery_sites.all()) == [site]
