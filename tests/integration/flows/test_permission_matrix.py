"""Every URL pattern of the site × anonymous, buyer, staff of cooperative A, staff of cooperative B,
officer and superuser: each gets the answer ``permission_matrix_rows.py`` expects, and none a 500.
A URL pattern without a row fails the build (``test_every_url_pattern_has_a_row``).

The data is built once for the module, inside a transaction rolled back at its end; each request runs
in the test's own rolled-back transaction, so a GET that writes (a basket, a logout) leaves no trace."""

import datetime
from decimal import Decimal
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site as DjangoSite
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories
from wagtail.documents.models import Document

from contracts import services as contract_services
from contracts.models import StandingOrder
from cooperatives.models import Application, ApplicationDocument, ImportJob, StaffInvitation
from invoicing.services import invoice_issue
from lifecycle.parts import part_move as order_part_change_status
from regions.models import Layout
from regions.selectors import unit_slug
from tests import factories
from tests.conftest import make_site
from tests.integration.permission_matrix_rows import FAMILIES, ROLES, ROWS
from training import services as training_services
from training.models import Course, Session

# Also what makes pytest-django set up the test database for a module-scoped fixture.
pytestmark = pytest.mark.django_db

GTIN = "8934563138165"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

Email = get_model("communication", "Email")
Notification = get_model("communication", "Notification")
CommunicationEventType = get_model("communication", "CommunicationEventType")
WishList = get_model("wishlists", "WishList")
ProductAlert = get_model("customer", "ProductAlert")


def url_patterns(patterns=None, prefix=""):
    """Every route of the site, includes flattened (the language prefix adds nothing: Vietnamese is unprefixed)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def covered(route: str) -> bool:
    return route.startswith(tuple(FAMILIES)) or route in {row.pattern for row in ROWS}


def answer(response) -> str:
    """The status in the table's words: ok, login, redirect or the code."""
    if response.status_code in (301, 302):
        target = response["Location"].split("?")[0]
        return "login" if target.endswith("/login/") else "redirect"
    return "ok" if response.status_code == 200 else str(response.status_code)


