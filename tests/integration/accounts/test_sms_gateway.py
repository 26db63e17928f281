"""The HTTP SMS gateway backend (accounts/sms.py) against a fake gateway on 127.0.0.1."""

import pytest
from django.core import checks

from accounts import sms
from accounts.models import OneTimeCode
from tests.fakes.sms_gateway import FakeSmsGateway


@pytest.fixture
def gateway(settings):
    fake = FakeSmsGateway().start()
    settings.SMS_BACKEND = "accounts.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = fake.url
    settings.SMS_GATEWAY_TOKEN = "gateway-token"
    settings.SMS_GATEWAY_TIMEOUT_SECONDS = 0.5
    yield fake
    fake.stop()


class TestHttpGatewayBackend:
    def test_a_message_is_posted_as_json_with_the_token(self, gateway):
        sms.send_sms(to="+84912345678", message="Chợ HTX: 123456")
        assert gateway.received == [({"to": "+84912345678", "message": "Chợ HTX: 123456"}, "Bearer gateway-token")]

    def test_an_http_error_raises_a_clear_delivery_error(self, gateway):
        gateway.status = 503
        with pytest.raises(sms.SmsDeliveryError, match="HTTP 503"):
            sms.send_sms(to="+84912345678", message="x")

    def test_a_gateway_that_does_not_answer_in_time_raises_a_delivery_error(self, gateway):
        gateway.stall_seconds = 2
        with pytest.raises(sms.SmsDeliveryError, match="unreachable"):
            sms.send_sms(to="+84912345678", message="x")

    def test_no_gateway_address_raises_a_delivery_error(self, gateway, settings):
        settings.SMS_GATEWAY_URL = ""
        with pytest.raises(sms.SmsDeliveryError, match="not set"):
            sms.send_sms(to="+84912345678", message="x")


@pytest.mark.django_db
class TestSigningInThroughTheGateway:
    def test_the_code_travels_through_the_gateway(self, client, site, gateway):
        response = client.post("/en/accounts/phone/", {"phone": "0912345678"})
        assert response.status_code == 302
        (body, _token), *_ = gateway.received
        assert body["to"] == "+84912345678" and "valid for 5 minutes" in body["message"]

    def test_a_gateway_failure_says_so_and_stores_no_code(self, client, site, gateway):
        gateway.status = 500
        response = client.post("/accounts/phone/", {"phone": "0912345678"})
        assert response.status_code == 400
        assert "Chưa gửi được tin nhắn" in response.content.decode()
        assert not OneTimeCode.objects.exists()


def test_the_deploy_check_warns_when_the_gateway_has_no_address(settings):
    settings.SMS_BACKEND = "accounts.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = ""
    assert "accounts.W001" in [message.id for message in checks.run_checks(include_deployment_checks=True)]
    settings.SMS_GATEWAY_URL = "https://sms.example/send"
    assert "accounts.W001" not in [message.id for message in checks.run_checks(include_deployment_checks=True)]
