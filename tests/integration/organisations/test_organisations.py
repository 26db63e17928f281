"""Business buyers: an organisation applies, the department verifies it, its members keep their sites
and invite colleagues; each organisation sees only its own."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts import sms
from accounts.models import PhoneNumber
from organisations.models import DeliverySite, MemberInvitation, Membership, Organisation
from tests import factories

User = get_user_model()
BEN_THANH, SAI_GON, HCMC = 26743, 26740, 79
HA_NOI, HOAN_KIEM = 1, 70  # Hà Nội and one of its wards, not in Ho Chi Minh City


def _application(**overrides):
    data = {
        "name": "Trường Tiểu học Lê Văn Tám",
        "kind": "school",
        "tax_code": "0100233488",
        "contact_name": "Nguyễn Thị Lan",
        "phone": "028 3822 1234",
        "email": "ketoan@levantam.edu.vn",
        "province": HCMC,
        "commune": BEN_THANH,
        "street": "12 Lê Lợi",
    }
    data.update(overrides)
    return data


def _site(**overrides):
    data = {
        "name": "Bếp ăn cơ sở 2",
        "contact_name": "Trần Văn Minh",
        "phone": "0901234567",
        "province": HCMC,
        "commune": SAI_GON,
        "street": "5 Nguyễn Huệ",
        "notes": "Giao trước 7 giờ sáng, cổng sau",
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant(client, site):
    user = factories.user(email="hieutruong@example.com")
    client.force_login(user)
    return user


@pytest.fixture
def org_a(site):
    return factories.organisation("Trường Tiểu học A", applicant=factories.user(email="a@example.com"))


@pytest.fixture
def org_b(site):
    return factories.organisation("Siêu thị B", kind="supermarket", applicant=factories.user(email="b@example.com"))


class TestApplying:
    def test_applicant_files_an_application_and_sees_its_status(self, client, applicant):
        response = client.post(reverse("organisations:apply"), _application(tax_code="0100233488-001"), follow=True)

        organisation = Organisation.objects.get(applicant=applicant)
        assert organisation.status == Organisation.Status.APPLIED
        assert organisation.tax_code == "0100233488001"
        assert organisation.phone == "+842838221234"
        assert (organisation.commune_name, organisation.province_name) == ("Phường Bến Thành", "Thành phố Hồ Chí Minh")
        assert "chờ xét duyệt" in response.content.decode()

    def test_a_wrong_tax_code_is_answered_clearly_and_nothing_is_stored(self, client, applicant):
        response = client.post(reverse("organisations:apply"), _application(tax_code="0100233489"))

        assert response.status_code == 400
        assert "Chữ số cuối" in response.content.decode()
        assert not Organisation.objects.exists()

    def test_the_same_page_in_english_says_it_in_english(self, client, applicant):
        response = client.post("/en/organisations/apply/", _application(tax_code="01002334"))

        assert response.status_code == 400
        assert "A tax code has 10 digits" in response.content.decode()

    def test_a_tax_code_already_registered_is_answered_clearly(self, client, applicant, org_a):
        response = client.post(reverse("organisations:apply"), _application(tax_code=org_a.tax_code))

        assert response.status_code == 400
        assert "đã được đăng ký" in response.content.decode()
        assert Organisation.objects.count() == 1

    def test_a_ward_of_another_province_is_refused(self, client, applicant):
        response = client.post(reverse("organisations:apply"), _application(province=HA_NOI, commune=BEN_THANH))

        assert response.status_code == 400
        assert not Organisation.objects.exists()

    def test_a_phone_that_is_not_vietnamese_is_refused(self, client, applicant):
        response = client.post(reverse("organisations:apply"), _application(phone="12345"))

        assert response.status_code == 400
        assert "không phải số điện thoại" in response.content.decode()

    def test_the_ward_list_follows_the_province_asked_for(self, client, applicant):
        page = client.get(reverse("organisations:apply"), {"province": HA_NOI}).content.decode()

        assert "Phường Hoàn Kiếm" in page
        assert "Phường Bến Thành" not in page

    def test_cooperative_staff_cannot_apply(self, client, site):
        client.force_login(factories.cooperative_staff(factories.cooperative()))

        assert client.get(reverse("organisations:apply")).status_code == 403


class TestReview:
    @pytest.fixture
    def applied(self, client, applicant):
        client.post(reverse("organisations:apply"), _application())
        return Organisation.objects.get()

    def test_officer_verifies_and_the_applicant_is_told_and_becomes_its_first_member(
        self, client, applied, applicant, django_capture_on_commit_callbacks
    ):
        officer = factories.officer()
        client.force_login(officer)
        assert applied.name in client.get(reverse("organisations:review-queue")).content.decode()
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("organisations:review", args=[applied.pk]), {"decision": "verify"})

        applied.refresh_from_db()
        assert applied.status == Organisation.Status.VERIFIED
        membership = Membership.objects.get(organisation=applied)
        assert (membership.user, membership.can_order, membership.can_approve, membership.can_pay) == (
            applicant,
            True,
            True,
            True,
        )
        assert mail.outbox[-1].to == [applicant.email]
        assert "đã được xác minh" in mail.outbox[-1].subject
        client.force_login(applicant)
        assert applied.name in client.get(reverse("organisations:area", args=[applied.pk])).content.decode()

    def test_returned_with_a_reason_the_applicant_corrects_and_sends_again(
        self, client, applied, applicant, django_capture_on_commit_callbacks
    ):
        client.force_login(factories.officer())
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("organisations:review", args=[applied.pk]),
                {"decision": "return", "reason": "Thiếu số điện thoại bếp ăn"},
            )
        assert "Thiếu số điện thoại bếp ăn" in mail.outbox[-1].body

        client.force_login(applicant)
        page = client.get(reverse("organisations:application")).content.decode()
        assert "Thiếu số điện thoại bếp ăn" in page
        client.post(reverse("organisations:application"), _application(name="Trường Tiểu học Lê Văn Tám (cơ sở 1)"))
        applied.refresh_from_db()
        assert (applied.status, applied.name) == (Organisation.Status.APPLIED, "Trường Tiểu học Lê Văn Tám (cơ sở 1)")

    def test_rejecting_needs_a_reason(self, client, applied):
        client.force_login(factories.officer())
        response = client.post(reverse("organisations:review", args=[applied.pk]), {"decision": "reject"})

        assert response.status_code == 400
        assert "Hãy nêu lý do" in response.content.decode()
        applied.refresh_from_db()
        assert applied.status == Organisation.Status.APPLIED

    def test_a_rejected_tax_code_may_apply_again(self, client, applied, applicant):
        client.force_login(factories.officer())
        client.post(reverse("organisations:review", args=[applied.pk]), {"decision": "reject", "reason": "Sai tên"})
        client.force_login(applicant)
        page = client.get(reverse("organisations:application")).content.decode()
        assert "Sai tên" in page
        assert f'href="{reverse("organisations:apply")}">Nộp hồ sơ mới' in page
        client.post(reverse("organisations:apply"), _application())

        assert Organisation.objects.filter(status=Organisation.Status.APPLIED).count() == 1

    @pytest.mark.parametrize("who", ["buyer", "staff"])
    def test_only_officers_open_the_queue_and_decide(self, client, applied, who):
        user = factories.user() if who == "buyer" else factories.cooperative_staff(factories.cooperative())
        client.force_login(user)

        assert client.get(reverse("organisations:review-queue")).status_code == 403
        assert (
            client.post(reverse("organisations:review", args=[applied.pk]), {"decision": "verify"}).status_code == 403
        )
        applied.refresh_from_db()
        assert applied.status == Organisation.Status.APPLIED

    @pytest.mark.parametrize("rows", [10, 500])
    def test_the_queue_keeps_its_query_budget(self, client, site, rows, django_assert_max_num_queries):
        applicant = factories.user()
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Nhà hàng {n}",
                kind="restaurant",
                tax_code=factories.tax_code(),
                contact_name="Lan",
                phone="+84901234567",
                applicant=applicant,
                street="1 Lê Lợi",
                commune_code=BEN_THANH,
                commune_name="Phường Bến Thành",
                province_code=HCMC,
                province_name="Thành phố Hồ Chí Minh",
            )
            for n in range(rows)
        )
        client.force_login(factories.officer())

        with django_assert_max_num_queries(12):
            response = client.get(reverse("organisations:review-queue"))
        assert response.status_code == 200
        assert response.content.decode().count('class="organisation-row"') == min(rows, 50)


class TestArea:
    def test_an_approver_adds_edits_and_stops_a_delivery_site(self, client, org_a):
        client.force_login(org_a.applicant)

        response = client.post(reverse("organisations:site-add", args=[org_a.pk]), _site(), follow=True)
        site_ = DeliverySite.objects.get(organisation=org_a)
        assert (site_.name, site_.commune_name, site_.phone) == ("Bếp ăn cơ sở 2", "Phường Sài Gòn", "+84901234567")
        assert "Giao trước 7 giờ sáng" in response.content.decode()

        client.post(reverse("organisations:site-edit", args=[org_a.pk, site_.pk]), _site(name="Bếp ăn chính"))
        client.post(reverse("organisations:site-active", args=[org_a.pk, site_.pk]), {"active": "0"})
        site_.refresh_from_db()
        assert (site_.name, site_.is_active) == ("Bếp ăn chính", False)

    def test_a_site_with_a_bad_phone_is_refused_and_nothing_is_written(self, client, org_a):
        client.force_login(org_a.applicant)

        response = client.post(reverse("organisations:site-add", args=[org_a.pk]), _site(phone="abc"))
        assert response.status_code == 400
        assert not DeliverySite.objects.exists()

    def test_an_approver_invites_by_e_mail_and_the_colleague_joins_with_the_roles_given(
        self, client, org_a, django_capture_on_commit_callbacks
    ):
        client.force_login(org_a.applicant)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("organisations:area", args=[org_a.pk]),
                {"contact": "KeToan@Example.com", "can_pay": "on"},
            )
        invitation = MemberInvitation.objects.get()
        assert invitation.token in mail.outbox[-1].body

        wrong = factories.user(email="other@example.com")
        client.force_login(wrong)
        client.post(reverse("organisations:invitation", args=[invitation.token]))
        assert not Membership.objects.filter(user=wrong).exists()

        colleague = factories.user(email="ketoan@example.com")
        client.force_login(colleague)
        client.post(reverse("organisations:invitation", args=[invitation.token]))
        membership = Membership.objects.get(user=colleague)
        assert (membership.can_order, membership.can_approve, membership.can_pay) == (False, False, True)

    def test_an_invitation_by_mobile_is_texted_and_accepted_by_that_verified_number(
        self, client, org_a, django_capture_on_commit_callbacks
    ):
        sms.outbox.clear()
        client.force_login(org_a.applicant)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("organisations:area", args=[org_a.pk]), {"contact": "0912 345 678", "can_order": "on"})
        invitation = MemberInvitation.objects.get()
        assert [text.to for text in sms.outbox] == ["+84912345678"]
        assert invitation.token in sms.outbox[0].message

        colleague = factories.user()
        PhoneNumber.objects.create(user=colleague, number="+84912345678", verified=True)
        client.force_login(colleague)
        client.post(reverse("organisations:invitation", args=[invitation.token]))
        assert Membership.objects.filter(user=colleague, organisation=org_a, can_order=True).exists()

    def test_a_member_who_does_not_approve_sees_the_area_but_changes_nothing(self, client, org_a):
        orderer = factories.user()
        Membership.objects.create(organisation=org_a, user=orderer, can_order=True)
        client.force_login(orderer)

        assert client.get(reverse("organisations:area", args=[org_a.pk])).status_code == 200
        assert (
            client.post(
                reverse("organisations:area", args=[org_a.pk]), {"contact": "x@example.com", "can_order": "on"}
            ).status_code
            == 403
        )
        assert client.post(reverse("organisations:site-add", args=[org_a.pk]), _site()).status_code == 403
        assert not MemberInvitation.objects.exists()
        assert not DeliverySite.objects.exists()

    @pytest.mark.parametrize("rows", [10, 500])
    def test_the_area_keeps_its_query_budget(self, client, org_a, rows, django_assert_max_num_queries):
        users = User.objects.bulk_create(
            User(username=f"bep{n}@example.com", email=f"bep{n}@example.com") for n in range(rows)
        )
        Membership.objects.bulk_create(Membership(organisation=org_a, user=user) for user in users)
        MemberInvitation.objects.bulk_create(
            MemberInvitation(organisation=org_a, email=f"moi{n}@example.com", token=f"t{n}", invited_by=org_a.applicant)
            for n in range(rows)
        )
        DeliverySite.objects.bulk_create(
            DeliverySite(
                organisation=org_a,
                name=f"Kho {n}",
                contact_name="Minh",
                phone="+84901234567",
                street="1 Lê Lợi",
                commune_code=SAI_GON,
                commune_name="Phường Sài Gòn",
                province_code=HCMC,
                province_name="Thành phố Hồ Chí Minh",
            )
            for n in range(rows)
        )
        client.force_login(org_a.applicant)

        with django_assert_max_num_queries(18):
            response = client.get(reverse("organisations:area", args=[org_a.pk]))
        page = response.content.decode()
        assert page.count('class="mb-3 delivery-site') == rows
        assert page.count('class="mb-3 member"') == rows + 1
        assert page.count('class="mb-2 invitation"') == rows

        client.force_login(factories.officer())
        with django_assert_max_num_queries(18):
            page = client.get(reverse("organisations:review", args=[org_a.pk])).content.decode()
        assert page.count('class="mb-3 delivery-site') == rows


class TestEachOrganisationSeesItsOwn:
    def test_a_member_of_a_cannot_read_b(self, client, org_a, org_b):
        client.force_login(org_a.applicant)

        assert client.get(reverse("organisations:area", args=[org_b.pk])).status_code == 404
        assert client.get(reverse("organisations:site-add", args=[org_b.pk])).status_code == 404

    def test_a_member_of_a_cannot_change_bs_sites_or_invite_to_b(self, client, org_a, org_b):
        site_b = factories.delivery_site(org_b, name="Kho B")
        client.force_login(org_a.applicant)

        assert client.post(reverse("organisations:site-edit", args=[org_b.pk, site_b.pk]), _site()).status_code == 404
        assert client.post(reverse("organisations:site-edit", args=[org_a.pk, site_b.pk]), _site()).status_code == 404
        assert (
            client.post(reverse("organisations:site-active", args=[org_a.pk, site_b.pk]), {"active": "0"}).status_code
            == 404
        )
        assert (
            client.post(
                reverse("organisations:area", args=[org_b.pk]), {"contact": "x@example.com", "can_order": "on"}
            ).status_code
            == 404
        )
        site_b.refresh_from_db()
        assert (site_b.name, site_b.is_active) == ("Kho B", True)
        assert not MemberInvitation.objects.exists()

    def test_cooperative_staff_have_no_access_to_organisations(self, client, org_a):
        staff = factories.cooperative_staff(factories.cooperative())
        Membership.objects.create(organisation=org_a, user=staff, can_approve=True)
        client.force_login(staff)

        assert client.get(reverse("organisations:area", args=[org_a.pk])).status_code == 403
        assert client.post(reverse("organisations:site-add", args=[org_a.pk]), _site()).status_code == 403
        assert not DeliverySite.objects.exists()

    def test_officers_read_every_organisation_but_change_nothing(self, client, org_a, org_b):
        factories.delivery_site(org_b, name="Kho B")
        client.force_login(factories.officer())

        assert "Kho B" in client.get(reverse("organisations:area", args=[org_b.pk])).content.decode()
        assert "Kho B" in client.get(reverse("organisations:review", args=[org_b.pk])).content.decode()
        assert client.post(reverse("organisations:site-add", args=[org_b.pk]), _site()).status_code == 403
        assert DeliverySite.objects.count() == 1


class TestMembers:
    @pytest.fixture
    def orderer(self, org_a):
        user = factories.user(email="bep@example.com")
        return Membership.objects.create(organisation=org_a, user=user, can_order=True)

    def test_an_approver_changes_a_members_roles_and_removes_them(self, client, org_a, orderer):
        client.force_login(org_a.applicant)

        client.post(reverse("organisations:member", args=[org_a.pk, orderer.pk]), {"can_order": "on", "can_pay": "on"})
        orderer.refresh_from_db()
        assert (orderer.can_order, orderer.can_approve, orderer.can_pay) == (True, False, True)

        client.post(reverse("organisations:member", args=[org_a.pk, orderer.pk]), {"remove": "1"})
        assert not Membership.objects.filter(pk=orderer.pk).exists()

    def test_the_last_approver_cannot_give_up_approving_nor_be_removed(self, client, org_a):
        own = Membership.objects.get(organisation=org_a, user=org_a.applicant)
        client.force_login(org_a.applicant)

        response = client.post(
            reverse("organisations:member", args=[org_a.pk, own.pk]), {"can_order": "on"}, follow=True
        )
        assert "ít nhất một người duyệt đơn" in response.content.decode()
        response = client.post(reverse("organisations:member", args=[org_a.pk, own.pk]), {"remove": "1"}, follow=True)
        assert "ít nhất một người duyệt đơn" in response.content.decode()
        own.refresh_from_db()
        assert own.can_approve

    def test_a_member_without_roles_is_refused(self, client, org_a, orderer):
        client.force_login(org_a.applicant)

        response = client.post(reverse("organisations:member", args=[org_a.pk, orderer.pk]), {}, follow=True)
        assert "ít nhất một vai trò" in response.content.decode()
        orderer.refresh_from_db()
        assert orderer.can_order

    def test_members_of_b_are_out_of_reach_of_a(self, client, org_a, org_b):
        member_b = Membership.objects.get(organisation=org_b)
        client.force_login(org_a.applicant)

        assert (
            client.post(reverse("organisations:member", args=[org_a.pk, member_b.pk]), {"remove": "1"}).status_code
            == 404
        )
        assert (
            client.post(reverse("organisations:member", args=[org_b.pk, member_b.pk]), {"remove": "1"}).status_code
            == 404
        )
        assert Membership.objects.filter(pk=member_b.pk).exists()

    def test_a_member_who_does_not_approve_cannot_change_roles(self, client, org_a, orderer):
        client.force_login(orderer.user)
        own = Membership.objects.get(organisation=org_a, user=org_a.applicant)

        assert client.post(reverse("organisations:member", args=[org_a.pk, own.pk]), {"remove": "1"}).status_code == 403
        assert Membership.objects.filter(pk=own.pk).exists()


class TestSuspension:
    def test_an_officer_suspends_with_a_reason_and_members_lose_the_area_until_reinstated(self, client, org_a):
        client.force_login(factories.officer())
        response = client.post(reverse("organisations:review", args=[org_a.pk]), {"decision": "suspend"})
        assert response.status_code == 400
        client.post(reverse("organisations:review", args=[org_a.pk]), {"decision": "suspend", "reason": "Nợ quá hạn"})
        org_a.refresh_from_db()
        assert org_a.status == Organisation.Status.SUSPENDED

        client.force_login(org_a.applicant)
        assert client.get(reverse("organisations:area", args=[org_a.pk])).status_code == 404

        client.force_login(factories.officer())
        client.post(reverse("organisations:review", args=[org_a.pk]), {"decision": "reinstate"})
        org_a.refresh_from_db()
        assert org_a.status == Organisation.Status.VERIFIED
        assert [d.action for d in org_a.decisions.all()][:2] == ["reinstated", "suspended"]


@pytest.mark.parametrize(
    "status, buttons",
    [
        ("applied", ["verify", "return", "reject"]),
        ("verified", ["suspend"]),
        ("suspended", ["reinstate"]),
        ("returned", []),
        ("rejected", []),
    ],
)
def test_the_review_page_offers_exactly_the_decisions_open_to_the_organisation(client, db, status, buttons):
    """The buttons follow the one table of what an officer may decide from each status."""
    organisation = factories.organisation()
    Organisation.objects.filter(pk=organisation.pk).update(status=status)
    client.force_login(factories.officer())

    page = client.get(reverse("organisations:review", args=[organisation.pk])).content.decode()

    assert re.findall(r'name="decision" value="(\w+)"', page) == buttons
    assert ("lý do khi" in page) == any(button in ("return", "reject", "suspend") for button in buttons)


class TestAccountTab:
    def test_a_buyers_account_pages_lead_to_their_organisations(self, client, site):
        client.force_login(factories.user())

        page = client.get(reverse("customer:profile-view")).content.decode()
        assert 'href="/organisations/"' in page

    def test_cooperative_staff_have_no_such_tab(self, client, site):
        client.force_login(factories.cooperative_staff(factories.cooperative()))

        page = client.get(reverse("customer:profile-view")).content.decode()
        assert 'href="/organisations/"' not in page


class TestOfficersMenu:
    def test_officers_find_the_business_buyers_in_the_dashboards_menu(self, client, site):
        client.force_login(factories.officer())

        assert 'href="/organisations/review/"' in client.get(reverse("dashboard:index")).content.decode()

    def test_cooperative_staff_do_not(self, client, site):
        client.force_login(factories.cooperative_staff(factories.cooperative()))

        response = client.get(reverse("dashboard:index"), follow=True)
        assert 'href="/organisations/review/"' not in response.content.decode()


class TestInvitations:
    @pytest.fixture
    def invitation(self, client, org_a):
        client.force_login(org_a.applicant)
        client.post(reverse("organisations:area", args=[org_a.pk]), {"contact": "bep@example.com", "can_order": "on"})
        return MemberInvitation.objects.get()

    def test_a_withdrawn_invitation_no_longer_lets_anyone_join(self, client, org_a, invitation):
        client.post(reverse("organisations:area", args=[org_a.pk]), {"revoke": str(invitation.pk)})
        invited = factories.user(email="bep@example.com")
        client.force_login(invited)

        page = client.post(reverse("organisations:invitation", args=[invitation.token]), follow=True).content.decode()
        assert "không còn hiệu lực" in page
        assert not Membership.objects.filter(user=invited).exists()

    def test_an_expired_invitation_is_refused(self, client, invitation):
        MemberInvitation.objects.filter(pk=invitation.pk).update(
            created_at=invitation.created_at - timedelta(days=MemberInvitation.VALID_DAYS + 1)
        )
        invited = factories.user(email="bep@example.com")
        client.force_login(invited)

        client.post(reverse("organisations:invitation", args=[invitation.token]))
        assert not Membership.objects.filter(user=invited).exists()

    def test_a_member_is_not_invited_twice(self, client, org_a):
        client.force_login(org_a.applicant)

        response = client.post(
            reverse("organisations:area", args=[org_a.pk]), {"contact": org_a.applicant.email, "can_order": "on"}
        )
        assert response.status_code == 400
        assert "đã là thành viên" in response.content.decode()
        assert not MemberInvitation.objects.exists()

    def test_the_e_mail_is_in_the_language_the_inviter_used(self, client, org_a, django_capture_on_commit_callbacks):
        client.force_login(org_a.applicant)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/en/organisations/{org_a.pk}/", {"contact": "cook@example.com", "can_order": "on"})

        assert mail.outbox[-1].subject == f"You are invited to join {org_a.name}"
