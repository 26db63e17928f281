"""A cooperative's manager invites staff by e-mail and removes them."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import StaffInvitation
from tests import factories


def _manager(cooperative, email="quanly@example.com"):
    manager = factories.cooperative_staff(cooperative, email=email)
    cooperative.managers.add(manager)
    return manager


def _invite(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("cooperatives:staff"), {"email": email})


class TestInvitations:
    def test_manager_invites_and_the_invitee_joins_with_the_emailed_link(
        self, client, site, django_capture_on_commit_callbacks
    ):
        cooperative = factories.cooperative(name="HTX Nấm Trung Lập")
        client.force_login(_manager(cooperative))
        _invite(client, "Nhan.Vien@example.com", django_capture_on_commit_callbacks)

        assert mail.outbox[0].to == ["nhan.vien@example.com"]
        assert "HTX Nấm Trung Lập" in mail.outbox[0].subject
        link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
        newcomer = factories.user(email="nhan.vien@example.com")
        client.force_login(newcomer)
        response = client.post(link, follow=True)

        assert cooperative.partner.users.filter(pk=newcomer.pk).exists()
        newcomer.refresh_from_db()
        assert newcomer.has_perm("partner.dashboard_access") and not newcomer.is_staff
        assert response.status_code == 200
        assert response.redirect_chain == [(reverse("workspace:today"), 302)]  # straight to their workspace
        assert StaffInvitation.objects.get().accepted_at is not None

    def test_invitation_cannot_be_used_by_another_account(self, client, site):
        cooperative = factories.cooperative()
        invitation = StaffInvitation.objects.create(
            cooperative=cooperative, email="dung@example.com", token="t1", invited_by=_manager(cooperative)
        )
        intruder = factories.user(email="khac@example.com")
        client.force_login(intruder)
        response = client.post(reverse("cooperatives:invitation", args=[invitation.token]), follow=True)
        assert "dung@example.com" in response.content.decode()
        assert not cooperative.partner.users.filter(pk=intruder.pk).exists()

    def test_expired_invitation_is_refused(self, client, site):
        cooperative = factories.cooperative()
        invitation = StaffInvitation.objects.create(
            cooperative=cooperative, email="dung@example.com", token="t2", invited_by=_manager(cooperative)
        )
        StaffInvitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=8))
        invitee = factories.user(email="dung@example.com")
        client.force_login(invitee)
        client.post(reverse("cooperatives:invitation", args=[invitation.token]))
        assert not cooperative.partner.users.filter(pk=invitee.pk).exists()

    def test_staff_who_are_not_managers_cannot_invite(self, client, site, django_capture_on_commit_callbacks):
        cooperative = factories.cooperative()
        client.force_login(factories.cooperative_staff(cooperative))
        response = _invite(client, "ai@example.com", django_capture_on_commit_callbacks)
        assert response.status_code == 403
        assert not StaffInvitation.objects.exists() and not mail.outbox


class TestRemoval:
    def test_manager_removes_a_member_who_loses_the_dashboard(self, client, site):
        cooperative = factories.cooperative()
        client.force_login(_manager(cooperative))
        member = factories.cooperative_staff(cooperative, email="tam@example.com")

        client.post(reverse("cooperatives:staff"), {"remove": member.pk})

        assert not cooperative.partner.users.filter(pk=member.pk).exists()
        client.force_login(member)
        assert client.get(reverse("dashboard:catalogue-product-list")).status_code == 403

    def test_manager_of_a_cannot_see_or_remove_staff_of_b(self, client, site):
        coop_a, coop_b = factories.cooperative(), factories.cooperative()
        client.force_login(_manager(coop_a))
        theirs = factories.cooperative_staff(coop_b, email="cua-b@example.com")

        page = client.get(reverse("cooperatives:staff")).content.decode()
        response = client.post(reverse("cooperatives:staff"), {"remove": theirs.pk})

        assert "cua-b@example.com" not in page
        assert response.status_code == 404
        assert coop_b.partner.users.filter(pk=theirs.pk).exists()

    def test_buyer_without_a_cooperative_is_refused(self, client, site):
        client.force_login(factories.user())
        assert client.get(reverse("cooperatives:staff")).status_code == 403


def test_approved_applicant_becomes_the_manager(client, site):
    from accounts import roles
    from cooperatives import services
    from cooperatives.models import Application

    applicant = factories.user(email="htx@example.com")
    application = Application.objects.create(
        applicant=applicant, cooperative_name="HTX Mới", registration_code="4100000001", commune=factories.commune(),
        legal_representative="A", phone="1", member_count=3, main_products="rau",
    )
    cooperative = services.application_approve(application=application, officer=factories.officer())
    assert roles.is_cooperative_manager(applicant, cooperative)
