"""`GET /api/v1/indicators/`: who may read it, what it says, and that it matches its OpenAPI description."""

import datetime

import pytest
from django.utils import timezone

from adoption.models import ApiToken
from cooperatives.models import Cooperative
from tests import factories

pytestmark = pytest.mark.django_db
# A delivery under the contract yesterday: the evidence a linkage model counts on.
RECENT = timezone.localdate() - datetime.timedelta(days=1)
URL = "/api/v1/indicators/"


@pytest.fixture
def geography(db):
    factories.real_geography()


@pytest.fixture
def key(geography):
    _token, raw = ApiToken.issue(name="Cổng báo cáo thành phố")
    return raw


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def selling_cooperative(code):
    coop = factories.cooperative(commune=factories.unit(code))
    factories.product(coop=coop)
    return coop


class TestAnswer:
    def test_reports_each_indicator_with_exact_figures(self, client, key):
        selling_cooperative("27502")
        selling_cooperative("27679")
        factories.cooperative(commune=factories.unit("27616"), status=Cooperative.Status.SUSPENDED)
        body = client.get(URL, **bearer(key)).json()
        by_code = {item["code"]: item for item in body["indicators"]}
        assert list(by_code) == [
            "communes_with_online_cooperative",
            "districts_with_linkage_model",
            "linkages_with_digital_technology",
            "communes_collecting_feedback",
            "cooperatives_with_trained_staff",
            "officials_trained",
        ]
        communes = by_code["communes_with_online_cooperative"]
        assert (communes["numerator"], communes["denominator"]) == (2, 56)
        assert communes["value"] == pytest.approx(2 / 56)
        assert communes["target"] == 1.0
        assert communes["deadline"] == "2025-12-31"
        assert communes["name"] == "Xã có hợp tác xã bán hàng trên nền tảng số"
        assert by_code["linkages_with_digital_technology"]["value"] is None  # 0 of 0, not 0%
        assert datetime.datetime.fromisoformat(body["as_of"]).date() == timezone.localdate()

    def test_names_in_english_on_request(self, client, key):
        body = client.get(URL + "?lang=en", **bearer(key)).json()
        assert body["indicators"][0]["name"] == "Communes with a cooperative selling online"

    def test_an_unknown_language_is_a_clear_400(self, client, key):
        response = client.get(URL + "?lang=fr", **bearer(key))
        assert response.status_code == 400
        assert "Use 'vi' or 'en'" in response.json()["lang"][0]

    def test_a_revised_target_is_reported(self, client, key):
        from adoption.models import Indicator

        Indicator.objects.filter(code="districts_with_linkage_model").update(target="0.6")
        body = client.get(URL, **bearer(key)).json()
        assert body["indicators"][1]["target"] == 0.6

    def test_query_count_does_not_grow_with_the_data(self, client, key, django_assert_max_num_queries):
        for code in ("27502", "27679"):
            selling_cooperative(code)
        with django_assert_max_num_queries(14):
            client.get(URL, **bearer(key))
        for _ in range(15):
            coop = selling_cooperative("27505")
            factories.linkage_model(
                coop, areas=[factories.raw_material_area(coop)], technologies=["sensors"], delivered_on=RECENT
            )
        with django_assert_max_num_queries(14):
            assert client.get(URL, **bearer(key)).json()["indicators"][2]["numerator"] == 15


class TestWhoMayRead:
    def test_a_token_is_recorded_as_used(self, client, key):
        client.get(URL, **bearer(key))
        assert ApiToken.objects.get().last_used_at is not None

    def test_anonymous_gets_401_with_a_bearer_challenge(self, client, geography):
        response = client.get(URL)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "Authorization: Bearer" in response.json()["detail"]

    @pytest.mark.parametrize("header", ["Bearer wrong-key", "Bearer", "Bearer a b"])
    def test_a_wrong_or_malformed_key_gets_401(self, client, key, header):
        response = client.get(URL, HTTP_AUTHORIZATION=header)
        assert response.status_code == 401
        assert "indicators" not in response.json()

    def test_a_revoked_key_gets_401(self, client, key):
        ApiToken.objects.update(revoked_at=timezone.now())
        response = client.get(URL, **bearer(key))
        assert response.status_code == 401
        assert "revoked" in response.json()["detail"]

    def test_the_key_is_not_stored(self, key):
        token = ApiToken.objects.get()
        assert key not in (token.digest, token.prefix) and token.prefix == key[:8]

    def test_an_officers_session_may_read(self, client, geography):
        client.force_login(factories.officer())
        assert client.get(URL).status_code == 200

    def test_a_superuser_may_read(self, client, geography):
        client.force_login(factories.user(is_superuser=True, is_staff=True))
        assert client.get(URL).status_code == 200

    @pytest.mark.parametrize("who", ["buyer", "cooperative staff", "staff without the permission"])
    def test_other_signed_in_users_get_403(self, client, geography, who):
        if who == "buyer":
            user = factories.user()
        elif who == "cooperative staff":
            user = factories.cooperative_staff(factories.cooperative(commune=factories.unit("27502")))
        else:
            user = factories.user(is_staff=True)
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 403
        assert "indicators" not in response.json()

    def test_writing_is_not_allowed(self, client, key):
        response = client.post(URL, {}, **bearer(key))
        assert response.status_code == 405


class TestOpenApi:
    def test_schema_describes_the_live_answer(self, client, key):
        schema = client.get("/api/v1/openapi.json").json()
        assert schema["openapi"].startswith("3.1")
        operation = schema["paths"]["/indicators/"]["get"]
        assert set(operation["responses"]) >= {"200", "401", "403"}
        body = client.get(URL, **bearer(key)).json()
        document = schema["components"]["schemas"]
        assert_matches(body, document["Indicators"], document)

    def test_create_api_token_command_prints_a_working_key(self, client, geography):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("create_api_token", "Hệ thống báo cáo", stdout=out)
        raw = out.getvalue().strip().splitlines()[-1]
        assert client.get(URL, **bearer(raw)).status_code == 200


def assert_matches(value, schema, document):
    """Just enough JSON Schema for this API: $ref, object, array, string, integer, number, null."""
    if "$ref" in schema:
        schema = document[schema["$ref"].rsplit("/", 1)[-1]]
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    python_types = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "null": type(None),
    }
    assert isinstance(value, tuple(python_types[k] for k in kinds)), (value, kinds)
    if isinstance(value, dict):
        assert set(schema.get("required", [])) <= set(value)
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(schema["properties"])
        for name, item in value.items():
            assert_matches(item, schema["properties"][name], document)
    elif isinstance(value, list):
        for item in value:
            assert_matches(item, schema["items"], document)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        assert schema.get("minimum", value) <= value <= schema.get("maximum", value)
    elif isinstance(value, str) and schema.get("format") == "date":
        datetime.date.fromisoformat(value)
