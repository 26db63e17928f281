"""Hostile input to the public and staff forms and the API: arbitrary text, unicode, control
characters, huge and empty values, random bytes. No answer may be a 500, and a refused form stores
nothing.

Hypothesis runs each property a few dozen times against one test database (the examples share the
test's transaction), so the counts are compared around each example."""

import hashlib
import hmac
import io
import json
import os
import time
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model

from cooperatives.models import Application, ImportJob
from feedback.models import ResidentFeedback
from tests import factories

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")

# Few examples each, so the module stays within about a minute on SQLite; HOSTILE_EXAMPLES=500 for a long hunt.
EXAMPLES = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 25)),
    # The same examples on every run of the suite (CI must not turn red by luck); a long hunt varies them.
    derandomize="HOSTILE_EXAMPLES" not in os.environ,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout: failures print their example instead
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as an attacker types it: any code point but surrogates (which no browser can send), control
# characters and NUL included, sometimes very long.
hostile_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\r\n\t",
            "'; DROP TABLE auth_user; --",
            "<script>alert(1)</script>",
            "%00%ff",
            "../../etc/passwd",
            "１２３",  # full-width digits
            "٣",  # an Arabic-Indic digit: isdigit() is True, int() accepts it
            "-1",
            "0",
            "1e9",
            "99999999999999999999999",
            "NaN",
            "Rau muống Củ Chi đặc biệt",
            "x" * 10_000,
        ]
    ),
)
# A URL path segment: anything, percent-encoded as a browser would send it.
path_segment = hostile_text.filter(lambda text: text not in ("", ".", "..")).map(lambda text: quote(text, safe=""))


