"""Issue 16, accounts and roles: one answer to "who is an officer", throttling that a change of case
cannot dodge, sign-out by POST, revocable invitations, rejected applications, registration that
reveals no account, one client address for every per-address rule, and same-site language links."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from oscar.core.loading import get_model

from cooperatives.models import Application, Decision, StaffInvitation
from tests import factories

Partner = get_model("partner", "Partner")
LOGIN_URL = "/en/accounts/login/"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _signed_in(client):
    return "_auth_user_id" in client.session


def _text(response):
    return " ".join(response.content.decode().split())


# --- Who is an officer -------------------------------------------------------------------------

OFFICER_PAGES = ["/cooperatives/review/", "/adoption/", "/payments/payouts/", "/feedback/summary/"]


@pytest.mark.parametrize(
    "permissions",
    [[], [("adoption", "view_adoption_dashboard")], [("cooperatives", "review_application")]],
    ids=["staff-flag-only", "dashboard-permission-only", "review-permission-only"],
)
def test_a_half_officer_gets_the_same_answer_on_every_officers_page(client, site, permissions):
    user = factories.user(email="nua@example.com", is_staff=True)
    user.user_permissions.add(*(_permission(*p) for p in permissions))
    client.force_login(user)

    answers = {url: client.get(url).status_code for url in OFFICER_PAGES}

    assert len(set(answers.values())) == 1, answers


def test_a_view_only_officer_sees_a_cooperatives_partner_record_but_cannot_rename_it(client, site):
    cooperative = factories.cooperative(name="HTX Phước An")
    officer = factories.officer(email="xem@example.com")
    officer.user_permissions.add(_permission("partner", "view_partner"))
    client.force_login(officer)
    url = f"/en/dashboard/partners/{cooperative.partner_id}/"

    shown = client.get(url)
    renamed = client.post(url, {"name": "Đã đổi tên"})

    assert shown.status_code == 200
    assert renamed.status_code == 403
    assert Partner.objects.get(pk=cooperative.partner_id).name == "HTX Phước An"


# --- Login throttling keyed on the normalised e-mail --------------------------------------------


def _sign_in(client, email, password):
    return client.post(
        LOGIN_URL,
        {"login-username": email, "login-password": password, "login_submit": "1"},
        REMOTE_ADDR="203.0.113.7",
    )


@pytest.mark.parametrize("variant", ["EVIL3@example.com", " Evil3@Example.COM "])
def test_a_case_variant_of_a_locked_out_email_is_locked_out_too(client, site, variant):
    factories.user(email="evil3@example.com")
    for _ in range(5):
        _sign_in(client, "evil3@example.com", "wrong-password")

    response = _sign_in(client, variant, "demo12345")

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not _signed_in(client)


def test_failures_typed_in_any_case_add_up_to_one_lock(client, site):
    factories.user(email="evil3@example.com")
    for email in ["evil3@example.com", "EVIL3@example.com", "Evil3@example.com", "eViL3@example.com"]:
        _sign_in(client, email, "wrong-password")
    assert _sign_in(client, "EVIL3@EXAMPLE.COM", "wrong-password").status_code == 429
    assert _sign_in(client, "evil3@example.com", "demo12345").status_code == 429


def test_signing_in_ignores_the_case_of_the_email(client, site):
    factories.user(email="lan@example.com")
    assert _sign_in(client, "LAN@Example.com", "demo12345").status_code == 302
    assert _signed_in(client)


# --- Sign-out by POST only ----------------------------------------------------------------------


class TestSignOut:
    def test_following_a_link_to_the_sign_out_address_does_not_sign_out(self, client, site):
        client.force_login(factories.user())
        response = client.get("/en/accounts/logout/")
        assert response.status_code == 200
        assert _signed_in(client)
        assert '<form method="post" action="/en/accounts/logout/"' in response.content.decode()

    def test_posting_signs_out(self, client, site):
        client.force_login(factories.user())
        response = client.post("/en/accounts/logout/")
        assert response.status_code == 302
        assert not _signed_in(client)

    def test_the_header_offers_a_sign_out_button_not_a_link(self, client, site):
        client.force_login(factories.user())
        page = client.get("/en/accounts/profile/").content.decode()
        assert 'href="/en/accounts/logout/"' not in page
        assert re.search(r'<form[^>]*method="post"[^>]*action="/en/accounts/logout/"', page)


# --- Staff invitations --------------------------------------------------------------------------


def _manager(cooperative, email):
    manager = factories.cooperative_staff(cooperative, email=email)
    cooperative.managers.add(manager)
    return manager


class TestInvitations:
    def test_a_manager_revokes_a_pending_invitation_which_then_cannot_be_accepted(self, client, site):
        cooperative = factories.cooperative()
        manager = _manager(cooperative, "quanly@example.com")
        invitation = StaffInvitation.objects.create(
            cooperative=cooperative, email="dung@example.com", token="revoke-me", invited_by=manager
        )
        client.force_login(manager)

        response = client.post("/en/cooperatives/staff/", {"revoke": invitation.pk}, follow=True)

        assert "The invitation to dung@example.com is withdrawn." in _text(response)
        assert "dung@example.com" not in _text(client.get("/en/cooperatives/staff/"))
        invitee = factories.user(email="dung@example.com")
        client.force_login(invitee)
        accepted = client.post("/en/cooperatives/invitations/revoke-me/", follow=True)
        assert "This invitation is no longer valid" in _text(accepted)
        assert not cooperative.partner.users.filter(pk=invitee.pk).exists()

    def test_a_manager_of_another_cooperative_cannot_revoke_it(self, client, site):
        coop_a, coop_b = factories.cooperative(), factories.cooperative()
        invitation = StaffInvitation.objects.create(
            cooperative=coop_b, email="dung@example.com", token="theirs", invited_by=_manager(coop_b, "b@example.com")
        )
        client.force_login(_manager(coop_a, "a@example.com"))

        response = client.post("/en/cooperatives/staff/", {"revoke": invitation.pk})

        assert response.status_code == 404
        assert StaffInvitation.objects.get(pk=invitation.pk).is_pending

    def test_an_invitation_dies_when_its_inviter_stops_managing_the_cooperative(self, client, site):
        cooperative = factories.cooperative()
        inviter = _manager(cooperative, "cu@example.com")
        other_manager = _manager(cooperative, "moi@example.com")
        StaffInvitation.objects.create(
            cooperative=cooperative, email="dung@example.com", token="orphan", invited_by=inviter
        )
        client.force_login(other_manager)
        client.post("/en/cooperatives/staff/", {"remove": inviter.pk})
        invitee = factories.user(email="dung@example.com")
        client.force_login(invitee)

        response = client.post("/en/cooperatives/invitations/orphan/", follow=True)

        assert "This invitation is no longer valid" in _text(response)
        assert not cooperative.partner.users.filter(pk=invitee.pk).exists()


# --- Rejecting an application -------------------------------------------------------------------


def _application(applicant, code="HTX-ABC-1", status=Application.Status.SUBMITTED):
    return Application.objects.create(
        applicant=applicant,
        cooperative_name="HTX Rau sạch Tân Phú Trung",
        registration_code=code,
        commune=factories.commune(),
        legal_representative="Trần Văn Bình",
        phone="0909123456",
        member_count=35,
        main_products="Rau ăn lá",
        status=status,
    )


class TestRejection:
    @pytest.mark.parametrize("status", [Application.Status.SUBMITTED, Application.Status.RETURNED])
    def test_an_officer_rejects_with_a_reason_the_applicant_is_told_and_the_code_is_freed(
        self, client, site, status, django_capture_on_commit_callbacks
    ):
        applicant = factories.user(email="htx@example.com")
        application = _application(applicant, status=status)
        client.force_login(factories.officer())

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/en/cooperatives/review/{application.pk}/",
                {"decision": "reject", "reason": "Không phải hợp tác xã nông nghiệp."},
                follow=True,
            )

        assert "The application was rejected." in _text(response)
        application.refresh_from_db()
        assert application.status == Application.Status.REJECTED
        decision = Decision.objects.get(application=application)
        assert decision.action == Decision.Action.REJECTED
        assert [m.to for m in mail.outbox] == [["htx@example.com"]]
        assert "Không phải hợp tác xã nông nghiệp." in mail.outbox[0].body

        other = factories.user(email="khac@example.com")
        client.force_login(other)
        client.post(
            "/en/cooperatives/apply/",
            {
                "cooperative_name": "HTX Khác",
                "registration_code": "htx-abc-1",
                "commune": factories.commune().pk,
                "legal_representative": "Lê Văn C",
                "phone": "0909000000",
                "member_count": 12,
                "main_products": "Lúa",
                "documents": [_pdf()],
            },
        )
        assert Application.objects.filter(applicant=other, registration_code="htx-abc-1").exists()

    def test_rejecting_without_a_reason_is_refused_and_changes_nothing(self, client, site):
        application = _application(factories.user())
        client.force_login(factories.officer())

        response = client.post(f"/en/cooperatives/review/{application.pk}/", {"decision": "reject", "reason": " "})

        assert response.status_code == 400
        assert "Say why the application is rejected." in _text(response)
        application.refresh_from_db()
        assert application.status == Application.Status.SUBMITTED

    def test_a_code_held_by_a_pending_application_is_refused_in_any_case(self, client, site):
        _application(factories.user(), code="HTX-ABC-1")
        client.force_login(factories.user(email="khac@example.com"))
        response = client.post(
            "/en/cooperatives/apply/",
            {
                "cooperative_name": "HTX Khác",
                "registration_code": "htx-abc-1",
                "commune": factories.commune().pk,
                "legal_representative": "Lê Văn C",
                "phone": "0909000000",
                "member_count": 12,
                "main_products": "Lúa",
                "documents": [_pdf()],
            },
        )
        assert "already registered or applying" in _text(response)


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("giay.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


# --- Registration reveals no account ------------------------------------------------------------


class TestRegistration:
    def _register(self, client, email, url=LOGIN_URL):
        return client.post(
            url,
            {
                "registration-email": email,
                "registration-password1": "vuon-rau-sach-2025",
                "registration-password2": "vuon-rau-sach-2025",
                "registration_submit": "1",
                # Oscar's registration page has no prefix.
                "email": email,
                "password1": "vuon-rau-sach-2025",
                "password2": "vuon-rau-sach-2025",
            },
            follow=True,
        )

    @pytest.mark.parametrize("url", [LOGIN_URL, "/en/accounts/register/"])
    def test_registering_an_existing_address_says_a_mail_was_sent_and_warns_the_owner(self, client, site, url):
        factories.user(email="lan@example.com")

        response = self._register(client, "LAN@example.com", url)

        page = _text(response)
        assert "already exists" not in page
        assert "We have sent an e-mail to LAN@example.com" in page
        assert not _signed_in(client)
        assert get_user_model().objects.filter(email__iexact="lan@example.com").count() == 1
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["lan@example.com"]
        assert "Someone tried to register" in mail.outbox[0].subject
        assert "/password-reset/" in mail.outbox[0].body

    @pytest.mark.parametrize("url", [LOGIN_URL, "/en/accounts/register/", "/accounts/login/"])
    def test_a_new_address_gets_byte_for_byte_the_answer_an_existing_one_gets(self, client, site, url):
        factories.user(email="lan@example.com")

        def answer(email):
            response = self._register(client, email, url)
            page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
            return response.status_code, response.redirect_chain, page.replace(email, "<address>")

        existing, new = answer("lan@example.com"), answer("minh@example.com")

        assert existing == new
        assert not _signed_in(client)
        assert "We have sent an e-mail to" in new[2] or "Chúng tôi đã gửi e-mail đến" in new[2]

    def test_a_new_address_gets_an_inactive_account_and_a_one_time_activation_link(self, client, site):
        self._register(client, "minh@example.com")

        user = get_user_model().objects.get(email="minh@example.com")
        assert not user.is_active
        assert not _signed_in(client)
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["minh@example.com"]
        link = re.search(r"http://testserver(/en/accounts/activate/[^/\s]+/[^/\s]+/)", mail.outbox[0].body).group(1)

        first = client.get(link, follow=True)
        assert _signed_in(client)
        user.refresh_from_db()
        assert user.is_active
        assert "Your account is active" in _text(first)

        client.post("/en/accounts/logout/")
        again = client.get(link, follow=True)
        assert not _signed_in(client)
        assert "This activation link has already been used or has expired" in _text(again)

    def test_a_broken_activation_link_says_so_in_vietnamese(self, client, site):
        response = client.get("/accounts/activate/MQ/not-a-token/", follow=True)
        assert "Liên kết kích hoạt này đã được dùng hoặc đã hết hạn" in _text(response)
        assert not _signed_in(client)

    def test_an_account_not_yet_activated_cannot_sign_in_and_is_told_why_only_with_its_password(self, client, site):
        self._register(client, "minh@example.com")
        mail.outbox.clear()

        def sign_in(password):
            return client.post(
                LOGIN_URL,
                {"login-username": "minh@example.com", "login-password": password, "login_submit": "1"},
            )

        wrong = _text(sign_in("wrong-password-1"))
        assert "activation" not in wrong and "follow the link" not in wrong
        assert not _signed_in(client)

        right = sign_in("vuon-rau-sach-2025")
        assert right.status_code == 200
        assert "not activated yet" in _text(right)
        assert not _signed_in(client)

        client.post("/en/accounts/activate/resend/", follow=True)
        assert len(mail.outbox) == 1 and "/en/accounts/activate/" in mail.outbox[0].body

    def test_registering_again_before_activating_sends_the_link_again_and_creates_no_second_account(self, client, site):
        self._register(client, "minh@example.com")
        self._register(client, "MINH@example.com")

        assert get_user_model().objects.filter(email__iexact="minh@example.com").count() == 1
        assert len(mail.outbox) == 2
        assert all("/accounts/activate/" in message.body for message in mail.outbox)

    def test_the_checkout_offers_no_register_option_guests_buy_and_register_later(self, client, site):
        from oscar.core.loading import get_class

        form = get_class("checkout.forms", "GatewayForm")()
        assert [value for value, _label in form.fields["options"].choices] == ["anonymous", "existing"]
        assert not get_class("checkout.forms", "GatewayForm")(
            data={"username": "moi@example.com", "options": "new"}
        ).is_valid()


# --- One client address for every per-address rule ----------------------------------------------


def test_behind_the_load_balancer_each_residents_address_counts_apart_for_feedback(client, site, settings):
    from tests.integration.feedback.test_feedback import a_token, unit_2025

    settings.TRUSTED_PROXY_COUNT = 1
    commune = unit_2025("Tân Nhựt", factories.commune("Tân Nhựt", "Bình Chánh"))
    for resident in ("203.0.113.7", "198.51.100.20"):
        response = client.post(
            "/en/feedback/",
            {"commune": commune.pk, "rating": 4, "comment": "", "website": "", "form_token": a_token()},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=resident,
        )
        assert response.status_code == 302, _text(response)


# --- Same-site language links -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/%2F%2Fevil.example/", "/%2F%2Fevil.example/catalogue/", "/%5C%5Cevil.example/"])
def test_the_language_link_on_a_not_found_page_stays_on_this_site(client, site, path):
    response = client.get(path)

    assert response.status_code == 404
    links = re.findall(r'<a href="([^"]*)" hreflang=', response.content.decode())
    assert links
    for link in links:
        assert link.startswith("/") and not link.startswith("//") and not link.startswith("/\\"), link


def test_the_new_messages_are_in_vietnamese_at_the_default_address(client, site):
    factories.user(email="lan@example.com")
    response = TestRegistration()._register(client, "lan@example.com", "/accounts/login/")
    assert "Chúng tôi đã gửi e-mail đến lan@example.com" in _text(response)
    TestRegistration()._register(client, "minh@example.com", "/accounts/login/")
    assert "Kích hoạt tài khoản Chợ HTX của bạn" in mail.outbox[-1].subject
    assert "http://testserver/accounts/activate/" in mail.outbox[-1].body
    refused = client.post(
        "/accounts/login/",
        {"login-username": "minh@example.com", "login-password": "vuon-rau-sach-2025", "login_submit": "1"},
    )
    assert "Tài khoản này chưa được kích hoạt" in _text(refused)
    assert "Gửi lại liên kết kích hoạt" in _text(refused)
    client.force_login(factories.user())
    assert "Bạn có muốn đăng xuất không?" in _text(client.get("/accounts/logout/"))


def test_guest_checkout_does_not_tell_whether_an_address_has_an_account(client, site):
    from decimal import Decimal

    factories.user(email="co-tai-khoan@example.com")
    product = factories.product(price=Decimal("50000"))
    client.post(f"/en/basket/add/{product.pk}/", {"quantity": 1})
    response = client.post("/en/checkout/", {"username": "co-tai-khoan@example.com", "options": "anonymous"})
    assert response.status_code == 302 and "/checkout/shipping-address/" in response["Location"]
    assert "already exists" not in client.get(response["Location"]).content.decode()
