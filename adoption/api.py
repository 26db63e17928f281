"""`GET /api/v1/indicators/` for the city's reporting systems, and its OpenAPI description.

Built on Django REST framework (already installed with Wagtail): it answers 401 with a
``WWW-Authenticate`` challenge, 403, 405 and JSON errors the way API clients expect."""

from django.utils import timezone, translation
from rest_framework import authentication, exceptions, permissions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import is_officer

from .indicators import AdoptionFacts, counting_rule
from .models import ApiToken

API_LANGUAGES = ("vi", "en")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <key>``; a token stands for a system, not a person."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the key as 'Authorization: Bearer <key>'. / Gửi khóa dạng 'Authorization: Bearer <khóa>'."
            )
        token = ApiToken.objects.matching(header[1]).first()
        if token is None:
            raise exceptions.AuthenticationFailed(
                "This key is unknown or revoked. / Khóa không đúng hoặc đã bị thu hồi."
            )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return (None, token)

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class SessionOfficerAuthentication(authentication.SessionAuthentication):
    """An officer's browser session (CSRF is only checked on writes, and this API only reads)."""


class IsReportingSystemOrOfficer(permissions.BasePermission):
    message = (
        "Only the department's officers and registered reporting systems may read the indicators. / "
        "Chỉ cán bộ Sở và hệ thống báo cáo đã đăng ký được đọc các chỉ tiêu."
    )

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiToken):
            return True
        if request.user and request.user.is_authenticated:
            return is_officer(request.user)
        # DRF answers this with 401 and the Bearer challenge.
        raise exceptions.NotAuthenticated(
            "Send a reporting system's key (Authorization: Bearer <key>) or sign in as an officer. / "
            "Gửi khóa của hệ thống báo cáo (Authorization: Bearer <khóa>) hoặc đăng nhập bằng tài khoản cán bộ."
        )


class IndicatorsView(APIView):
    authentication_classes = [ApiTokenAuthentication, SessionOfficerAuthentication]
    permission_classes = [IsReportingSystemOrOfficer]
    renderer_classes = [JSONRenderer]

    def get(self, request):
        language = request.query_params.get("lang", "vi")
        if language not in API_LANGUAGES:
            raise exceptions.ValidationError(
                {"lang": ["Use 'vi' or 'en'. / Dùng 'vi' hoặc 'en'."]},
            )
        with translation.override(language):
            facts = AdoptionFacts()
            items = [
                {**item.as_api_dict(), "rule": counting_rule(item.indicator.code, facts.evidence_days)}
                for item in facts.indicator_figures()
            ]
        return Response({"as_of": timezone.localtime().isoformat(timespec="seconds"), "indicators": items})


class OpenApiView(APIView):
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]

    def get(self, request):
        return Response(openapi_schema(request.build_absolute_uri("/api/v1/")))


def openapi_schema(server_url: str) -> dict:
    """The API's description (OpenAPI 3.1). Tests check the live answers against it."""
    error = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
    indicator = {
        "type": "object",
        "required": ["code", "name", "numerator", "denominator", "value", "target", "deadline", "rule"],
        "additionalProperties": False,
        "properties": {
            "code": {"type": "string", "examples": ["communes_with_online_cooperative"]},
            "name": {"type": "string"},
            "numerator": {"type": "integer", "minimum": 0},
            "denominator": {"type": "integer", "minimum": 0},
            "value": {
                "type": ["number", "null"],
                "minimum": 0,
                "maximum": 1,
                "description": "numerator ÷ denominator; null when the denominator is 0",
            },
            "target": {"type": "number", "minimum": 0, "maximum": 1},
            "deadline": {"type": "string", "format": "date"},
            "rule": {
                "type": ["string", "null"],
                "description": (
                    "What is counted beyond the names, as the dashboard states it (for the linkage indicators, "
                    "the window of contract deliveries a model needs); null when the names say it all"
                ),
            },
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Chợ HTX — plan indicators",
            "version": "1.0.0",
            "description": (
                "Figures of HCMC Plan 2784/KH-UBND's digital-economy targets, computed from the marketplace's live "
                "data. Keys are issued by the department (`manage.py create_api_token`)."
            ),
        },
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "officerSession": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
            "schemas": {
                "Indicator": indicator,
                "Indicators": {
                    "type": "object",
                    "required": ["as_of", "indicators"],
                    "additionalProperties": False,
                    "properties": {
                        "as_of": {"type": "string", "format": "date-time"},
                        "indicators": {"type": "array", "items": {"$ref": "#/components/schemas/Indicator"}},
                    },
                },
                "Error": error,
            },
        },
        "security": [{"bearer": []}, {"officerSession": []}],
        "paths": {
            "/indicators/": {
                "get": {
                    "operationId": "listIndicators",
                    "summary": "The plan's indicators today, with their targets and deadlines",
                    "parameters": [
                        {
                            "name": "lang",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": list(API_LANGUAGES), "default": "vi"},
                            "description": "Language of the indicator names.",
                        }
                    ],
                    "responses": {
                        "200": _json("The indicators", "#/components/schemas/Indicators"),
                        "400": _json("A parameter is wrong", "#/components/schemas/Error", plain=True),
                        "401": _json("No key, or an unknown or revoked key", "#/components/schemas/Error"),
                        "403": _json("Signed in, but not an officer of the department", "#/components/schemas/Error"),
                    },
                }
            }
        },
    }


def _json(description: str, ref: str, plain: bool = False) -> dict:
    schema = {"type": "object"} if plain else {"$ref": ref}
    return {"description": description, "content": {"application/json": {"schema": schema}}}