def assert_not_500(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.fixture
def shop(site):
    coop = factories.cooperative()
    staff = factories.cooperative_staff(coop)
    product = factories.product(coop=coop, stock=20)
    batch = factories.batch(coop=coop, product_=product, code="PA-2611-01")
    return {"coop": coop, "staff": staff, "product": product, "batch": batch}


@pytest.fixture
def officer_client(site):
    factories.real_geography()
    client = Client()
    client.force_login(factories.officer())
    return client


class TestPublicPages:
    @EXAMPLES
    @given(query=hostile_text, page=hostile_text, sort=hostile_text)
    def test_search_answers_any_query(self, client, shop, query, page, sort):
        response = client.get("/search/", {"q": query, "page": page, "sort_by": sort, "price": query})
        assert_not_500(response, f"search q={query!r} page={page!r}")

    @EXAMPLES
    @given(code=path_segment)
    def test_trace_pages_answer_any_code(self, client, shop, code):
        for url in (f"/trace/{code}/", f"/trace/{code}/qr.svg", f"/en/trace/{code}/"):
            assert_not_500(client.get(url), url)
        assert_not_500(client.get(f"/trace/{code}/", HTTP_ACCEPT="application/json"), f"trace JSON {code}")

    @EXAMPLES
    @given(gtin=st.from_regex(r"\A[0-9]{8,14}\Z"), code=path_segment)
    def test_gs1_digital_link_answers_any_gtin_and_batch(self, client, shop, gtin, code):
        response = client.get(f"/01/{gtin}/10/{code}")
        assert response.status_code in (301, 302, 404), f"/01/{gtin}/10/{code}: {response.status_code}"

    @EXAMPLES
    @given(commune=hostile_text, rating=hostile_text, comment=hostile_text, token=hostile_text)
    def test_feedback_form_refuses_garbage_and_stores_nothing(self, client, site, commune, rating, comment, token):
        before = ResidentFeedback.objects.count()
        data = {"commune": commune, "rating": rating, "comment": comment, "form_token": token, "website": ""}
        response = client.post("/feedback/", data)
        assert_not_500(response, f"feedback {data!r:.200}")
        if response.status_code != 302:
            assert ResidentFeedback.objects.count() == before

    @EXAMPLES
    @given(quantity=hostile_text, product_pk=st.one_of(st.integers(0, 10**6), st.just(None)))
    def test_basket_add_refuses_any_quantity_and_keeps_the_basket_right(self, client, shop, quantity, product_pk):
        product = shop["product"]
        url = f"/basket/add/{product_pk or product.pk}/"
        response = client.post(url, {"quantity": quantity})
        assert_not_500(response, f"basket add {quantity!r}")
        lines = Basket.objects.filter(lines__product=product).values_list("lines__quantity", flat=True)
        assert all(1 <= quantity <= 20 for quantity in lines), f"basket holds {list(lines)} of a stock of 20"

    @EXAMPLES
    @given(email=hostile_text, option=hostile_text, fields=st.lists(hostile_text, min_size=6, max_size=6))
    def test_checkout_guest_details_answer_any_text(self, client, shop, email, option, fields):
        client.post(f"/basket/add/{shop['product'].pk}/", {"quantity": 1})
        response = client.post("/checkout/", {"username": email, "options": option, "password": fields[0]})
        assert_not_500(response, f"checkout gateway {email!r}")
        client.post("/checkout/", {"username": "guest@example.com", "options": "anonymous"})
        first_name, line1, line4, phone, postcode, notes = fields
        address = {
            "first_name": first_name,
            "last_name": first_name,
            "line1": line1,
            "line4": line4,
            "phone_number": phone,
            "postcode": postcode,
            "province": line4,
            "commune": postcode,
            "country": "VN",
            "notes": notes,
        }
        response = client.post("/checkout/shipping-address/", address)
        assert_not_500(response, f"shipping address {address!r:.200}")

    @EXAMPLES
    @given(username=hostile_text, password=hostile_text)
    def test_login_form_answers_any_credentials(self, client, site, username, password):
        data = {"login-username": username, "login-password": password, "login_submit": "1"}
        assert_not_500(client.post("/accounts/login/", data), f"login {username!r}")


class TestSignedInForms:
    @EXAMPLES
    @given(
        values=st.lists(hostile_text, min_size=6, max_size=6), members=hostile_text, document=st.binary(max_size=2048)
    )
    def test_cooperative_application_refuses_garbage_and_stores_nothing(self, client, site, values, members, document):
        client.force_login(factories.user())
        name, code, representative, phone, products, commune = values
        data = {
            "cooperative_name": name,
            "registration_code": code,
            "commune": commune,
            "legal_representative": representative,
            "phone": phone,
            "member_count": members,
            "main_products": products,
            "documents": [SimpleUploadedFile("giay-chung-nhan.pdf", document, content_type="application/pdf")],
        }
        before = Application.objects.count()
        response = client.post("/cooperatives/apply/", data)
        assert_not_500(response, f"apply {data!r:.300}")
        if response.status_code != 302:
            assert Application.objects.count() == before

    @EXAMPLES
    @given(content=st.binary(max_size=4096), name=hostile_text)
    def test_product_import_refuses_random_bytes_and_stores_no_job(self, client, shop, content, name):
        client.force_login(shop["staff"])
        before = ImportJob.objects.count()
        upload = SimpleUploadedFile((name or "x")[:100] + ".csv", content, content_type="text/csv")
        response = client.post("/cooperatives/import/", {"file": upload})
        assert_not_500(response, f"import of {content[:40]!r}")
        if response.status_code != 302:
            assert ImportJob.objects.count() == before

    @EXAMPLES
    @given(content=st.binary(max_size=4096))
    def test_product_import_refuses_a_broken_xlsx(self, client, shop, content):
        client.force_login(shop["staff"])
        # A zip header makes the reader try it as a workbook.
        upload = SimpleUploadedFile("bang-gia.xlsx", b"PK\x03\x04" + content)
        response = client.post("/cooperatives/import/", {"file": upload})
        assert_not_500(response, f"xlsx import of {content[:40]!r}")

    @EXAMPLES
    @given(date=hostile_text, cooperative=hostile_text, start=hostile_text, end=hostile_text)
    def test_staff_pages_answer_any_query(self, client, shop, date, cooperative, start, end):
        client.force_login(shop["staff"])
        for url, query in (
            ("/fulfilment/pick-list/", {"date": date, "cooperative": cooperative}),
            ("/payments/statement/", {"cooperative": cooperative, "start": start, "end": end, "format": date}),
            ("/dashboard/orders/", {"order_number": cooperative, "date_from": start, "date_to": end}),
        ):
            assert_not_500(client.get(url, query), f"{url} {query!r:.200}")


class TestOfficerPagesAndApi:
    @EXAMPLES
    @given(table=st.from_regex(r"\A[-a-zA-Z0-9_]{1,30}\Z"), fmt=path_segment, district=hostile_text)
    def test_adoption_export_answers_any_table_and_format(self, officer_client, table, fmt, district):
        response = officer_client.get(f"/adoption/export/{table}.{fmt}", {"district": district})
        assert_not_500(response, f"export {table}.{fmt}")

    @EXAMPLES
    @given(quarter=hostile_text, layout=hostile_text, page=hostile_text)
    def test_report_and_dashboard_answer_any_quarter_layout_and_page(self, officer_client, quarter, layout, page):
        assert_not_500(officer_client.get("/adoption/report/", {"quarter": quarter}), f"report {quarter!r}")
        query = {"layout": layout, "page": page, "cooperatives": page}
        assert_not_500(officer_client.get("/adoption/", query), f"dashboard {query!r}")

    @EXAMPLES
    @given(lang=hostile_text, extra=hostile_text)
    def test_api_answers_any_language_with_json(self, officer_client, lang, extra):
        response = officer_client.get("/api/v1/indicators/", {"lang": lang, "format": extra})
        assert response.status_code in (200, 400, 404), f"lang={lang!r}: {response.status_code}"
        if response.status_code == 400:
            body = response.json()  # JSON whatever was wrong
            assert "lang" in body or "null character" in body["detail"]

    @EXAMPLES
    @given(token=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=200))
    def test_api_refuses_any_made_up_key(self, client, site, token):
        response = client.get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code in (401, 403), f"Bearer {token!r}: {response.status_code}"

    @EXAMPLES
    @given(body=st.binary(max_size=4096), signature=hostile_text)
    def test_stripe_webhook_refuses_any_unsigned_body(self, client, site, settings, body, signature):
        settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
        header = signature.encode("utf-8", "replace").decode("latin-1")
        response = client.generic(
            "POST", "/payments/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        assert response.status_code == 400, f"{body[:40]!r} {signature!r}: {response.status_code}"

    @EXAMPLES
    @given(
        kind=st.sampled_from(
            ["checkout.session.completed", "checkout.session.expired", "payment_intent.succeeded", "charge.refunded"]
        ),
        data=st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda children: (
                st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
            ),
            max_leaves=10,
        ),
        session_id=hostile_text,
    )
    def test_stripe_webhook_survives_signed_events_with_any_content(
        self, client, site, settings, kind, data, session_id
    ):
        """A signed event whose content is nonsense (a leaked secret, or Stripe changing its format)."""
        settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
        event = {"id": "evt_1", "type": kind, "data": {"object": {"id": session_id, "metadata": data, "extra": data}}}
        payload = json.dumps(event)
        timestamp = int(time.time())
        digest = hmac.new(b"whsec_test", f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
        response = client.generic(
            "POST",
            "/payments/stripe/webhook/",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={digest}",
        )
        assert_not_500(response, f"signed {kind} {event!r:.200}")


@pytest.fixture
def awaited_transfer(shop):
    from payments.models import OrderPayment

    order = factories.order_with_parts((shop["product"], 1))
    OrderPayment.objects.create(order=order, method="bank-transfer", amount=order.total_incl_tax)
    officer = Client()
    officer.force_login(factories.user(is_staff=True, is_superuser=True))
    return order, officer


class TestMoneyForms:
    @EXAMPLES
    @given(amount=hostile_text, reference=hostile_text, seen=hostile_text, payment=hostile_text)
    def test_recording_a_transfer_answers_any_text(self, awaited_transfer, amount, reference, seen, payment):
        from payments.models import Receipt

        order, officer = awaited_transfer
        before = Receipt.objects.count()
        data = {"payment": payment or order.payment.pk, "amount": amount, "reference": reference, "seen_received": seen}
        response = officer.post("/payments/transfers/", data)
        assert_not_500(response, f"transfer {data!r:.200}")
        for receipt in Receipt.objects.all()[before:]:
            assert receipt.amount > 0 and receipt.amount == receipt.amount.to_integral_value()

    @EXAMPLES
    @given(amount=hostile_text, note=hostile_text, part=hostile_text)
    def test_recording_cash_answers_any_text(self, client, shop, amount, note, part):
        client.force_login(shop["staff"])
        response = client.post(f"/fulfilment/parts/{quote(part, safe='') or 0}/cash/", {"amount": amount, "note": note})
        assert_not_500(response, f"cash {amount!r:.50} {note!r:.50}")


# --- Every GET parameter each page of the permission matrix reads ---------------------------------

# Numbers that break a naive int(): Unicode digits ("²": isdigit() yes, int() no; "١٢": int() reads 12),
# numbers beyond SQLite's and PostgreSQL's integers, signs, NUL (refused by a middleware with a 400).
HOSTILE_NUMBERS = [
    "²",
    "١٢",
    "１２",
    "9223372036854775808",
    str(10**30),
    "-1",
    "0",
    "-9223372036854775809",
    "\x00",
    "1.5",
]
hostile_value = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    hostile_text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.just("9" * 5_000),
)
# A parameter sent once or several times (the search's facets read every value).
hostile_param = st.one_of(hostile_value, st.lists(hostile_value, min_size=1, max_size=3))

