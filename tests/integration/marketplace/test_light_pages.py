"""Light buyer pages (issue 15): little render-blocking CSS and JS, no icon font, static files
compressed and cached for a year once their name carries their hash (WhiteNoise's manifest storage,
as in production)."""

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from tests import factories

# Bytes of CSS and JS a buyer's browser must fetch before it can draw the page (Oscar's full
# stylesheet alone was 283 KB, plus jQuery and Bootstrap).
RENDER_BLOCKING_BUDGET = 80 * 1024
FONT_FILE = re.compile(r"url\([^)]*\.(woff2?|ttf|otf|eot)", re.I)
# tests/integration/marketplace/ is three folders under the repository.
REPO = Path(__file__).resolve().parents[3]
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


ONLY_MARKETPLACE_STATIC = {
    "STATICFILES_DIRS": [str(REPO / "marketplace" / "static")],
    "STATICFILES_FINDERS": ["django.contrib.staticfiles.finders.FileSystemFinder"],
}


class HeadResources(HTMLParser):
    """The stylesheets and the scripts without defer or async in a page's <head>."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.stylesheets, self.blocking_scripts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif self.in_head and tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif self.in_head and tag == "script" and attrs.get("src") and not {"defer", "async"} & set(attrs):
            self.blocking_scripts.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def _head(html):
    parser = HeadResources()
    parser.feed(html)
    return parser


def _static_file(url):
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is not a static file"
    return Path(path)


@pytest.fixture
def shop(site):
    coop = factories.cooperative(name="HTX Dưa lưới Củ Chi")
    factories.storefront(coop)
    return factories.product(coop, title="Dưa lưới Taki", is_flagship=True, price=85000, image=factories.photo())


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory, django_db_blocker):
    """collectstatic as the release step runs it (hashed names, .gz and .br copies), once for this module,
    of marketplace/static only: the whole site's 37 MB take minutes to compress."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=str(root), STORAGES=PRODUCTION_STORAGES, **ONLY_MARKETPLACE_STATIC):
        call_command("collectstatic", "--noinput", "-v0")
    return root


@pytest.fixture
def production_static(settings, collected_static):
    settings.STATIC_ROOT = str(collected_static)
    settings.STORAGES = PRODUCTION_STORAGES
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.DEBUG = False
    for name, value in ONLY_MARKETPLACE_STATIC.items():
        setattr(settings, name, value)
    return collected_static