def build_world() -> tuple[dict, dict]:
    """Returns (the users by role, the values that fill the rows' URL templates)."""
    home = make_site()
    factories.real_geography()
    commune = factories.unit("27502")  # Củ Chi → An Phú
    district = commune.parent
    unit_2025 = factories.unit("27508", layout=Layout.FROM_2025)

    coop_a = factories.cooperative(name="HTX Phước An", commune=commune)
    coop_b = factories.cooperative(name="HTX Tân Nhựt", commune=commune)
    storefront_a = factories.storefront(coop_a)
    storefront_b = factories.storefront(coop_b)
    staff_a = factories.cooperative_staff(coop_a, email="staff-a@example.com")
    staff_b = factories.cooperative_staff(coop_b, email="staff-b@example.com")
    coop_a.managers.add(staff_a)
    coop_b.managers.add(staff_b)
    buyer = factories.user(email="buyer@example.com")
    officer = factories.officer(email="officer@example.com")
    # As the demo's officers' group makes them: partners are read in Oscar's dashboard, never changed.
    officer.user_permissions.add(Permission.objects.get(content_type__app_label="partner", codename="view_partner"))
    superuser = factories.user(email="admin@example.com", is_staff=True, is_superuser=True)

    category = factories.category("Rau củ")
    product_a = factories.product(coop=coop_a, title="Rau muống Phước An", category=category)
    product_b = factories.product(coop=coop_b, title="Gạo Tân Nhựt", category=category, upc=GTIN)
    order_b = factories.order_with_parts((product_b, 1), buyer=buyer)
    part_b = order_b.parts.get()
    line_b = order_b.lines.get()
    # An earlier order of the same product, delivered: the buyer may review it (catalog/review_rules.py).
    earlier_part_b = factories.order_with_parts((product_b, 1), buyer=buyer).parts.get()
    for status in ("confirmed", "shipped", "delivered"):
        earlier_part_b = order_part_change_status(part=earlier_part_b, status=status, user=officer)
    area_b = factories.raw_material_area(coop_b)
    batch_b = factories.batch(coop=coop_b, product_=product_b, area=area_b, code="PA-2611-01")
    linkage_b = factories.linkage_model(coop_b, areas=[area_b])
    job_b = ImportJob.objects.create(cooperative=coop_b, uploaded_by=staff_b, file_name="gia.csv", file="x.csv")
    invitation_b = StaffInvitation.objects.create(
        cooperative=coop_b, email="new@example.com", token="invitation-token-b", invited_by=staff_b
    )

    application = Application.objects.create(
        applicant=buyer,
        cooperative_name="HTX Rau sạch Tân Phú Trung",
        registration_code="4107000123",
        commune=commune,
        legal_representative="Trần Văn Bình",
        phone="0909123456",
        member_count=35,
        main_products="Rau ăn lá",
    )
    organisation_b = factories.organisation("Siêu thị B", kind="supermarket", officer_=officer)
    delivery_site_b = factories.delivery_site(organisation_b)
    contract_b = contract_services.contract_offer(
        by=staff_b,
        name="Gạo cho Siêu thị B",
        lead_cooperative=coop_b,
        organisation=organisation_b,
        terms=contract_services.Terms(
            cooperatives=[coop_b], lines=[contract_services.LineTerms(product=product_b, unit_price=18000, volume=50)]
        ),
    )
    # A delivery under B's contract, delivered: its invoice.
    invoiced_order_b = factories.order_with_parts((product_b, 1), buyer=organisation_b.applicant)
    StandingOrder.objects.create(
        linkage_model=contract_b.linkage_model,
        version=contract_b,
        delivery_date=datetime.date(2026, 11, 23),
        delivery_site=delivery_site_b,
        cutoff_at=timezone.now(),
        status=StandingOrder.Status.PLACED,
        order=invoiced_order_b,
    )
    invoiced_part_b = invoiced_order_b.parts.get()
    for status in ("confirmed", "shipped", "delivered"):
        invoiced_part_b = order_part_change_status(part=invoiced_part_b, status=status, user=officer)
    invoice_b = invoice_issue(part=invoiced_part_b)
    organisation_invitation_b = organisation_b.invitations.create(
        email="kho@example.com", token="organisation-token-b", invited_by=organisation_b.applicant
    )
    course = Course.objects.create(title="Chuyển đổi số cho HTX", audience="cooperative_staff", is_published=True)
    starts = timezone.now() + datetime.timedelta(days=7)
    training_session = Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), seats=5,
        venue="Hội trường xã An Phú", trainer="Nguyễn Thị Lan",
    )  # fmt: skip
    registration_b = training_services.registration_create(session=training_session, person=staff_b, by=staff_b)
    # B's staff member attended a session that began an hour ago (marked at the door): a certificate.
    done_session = Session.objects.create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), seats=5,
        venue="Hội trường xã An Phú", trainer="Nguyễn Thị Lan",
    )  # fmt: skip
    attended_b = training_services.registration_create(session=done_session, person=staff_b, by=staff_b)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Session.objects.filter(pk=done_session.pk).update(starts_at=an_hour_ago, ends_at=starts)
    attended_b = training_services.attendance_mark(registration=attended_b, present=True, by=officer)
    document = ApplicationDocument(application=application)
    document.file.save("giay-chung-nhan.pdf", ContentFile(PDF), save=True)

    address = oscar_factories.UserAddressFactory(user=buyer)
    alert = ProductAlert.objects.create(user=buyer, product=product_a, key="alertkey")
    wishlist = WishList.objects.create(owner=buyer, name="Rau")
    wishlist_line = wishlist.lines.create(product=product_a, title=product_a.title)
    other_wishlist = WishList.objects.create(owner=buyer, name="Gạo")
    email = Email.objects.create(user=buyer, subject="Đơn hàng", body_text="Cảm ơn")
    notification = Notification.objects.create(recipient=buyer, subject="Tin", body="Tin")
    review = oscar_factories.ProductReviewFactory(product=product_a, user=buyer)
    product_range = oscar_factories.RangeFactory(name="Rau Tết", slug="rau-tet", is_public=True)
    offer = oscar_factories.ConditionalOfferFactory(name="Giảm Tết", slug="giam-tet")
    voucher = oscar_factories.VoucherFactory()
    voucher_set = oscar_factories.VoucherSetFactory()
    event_type = CommunicationEventType.objects.create(code="ORDER_PLACED", name="Order placed")
    shipping_method = oscar_factories.create_shipping_weight_based()
    band = oscar_factories.create_shipping_weight_band(Decimal("5"), Decimal("20000"), weight_based=shipping_method)
    flatpage = FlatPage.objects.create(url="/gioi-thieu/", title="Giới thiệu")
    flatpage.sites.add(DjangoSite.objects.get_current())
    option_group = oscar_factories.AttributeOptionGroupFactory()
    option = oscar_factories.OptionFactory()
    wagtail_document = Document.objects.create(title="Hướng dẫn", file=ContentFile(PDF, name="huong-dan.pdf"))
    note_b = order_b.notes.create(user=staff_b, message="Giao buổi sáng")

    users = {
        "buyer": buyer,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "officer": officer,
        "superuser": superuser,
    }
    values = {
        "coop_a": coop_a.pk,
        "coop_b": coop_b.pk,
        "partner_b": coop_b.partner_id,
        "coop_b_slug": coop_b.slug,
        "staff_b_user": staff_b.pk,
        "buyer_user": buyer.pk,
        "product_a": product_a.pk,
        "product_b": product_b.pk,
        "product_b_slug": product_b.slug,
        "product_a_slug": product_a.slug,
        "category": category.pk,
        "category_slug": category.slug,
        "product_class": product_b.get_product_class().pk,
        "product_class_slug": product_b.get_product_class().slug,
        "note_b": note_b.pk,
        "home_page": home.pk,
        "storefront_a": storefront_a.pk,
        "storefront_b": storefront_b.pk,
        "order_b": order_b.number,
        "order_b_pk": order_b.pk,
        "line_b": line_b.pk,
        "part_b": part_b.pk,
        "area_b": area_b.pk,
        "batch_b": batch_b.pk,
        "trace_code": batch_b.code,
        "gtin": GTIN,
        "linkage_b": linkage_b.pk,
        "job_b": job_b.pk,
        "invitation_b": invitation_b.token,
        "application": application.pk,
        "organisation_b": organisation_b.pk,
        "delivery_site_b": delivery_site_b.pk,
        "contract_b": contract_b.linkage_model_id,
        "contract_version_b": contract_b.pk,
        "membership_b": organisation_b.memberships.get().pk,
        "invoice_b": invoice_b.pk,
        "invoice_b_month": invoice_b.issued_on.strftime("%Y-%m"),
        "invoice_b_number": invoice_b.number,
        "organisation_invitation_b": organisation_invitation_b.token,
        "document": document.pk,
        "training_course": course.pk,
        "training_session": training_session.pk,
        "training_registration_b": registration_b.pk,
        "training_registration_b_code": registration_b.code,
        "training_attended_b_code": attended_b.code,
        "staff_b_email": staff_b.email,
        "district_code": district.code,
        "commune_code": commune.code,
        "unit_2025_code": unit_2025.code,
        "district_slug": unit_slug(district),
        "commune_slug": unit_slug(commune),
        "unit_2025_slug": unit_slug(unit_2025),
        "address": address.pk,
        "alert": alert.pk,
        "alert_key": alert.key,
        "wishlist": wishlist.key,
        "other_wishlist": other_wishlist.key,
        "wishlist_line": wishlist_line.pk,
        "email": email.pk,
        "notification": notification.pk,
        "review": review.pk,
        "range": product_range.pk,
        "range_slug": product_range.slug,
        "offer": offer.pk,
        "offer_slug": offer.slug,
        "voucher": voucher.pk,
        "voucher_set": voucher_set.pk,
        "event_type": event_type.code,
        "shipping_method": shipping_method.pk,
        "band": band.pk,
        "flatpage": flatpage.pk,
        "option_group": option_group.pk,
        "option": option.pk,
        "wagtail_document": wagtail_document.pk,
        "harvest_date": datetime.date(2026, 11, 20).isoformat(),
        # What B's rows show in a list, for the test that A's lists leave them out.
        "product_b_title": product_b.title,
        "area_b_name": area_b.name,
        "linkage_b_name": linkage_b.name,
        "job_b_file": job_b.file_name,
    }
    return users, values


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return str(tmp_path_factory.mktemp("matrix-media"))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, world_media):
    """Replaces tests/conftest.py's fixture of that name: the world's files (a Wagtail document) outlive
    each test, and 1,500 temporary folders would cost seconds."""
    settings.MEDIA_ROOT = world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """(session keys by role, values for the rows' URLs), built once and rolled back after the module."""
    with django_db_blocker.unblock():
        # Without the django_db mark pytest-django leaves the connection on the development database.
        assert connection.settings_dict["NAME"] != str(settings.BASE_DIR / "db.sqlite3")
        with transaction.atomic(), override_settings(MEDIA_ROOT=world_media):
            users, values = build_world()
            sessions = {"anonymous": None}
            for role, user in users.items():
                client = Client()
                client.force_login(user)
                sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield sessions, values
            transaction.set_rollback(True)


