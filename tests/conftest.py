import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from oscar.core.loading import get_model
from wagtail.models import Collection, Locale, Page, Site

from marketplace.models import HomePage

Country = get_model("address", "Country")


@pytest.fixture(autouse=True)
def _media_in_tmp(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _site_language():
    # A request under /en/ leaves English active in this thread; each test starts in Vietnamese.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_site():
    """What Wagtail's and Oscar's data migrations would have created: the tests
    build the schema without migrations."""
    Locale.objects.get_or_create(language_code="vi")
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Chợ HTX", slug="home", hero_title="Nông sản từ HTX"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Chợ HTX"}
    )
    Country.objects.update_or_create(
        iso_3166_1_a2="VN",
        defaults={"name": "Việt Nam", "printable_name": "Việt Nam", "is_shipping_country": True, "display_order": 1},
    )
    return home


@pytest.fixture
def site(db):
    return make_site()


@pytest.fixture
def english():
    """Messages in English, for tests of services that answer in the active language."""
    with translation.override("en"):
        yield