class TestRenderBlockingWeight:
    @pytest.mark.parametrize("page", ["home", "catalogue", "product"])
    def test_buyer_page_blocks_rendering_on_little_css_and_no_script(self, client, shop, page):
        path = {"home": "/", "catalogue": "/catalogue/", "product": shop.get_absolute_url()}[page]
        response = client.get(path)
        assert response.status_code == 200
        head = _head(response.content.decode())
        assert head.blocking_scripts == []
        weight = sum(_static_file(url).stat().st_size for url in head.stylesheets)
        assert weight <= RENDER_BLOCKING_BUDGET, f"{weight / 1024:.0f} KB of CSS in <head>: {head.stylesheets}"
        assert "/static/oscar/css/styles.css" not in head.stylesheets

    def test_the_css_buyers_load_references_no_font_file(self, client, shop):
        head = _head(client.get(shop.get_absolute_url()).content.decode())
        assert head.stylesheets
        for url in head.stylesheets:
            css = _static_file(url).read_text(encoding="utf-8")
            assert "@font-face" not in css, url
            assert not FONT_FILE.search(css), url

    def test_officers_dashboard_keeps_oscars_own_stylesheet(self, client, shop):
        client.force_login(factories.officer())
        head = _head(client.get("/dashboard/").content.decode())
        assert "/static/oscar/css/dashboard.css" in head.stylesheets

    def test_shop_css_is_built_from_the_templates_as_they_are(self):
        root = REPO
        result = subprocess.run(
            [sys.executable, "scripts/build_shop_css.py", "--check"], cwd=root, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


class TestStaticFilesAsServedInProduction:
    def test_hashed_file_is_cached_for_a_year_and_sent_compressed(self, production_static):
        url = static("marketplace/css/shop.css")
        assert re.search(r"/shop\.[0-9a-f]{12}\.css$", url), url
        client = Client()
        response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200
        assert "max-age=315360000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]
        assert response["Content-Encoding"] == "br"
        gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert gzipped["Content-Encoding"] == "gzip"

    def test_unhashed_name_is_cached_briefly(self, production_static):
        response = Client().get("/static/marketplace/css/shop.css")
        assert response.status_code == 200
        assert "immutable" not in response["Cache-Control"]


class TestImages:
    def test_product_photo_has_its_size_so_the_page_does_not_jump(self, client, shop):
        html = client.get(shop.get_absolute_url()).content.decode()
        gallery = html[html.index('id="product_gallery"') :]
        photo = re.search(r"<img [^>]*>", gallery).group(0)
        assert re.search(r'width="\d+"', photo) and re.search(r'height="\d+"', photo), photo
        assert "lazy" not in photo

    @pytest.mark.parametrize("url", ["/", "/catalogue/", "/search/?q=dua"])
    def test_the_first_row_of_cards_loads_at_once_the_first_first_and_the_rest_lazily(self, client, shop, url):
        for n in range(7):
            factories.product(title=f"Dưa lưới {n}", is_flagship=True, image=factories.photo())

        html = client.get(url).content.decode()
        cards = re.findall(r"<img [^>]*product-thumbnail[^>]*>", html)
        assert len(cards) == 8
        for card in cards:
            assert re.search(r'width="\d+"', card) and re.search(r'height="\d+"', card), card
        assert 'fetchpriority="high"' in cards[0]
        assert ["loading" in card for card in cards] == [False] * 4 + [True] * 4
        assert all("fetchpriority" not in card for card in cards[1:])

    def test_the_cached_cards_stay_eager_or_lazy_by_their_place_on_the_page(self, client, shop):
        client.get("/catalogue/")  # fills the card cache
        cards = re.findall(r"<img [^>]*product-thumbnail[^>]*>", client.get("/catalogue/").content.decode())
        assert 'fetchpriority="high"' in cards[0] and "loading" not in cards[0]


def test_recently_viewed_cards_below_the_product_photo_all_load_lazily(client, shop):
    others = [factories.product(title=f"Rau {n}", image=factories.photo()) for n in range(2)]
    for product in others:
        client.get(product.get_absolute_url())
    html = client.get(shop.get_absolute_url()).content.decode()
    cards = re.findall(r"<img [^>]*product-thumbnail[^>]*>", html)
    assert cards and all('loading="lazy"' in card and "fetchpriority" not in card for card in cards)


SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
OSCARS_SCRIPTS = (
    "oscar/js/jquery/jquery.min.js",
    "oscar/js/bootstrap4/bootstrap.bundle.min.js",
    "oscar/js/oscar/ui.js",
)


def _scripts(html):
    return [src.removeprefix("/static/") for src in SCRIPT_SRC.findall(html)]


class TestOnlyTheScriptsAPageUses:
    """Buyers' pages run one small script of ours (marketplace/js/shop_ui.js) in place of jQuery, Bootstrap's
    bundle and Oscar's ui.js; the officers' dashboard keeps them (its plugins need jQuery)."""

    @pytest.mark.parametrize("page", ["home", "catalogue", "search", "product", "basket", "checkout", "sign-in"])
    def test_buyer_page_loads_no_jquery_bootstrap_or_oscars_ui_script(self, client, shop, page):
        client.post(f"/basket/add/{shop.pk}/", {"quantity": 1})
        path = {
            "home": "/",
            "catalogue": "/catalogue/",
            "search": "/search/?q=dua",
            "product": shop.get_absolute_url(),
            "basket": "/basket/",
            "checkout": "/checkout/",
            "sign-in": "/accounts/login/",
        }[page]
        html = client.get(path).content.decode()
        scripts = _scripts(html)
        assert not set(OSCARS_SCRIPTS) & set(scripts), scripts
        assert '<script src="/static/marketplace/js/shop_ui.js" defer></script>' in html

    def test_buyer_account_pages_load_no_jquery(self, client, shop):
        client.force_login(factories.user())
        for path in ("/accounts/", "/accounts/profile/", "/accounts/addresses/", "/accounts/wishlists/"):
            scripts = _scripts(client.get(path).content.decode())
            assert not set(OSCARS_SCRIPTS) & set(scripts), (path, scripts)

    def test_officers_dashboard_keeps_jquery_bootstrap_and_oscars_scripts(self, client, shop):
        client.force_login(factories.officer())
        scripts = _scripts(client.get("/dashboard/").content.decode())
        assert set(OSCARS_SCRIPTS) <= set(scripts), scripts
        assert "marketplace/js/shop_ui.js" not in scripts

    def test_the_order_history_filters_by_native_date_fields_without_oscars_scripts(self, client, shop):
        # Oscar's filter used a jQuery date picker; the phone's own date fields send yyyy-mm-dd.
        from django.utils import timezone

        buyer = factories.user()
        order = factories.order_with_parts((factories.product(image=None), 1), buyer=buyer)
        client.force_login(buyer)
        html = client.get("/accounts/orders/").content.decode()
        scripts = _scripts(html)
        assert not set(OSCARS_SCRIPTS) & set(scripts), scripts
        assert not any("datetimepicker" in script for script in scripts)
        assert "datetimepicker" not in html
        assert "marketplace/js/shop_ui.js" in scripts
        assert 'type="date" name="date_from"' in html and 'type="date" name="date_to"' in html
        today = timezone.localdate(order.date_placed)
        found = client.get("/accounts/orders/", {"date_from": today.isoformat()}).content.decode()
        assert f">{order.number}</a>" in found
        assert f'value="{today.isoformat()}"' in found  # the chosen day stays in the field
        later = (today + timezone.timedelta(days=1)).isoformat()
        assert f">{order.number}</a>" not in client.get("/accounts/orders/", {"date_from": later}).content.decode()
        wrong = client.get("/accounts/orders/", {"date_from": "31-31-2026"}).content.decode()
        assert 'class="form-control is-invalid"' in wrong
        assert "Xin sửa những chỗ được đánh dấu bên dưới." in wrong