ORDER_FILTERS = (
    "order_number name product_title upc partner_sku status date_from date_to voucher payment_method "
    "response_format sort dir page"
)
# (url, who asks, the GET parameters its view reads). Paths use the ``pages`` fixture's objects.
QUERY_PARAMETERS = [
    ("/search/", "anonymous", "q page sort_by category district cooperative certification ocop price"),
    ("/catalogue/", "anonymous", "page sort_by"),
    ("{category_url}", "anonymous", "page sort_by"),
    ("{product_url}reviews/", "anonymous", "sort_by page"),
    ("/map/", "anonymous", "district product"),
    ("/map/areas.geojson", "anonymous", "district product"),
    ("/map/cooperatives.geojson", "anonymous", "district product"),
    ("/hop-tac-xa/", "anonymous", "district commune category certification page"),
    ("/offers/", "anonymous", "page"),
    ("/accounts/login/", "anonymous", "next email"),
    ("/accounts/orders/", "buyer", "order_number date_from date_to page"),
    ("/fulfilment/pick-list/", "staff", "date cooperative"),
    ("/fulfilment/pick-list/", "officer", "date cooperative"),
    ("/workspace/orders/", "staff", "status page"),
    ("/payments/statement/", "staff", "cooperative start end format"),
    ("/payments/statement/", "officer", "cooperative start end format"),
    ("/payments/payouts/", "officer", "cooperative"),
    ("/value-chains/", "staff", "models_page areas_page batches_page"),
    ("/dashboard/orders/", "staff", ORDER_FILTERS),
    ("/dashboard/orders/", "superuser", ORDER_FILTERS),
    ("/dashboard/orders/statistics/", "staff", "date_from date_to"),
    ("/dashboard/catalogue/", "staff", "upc title product_class sort page recently_edited"),
    ("/dashboard/catalogue/product-lookup/", "staff", "q page page_limit initial"),
    ("/dashboard/catalogue/products/create/", "staff", "product_class"),
    ("/dashboard/catalogue/stock-alerts/", "superuser", "status page"),
    ("/dashboard/users/", "superuser", "search email name page sort"),
    ("/dashboard/reviews/", "superuser", "keyword status date_from date_to name sort_by page"),
    ("/dashboard/vouchers/", "superuser", "name code offer_name is_active in_set page"),
    ("/dashboard/offers/", "superuser", "name is_active offer_type has_vouchers voucher_code page"),
    ("/dashboard/partners/", "superuser", "name"),
    ("/dashboard/reports/", "superuser", "report_type date_from date_to download"),
    ("/dashboard/pages/", "superuser", "title page"),
    ("/feedback/summary/", "officer", "days"),
    ("/adoption/", "officer", "layout page models_page"),
    ("{adoption_district_url}", "officer", "page models_page"),
    ("{adoption_commune_url}", "officer", "page models_page"),
    ("/adoption/report/", "officer", "quarter"),
    ("/adoption/export/communes.csv", "officer", "district"),
    ("/api/v1/indicators/", "officer", "lang format"),
]