def test_every_url_pattern_has_a_row():
    missing = sorted({route for route in url_patterns() if not covered(route)})
    assert not missing, (
        "These URL patterns have no row in tests/integration/permission_matrix_rows.py:\n  "
        + "\n  ".join(missing)
        + '\nAdd one row each: R(r"<route as above>", "/<url, {placeholders} from build_world()>", '
        '"<anonymous> <buyer> <staff_a> <staff_b> <officer> <superuser>"), answers being ok, login, redirect '
        'or a status code, e.g. "login 403 403 403 ok ok" for an officers\' page.'
    )


def test_no_row_is_left_for_a_url_pattern_that_is_gone():
    routes = set(url_patterns())
    stale = sorted({row.pattern for row in ROWS} - routes - set(FAMILIES))
    assert not stale, f"Rows whose URL pattern no longer exists: {stale}"


def test_each_row_opens_the_pattern_it_is_for(world):
    _, values = world
    wrong = []
    for row in ROWS:
        # The resolver drops the "^" of regular-expression routes when it joins them.
        route = resolve(row.url.format(**values).split("?")[0]).route.replace("^", "")
        pattern = row.pattern.replace("^", "")
        if route != pattern and not (row.pattern in FAMILIES and route.startswith(pattern)):
            wrong.append(f"{row.url} opens {route!r}, not {row.pattern!r}")
    assert not wrong, "\n".join(wrong)


