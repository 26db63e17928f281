"""Production settings, friendly error pages and the language of each URL."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.utils import translation

from marketplace import views
from marketplace.models import HomePage

# --- A small urlconf for the 500 tests (used with @pytest.mark.urls(__name__)) ---


def _broken_view(request):
    raise RuntimeError("secret-detail-from-a-broken-view")


urlpatterns = i18n_patterns(
    path("", lambda request: HttpResponse("home"), name="home-page"),
    path("broken/", _broken_view),
    prefix_default_language=False,
)
handler500 = "marketplace.views.server_error"


# --- Production settings ----------------------------------------------------------


def manage(*args, **env_overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "marketplace.settings.production"
    env.update({key: value for key, value in env_overrides.items() if value is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**overrides):
    env = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "cho-htx.example.vn",
        # A deployment names its SMS gateway (one-time sign-in codes); without it the check warns.
        "SMS_GATEWAY_URL": "https://sms.example.vn/send",
    }
    env.update(overrides)
    return env


class TestProductionSettings:
    def test_the_deployment_check_finds_nothing_to_warn_about(self):
        env = production_env()
        assert len(env["DJANGO_SECRET_KEY"]) >= 50
        result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "WARNINGS" not in output
        assert "ERRORS" not in output
        assert "no issues" in result.stdout

    @pytest.mark.parametrize(
        ("missing", "message"),
        [
            ({"DJANGO_SECRET_KEY": None}, "Set the DJANGO_SECRET_KEY environment variable"),
            ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is empty"),
            ({"DJANGO_SECRET_KEY": "   "}, "DJANGO_SECRET_KEY is empty"),
            ({"DJANGO_ALLOWED_HOSTS": None}, "Set the DJANGO_ALLOWED_HOSTS environment variable"),
            ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS is empty"),
        ],
        ids=["no secret key", "empty secret key", "blank secret key", "no allowed hosts", "empty allowed hosts"],
    )
    def test_refuses_to_start_without_its_secrets(self, missing, message):
        env = production_env()
        for key, value in missing.items():
            if value is None:
                del env[key]
            else:
                env[key] = value
        result = manage("check", **env)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert message in result.stderr

    def test_development_settings_need_no_secrets(self):
        # The other side of the coin: only production insists.
        result = manage("check", DJANGO_SETTINGS_MODULE="marketplace.settings.dev")
        assert result.returncode == 0, result.stderr


# --- 404 ------------------------------------------------------------------------------


class TestPageNotFound:
    def test_is_friendly_and_vietnamese_at_the_root(self, client, site):
        response = client.get("/khong-ton-tai/")
        html = response.content.decode()
        assert response.status_code == 404
        assert [t.name for t in response.templates][0] == "404.html"
        assert '<html lang="vi"' in html
        assert "<title>Không tìm thấy trang | Chợ HTX</title>" in html
        assert "Rất tiếc, không thể tìm thấy trang được yêu cầu." in html
        assert 'href="/">Về trang chủ</a>' in html
        assert 'href="/catalogue/">Tất cả sản phẩm' in html
        assert "Page not found" not in html

    def test_is_english_under_en(self, client, site):
        response = client.get("/en/does-not-exist/")
        html = response.content.decode()
        assert response.status_code == 404
        assert '<html lang="en"' in html
        assert "<title>Page not found | Chợ HTX</title>" in html
        assert "We’re sorry, but the requested page could not be found." in html
        assert 'href="/en/">Go to homepage</a>' in html
        assert 'href="/en/catalogue/">All products</a>' in html
        assert "Không tìm thấy" not in html

    def test_follows_the_url_not_the_browser(self, client, site):
        response = client.get("/khong-ton-tai/", HTTP_ACCEPT_LANGUAGE="en-US,en")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()

    def test_for_a_missing_product_uses_the_same_page(self, client, site):
        response = client.get("/catalogue/khong-co-san-pham_999999/")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()

    def test_is_kept_out_of_search_engines(self, client, site):
        assert '<meta name="robots" content="noindex">' in client.get("/khong-ton-tai/").content.decode()

    def test_offers_the_page_in_the_other_language(self, client, site):
        response = client.get("/khong-ton-tai/")
        assert [link["url"] for link in response.context["language_links"]] == ["/en/khong-ton-tai/"]


# --- 500 ------------------------------------------------------------------------------


class TestServerError:
    def test_the_site_uses_our_handlers(self):
        from marketplace import urls

        assert urls.handler404 == "marketplace.views.page_not_found"
        assert urls.handler500 == "marketplace.views.server_error"

    def test_the_view_renders_a_friendly_vietnamese_page(self):
        request = RequestFactory().get("/")
        with translation.override("vi"):
            response = views.server_error(request)
        html = response.content.decode()
        assert response.status_code == 500
        assert '<html lang="vi">' in html
        assert "<h1>Lỗi máy chủ</h1>" in html
        assert "Traceback" not in html

    def test_the_view_renders_english_when_english_is_active(self):
        request = RequestFactory().get("/en/")
        with translation.override("en"):
            response = views.server_error(request)
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert "<h1>Server error</h1>" in html

    def test_the_view_needs_no_database(self, django_assert_num_queries, db):
        with django_assert_num_queries(0):
            views.server_error(RequestFactory().get("/"))

    @pytest.mark.urls(__name__)
    def test_a_crashing_view_shows_the_friendly_page_without_a_traceback(self, client):
        client.raise_request_exception = False
        response = client.get("/broken/")
        html = response.content.decode()
        assert response.status_code == 500
        assert '<html lang="vi">' in html
        assert "Lỗi máy chủ" in html
        assert 'href="/">' in html
        assert "Traceback" not in html
        assert "RuntimeError" not in html
        assert "secret-detail-from-a-broken-view" not in html

    @pytest.mark.urls(__name__)
    def test_a_crashing_view_under_en_shows_the_english_page(self, client):
        client.raise_request_exception = False
        response = client.get("/en/broken/")
        html = response.content.decode()
        assert response.status_code == 500
        assert '<html lang="en">' in html
        assert "Server error" in html
        assert 'href="/en/">Go to homepage</a>' in html
        assert "secret-detail-from-a-broken-view" not in html

    def test_a_crashing_page_of_the_real_site_shows_the_friendly_page(self, client, site, monkeypatch):
        def broken_context(*args, **kwargs):
            raise RuntimeError("secret-detail-from-the-home-page")

        monkeypatch.setattr(HomePage, "get_context", broken_context)
        client.raise_request_exception = False
        response = client.get("/")
        html = response.content.decode()
        assert response.status_code == 500
        assert "Lỗi máy chủ" in html
        assert "secret-detail-from-the-home-page" not in html
        assert "Traceback" not in html


# --- Language ---------------------------------------------------------------------------


def language_links(response):
    return {link["code"]: link["url"] for link in response.context["language_links"]}


class TestLanguage:
    @pytest.mark.parametrize("accept_language", ["en-US,en", "en", "fr-FR,fr;q=0.8,en;q=0.5", ""])
    def test_the_root_is_vietnamese_whatever_the_browser_says(self, client, site, accept_language):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
        assert response.status_code == 200
        assert '<html lang="vi"' in response.content.decode()

    def test_en_is_english(self, client, site):
        response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200
        assert '<html lang="en"' in response.content.decode()

    def test_the_catalogue_follows_the_url_too(self, client, site):
        assert '<html lang="vi"' in client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
        assert '<html lang="en"' in client.get("/en/catalogue/").content.decode()

    def test_the_home_page_links_to_english(self, client, site):
        assert language_links(client.get("/")) == {"en": "/en/"}

    def test_the_english_home_page_links_to_vietnamese(self, client, site):
        assert language_links(client.get("/en/")) == {"vi": "/"}

    def test_the_catalogue_links_to_the_english_catalogue(self, client, site):
        assert language_links(client.get("/catalogue/")) == {"en": "/en/catalogue/"}

    def test_the_english_catalogue_links_to_the_vietnamese_catalogue(self, client, site):
        assert language_links(client.get("/en/catalogue/")) == {"vi": "/catalogue/"}

    def test_the_link_keeps_the_query_string(self, client, site):
        assert language_links(client.get("/catalogue/?page=1")) == {"en": "/en/catalogue/?page=1"}