@pytest.fixture
def pages(site):
    """The clients by role and the paths of the rows above."""
    # The real places first: factories.commune() would make up codes that may clash with theirs.
    factories.real_geography()
    commune = factories.unit("27502")
    coop = factories.cooperative(commune=commune)
    factories.storefront(coop)
    factories.batch(coop=coop, product_=factories.product(coop=coop))
    category = factories.category("Rau củ")
    product = factories.product(coop=coop, category=category)
    buyer = factories.user(email="hostile-buyer@example.com")
    factories.order_with_parts((product, 1), buyer=buyer)
    clients = {"anonymous": Client()}
    for role, user in (
        ("buyer", buyer),
        ("staff", factories.cooperative_staff(coop)),
        ("officer", factories.officer()),
        ("superuser", factories.user(is_staff=True, is_superuser=True)),
    ):
        clients[role] = Client()
        clients[role].force_login(user)
    paths = {
        "category_url": category.get_absolute_url(),
        "product_url": product.get_absolute_url(),
        "adoption_district_url": f"/adoption/districts/{commune.parent.code}/",
        "adoption_commune_url": f"/adoption/communes/{commune.code}/",
    }
    return clients, paths


@pytest.mark.parametrize(
    ("url", "role", "names"), QUERY_PARAMETERS, ids=[f"{role}-{url}" for url, role, _names in QUERY_PARAMETERS]
)
@EXAMPLES
@given(data=st.data())
def test_every_query_parameter_answers_any_value(pages, url, role, names, data):
    clients, paths = pages
    names = names.split()
    query = data.draw(st.dictionaries(st.sampled_from(names), hostile_param, min_size=1), label="query")
    path = url.format(**paths)
    response = clients[role].get(path, query)
    assert_not_500(response, f"{role} GET {path} {query!r:.300}")


def test_a_huge_upload_is_refused_without_a_500(client, site):
    """One example beyond hypothesis's sizes: a file well over the import's size limit."""
    coop = factories.cooperative()
    client.force_login(factories.cooperative_staff(coop))
    upload = SimpleUploadedFile("lon.csv", io.BytesIO(b"a," * 6_000_000).getvalue(), content_type="text/csv")
    response = client.post("/cooperatives/import/", {"file": upload})
    assert response.status_code == 400
    assert ImportJob.objects.count() == 0