def _cells():
    for row in ROWS:
        answers = row.answers.split()
        assert len(answers) == len(ROLES), f"{row.url}: {len(answers)} answers for {len(ROLES)} roles"
        for role, expected in zip(ROLES, answers, strict=True):
            bug = (row.bugs or {}).get(role)
            marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
            yield pytest.param(row, role, expected, marks=marks, id=f"{role}-{row.method}-{row.url}")


@pytest.fixture(scope="module")
def client():
    """One client for the module: a new one loads the middleware again, and WhiteNoise's scan of the
    static files would cost 0.2 s a request."""
    return Client()


@pytest.mark.parametrize(("row", "role", "expected"), _cells())
def test_each_role_gets_its_answer(world, client, row, role, expected):
    sessions, values = world
    client.cookies = SimpleCookie()
    if sessions[role]:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    url = row.url.format(**values)
    response = client.post(url, {}) if row.method == "POST" else client.get(url)

    got = answer(response)
    where = f" to {response['Location']}" if response.status_code in (301, 302) else ""
    assert got == expected, f"{role} {row.method} {url}: expected {expected}, got {got}{where}"


# A cooperative's list pages, and what B's rows show there.
LISTS_WITH_ROWS_OF_B = [
    ("/value-chains/", "trace_code"),
    ("/value-chains/", "area_b_name"),
    ("/value-chains/", "linkage_b_name"),
    ("/dashboard/orders/", "order_b"),
    ("/dashboard/catalogue/", "product_b_title"),
    ("/fulfilment/pick-list/", "product_b_title"),
    ("/cooperatives/import/", "job_b_file"),
    ("/workspace/invoices/", "invoice_b_number"),
    ("/workspace/training/", "staff_b_email"),
    ("/workspace/invoices/register/?month={invoice_b_month}", "invoice_b_number"),
]


@pytest.mark.parametrize(("url", "shown"), LISTS_WITH_ROWS_OF_B)
def test_staff_of_a_do_not_see_the_rows_of_b_in_their_lists(world, client, url, shown):
    sessions, values = world
    pages = {}
    for role in ("staff_a", "staff_b"):
        client.cookies = SimpleCookie()
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        response = client.get(url.format(**values))
        assert response.status_code == 200
        pages[role] = response.content.decode()
    marker = str(values[shown])
    assert marker in pages["staff_b"]
    assert marker not in pages["staff_a"]
