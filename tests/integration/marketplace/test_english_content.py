"""English content under /en/ (issue 15, item 8): products, categories, certifications, the home
page and storefronts carry optional English text (django-modeltranslation) that /en/ shows,
falling back to the Vietnamese; / never shows the English. Editors enter it where they edit the
Vietnamese, and the Vietnamese stays what it was when they edit on an English page. No cache ever
serves one language's copy to the other."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from catalog.models import Certification
from cooperatives.pages import CooperativeDirectoryPage, StorefrontPage
from marketplace.models import ArticleIndexPage, ArticlePage, HomePage
from tests import factories

Product = get_model("catalogue", "Product")

VI_TITLE, EN_TITLE = "Dưa lưới Củ Chi", "Cu Chi cantaloupe"
PLAIN = "Rau muống nước"  # no English title: /en/ shows this


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def vi(name, **kwargs):
    with translation.override("vi"):
        return reverse(name, kwargs=kwargs or None)


def english_url(obj):
    with translation.override("en"):
        return obj.get_absolute_url()


def vietnamese_url(obj):
    with translation.override("vi"):
        return obj.get_absolute_url()


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def shop(site):
    fruit = factories.category("Trái cây")
    fruit.name_en = "Fruit"
    fruit.save()
    organic = Certification.objects.create(code="huu-co", name="Hữu cơ", name_en="Organic")
    coop = factories.cooperative(name="HTX Phước An")
    melon = factories.product(
        coop=coop,
        title=VI_TITLE,
        title_en=EN_TITLE,
        description="Ngọt thanh, giòn.",
        description_en="Sweet and crisp.",
        category=fruit,
        certifications=[organic],
        image=factories.photo(),
        is_flagship=True,
    )
    factories.product(coop=coop, title=PLAIN, category=fruit)
    # Read again: the page was published through a revision after this copy was made.
    storefront = StorefrontPage.objects.get(pk=factories.storefront(coop).pk)
    storefront.tagline, storefront.tagline_en = "Dưa lưới sạch từ Củ Chi", "Clean melons from Cu Chi"
    storefront.save()
    home = HomePage.objects.get(pk=site.pk)  # the fixture's copy predates the storefront's pages
    home.hero_title, home.hero_title_en = "Nông sản từ HTX", "Produce from the cooperatives"
    home.save()
    return {"melon": melon, "fruit": fruit, "storefront": storefront, "home": home}


def pages(shop):
    """(Vietnamese URL, English URL, text only the Vietnamese shows, text only the English shows)."""
    melon, fruit = shop["melon"], shop["fruit"]
    storefront_url = shop["storefront"].url
    return [
        ("/", "/en/", "Nông sản từ HTX", "Produce from the cooperatives"),
        (vi("catalogue:index"), en("catalogue:index"), VI_TITLE, EN_TITLE),
        (vietnamese_url(fruit), english_url(fruit), "Trái cây", "Fruit"),
        (vietnamese_url(melon), english_url(melon), "Ngọt thanh", "Sweet and crisp."),
        ("/search/?q=dua+luoi", "/en/search/?q=dua+luoi", VI_TITLE, EN_TITLE),
        (storefront_url, "/en" + storefront_url, "Dưa lưới sạch từ Củ Chi", "Clean melons from Cu Chi"),
    ]


class TestEnglishWhereItExists:
    def test_each_page_type_shows_english_text_under_en_and_vietnamese_at_the_root(self, shop):
        for vi_url, en_url, vietnamese, english in pages(shop):
            vi_page, en_page = text(Client().get(vi_url)), text(Client().get(en_url))
            assert vietnamese in vi_page and english not in vi_page, vi_url
            assert english in en_page and vietnamese not in en_page, en_url

    def test_product_page_shows_english_title_category_and_certification(self, shop):
        page = text(Client().get(english_url(shop["melon"])))
        assert EN_TITLE in page and "Fruit" in page and "Organic" in page
        assert "Hữu cơ" not in page and VI_TITLE not in page
        vietnamese = text(Client().get(vietnamese_url(shop["melon"])))
        assert "Hữu cơ" in vietnamese and "Organic" not in vietnamese

    def test_without_english_text_en_falls_back_to_vietnamese(self, shop):
        catalogue = text(Client().get(en("catalogue:index")))
        assert PLAIN in catalogue
        plain = Product.objects.get(title_vi=PLAIN)
        assert PLAIN in text(Client().get(english_url(plain)))

    def test_basket_lines_show_the_title_in_the_page_language(self, shop, client):
        client.post(en("basket:add", pk=shop["melon"].pk), {"quantity": 1})
        assert EN_TITLE in text(client.get(en("basket:summary")))
        vietnamese = text(client.get(vi("basket:summary")))
        assert VI_TITLE in vietnamese and EN_TITLE not in vietnamese

    def test_search_also_finds_the_english_title(self, shop):
        assert EN_TITLE in text(Client().get("/en/search/?q=cantaloupe"))
        assert VI_TITLE in text(Client().get("/search/?q=cantaloupe"))


class TestCaches:
    """Every cache of rendered content (anonymous pages, product cards, fragments, listings) is
    kept per language: the second language asked for never gets the first one's copy."""

    @pytest.mark.parametrize("first", ["vi", "en"])
    def test_a_language_never_gets_the_other_languages_cached_copy(self, shop, first):
        for vi_url, en_url, vietnamese, english in pages(shop):
            order = [(vi_url, vietnamese, english), (en_url, english, vietnamese)]
            for url, shown, hidden in order if first == "vi" else order[::-1]:
                for _visit in range(2):  # the second visit is served from the caches
                    page = text(Client().get(url))
                    assert shown in page and hidden not in page, url
            cache.clear()

    def test_a_new_english_title_shows_at_once(self, shop, staff_client_for):
        client = staff_client_for(shop["melon"])
        text(Client().get(en("catalogue:index")))  # cards and page now cached
        data = _workspace_form(shop, title_en="Cu Chi rock melon")
        client.post(en("workspace:product-edit", pk=shop["melon"].pk), data)
        page = text(Client().get(en("catalogue:index")))
        assert "Cu Chi rock melon" in page and EN_TITLE not in page


@pytest.fixture
def staff_client_for(client):
    def signed_in(product):
        cooperative = product.stockrecords.get().partner.cooperative
        client.force_login(factories.cooperative_staff(cooperative))
        return client

    return signed_in


def _workspace_form(shop, **overrides):
    data = {
        "title": VI_TITLE,
        "title_en": EN_TITLE,
        "category": shop["fruit"].pk,
        "selling_unit": "piece",
        "weight_step_grams": "",
        "price": "50.000",
        "stock": "100",
        "ocop_stars": "",
        "season_start": "",
        "season_end": "",
        "origin_commune": "",
        "description": "Ngọt thanh, giòn.",
        "description_en": "Sweet and crisp.",
    }
    return {**data, **overrides}


class TestEditors:
    def test_workspace_on_an_english_page_edits_english_beside_the_vietnamese(self, shop, staff_client_for):
        melon = shop["melon"]
        client = staff_client_for(melon)
        form = text(client.get(en("workspace:product-edit", pk=melon.pk)))
        assert f'value="{VI_TITLE}"' in form and f'value="{EN_TITLE}"' in form
        response = client.post(
            en("workspace:product-edit", pk=melon.pk),
            _workspace_form(shop, title="Dưa lưới Phước An", title_en="Phuoc An melon"),
        )
        assert response.status_code == 302
        melon = Product.objects.get(pk=melon.pk)
        assert (melon.title_vi, melon.title_en) == ("Dưa lưới Phước An", "Phuoc An melon")

    def test_workspace_puts_the_english_fields_with_the_optional_details(self, shop, staff_client_for):
        form = text(staff_client_for(shop["melon"]).get(vi("workspace:product-add")))
        details = form[form.index("<details") :]
        assert 'name="title_en"' in details and 'name="description_en"' in details

    def test_dashboard_product_form_on_an_english_page_keeps_the_vietnamese_title(self, shop, client):
        from tests.integration.dashboard.test_dashboard_products import form_data

        melon = shop["melon"]
        client.force_login(factories.user(is_staff=True, is_superuser=True))
        url = en("dashboard:catalogue-product", pk=melon.pk)
        data = form_data(client.get(url))
        assert (data["title"], data["title_en"]) == (VI_TITLE, EN_TITLE)
        data["title_en"] = "Sweet Cu Chi melon"
        assert client.post(url, data).status_code == 302
        melon = Product.objects.get(pk=melon.pk)
        assert (melon.title_vi, melon.title_en) == (VI_TITLE, "Sweet Cu Chi melon")

    def test_workspace_storefront_on_an_english_page_edits_the_vietnamese_tagline(self, shop, staff_client_for):
        client = staff_client_for(shop["melon"])
        storefront = shop["storefront"]
        editor = en("workspace:storefront")
        page = text(client.get(editor))
        assert 'value="Dưa lưới sạch từ Củ Chi"' in page and 'value="Clean melons from Cu Chi"' in page
        cooperative = storefront.cooperative
        data = {
            "tagline": "Dưa lưới trồng nhà màng",
            "story": "",
            "tagline_en": "Clean melons from Cu Chi",  # the form shows the English, so it is posted back
            "story_en": "",
            "phone": cooperative.phone,
            "email": cooperative.email,
            "address": cooperative.address,
            "photo_caption": "",
            "certificate_name": "",
            "certificate_number": "",
        }
        assert client.post(editor, data).status_code == 302
        draft = StorefrontPage.objects.get(pk=storefront.pk).get_latest_revision_as_object()
        assert (draft.tagline_vi, draft.tagline_en) == ("Dưa lưới trồng nhà màng", "Clean melons from Cu Chi")

    def test_dashboard_category_form_on_an_english_page_keeps_the_vietnamese_name(self, shop, client):
        from tests.integration.dashboard.test_dashboard_products import form_data

        fruit = shop["fruit"]
        client.force_login(factories.user(is_staff=True, is_superuser=True))
        url = en("dashboard:catalogue-category-update", pk=fruit.pk)
        data = form_data(client.get(url))
        assert (data["name"], data["name_en"]) == ("Trái cây", "Fruit")
        data.update(name_en="Fresh fruit", description_en="Picked ripe.")
        assert client.post(url, data).status_code == 302
        fruit.refresh_from_db()
        assert (fruit.name_vi, fruit.name_en, fruit.description_en) == ("Trái cây", "Fresh fruit", "Picked ripe.")


class TestWritesStayVietnamese:
    def test_an_import_in_english_stores_the_files_titles_as_vietnamese(self, shop):
        from decimal import Decimal

        from catalog import services

        coop = shop["melon"].stockrecords.get().partner.cooperative
        row = services.NewProduct(title="Bưởi da xanh", category=shop["fruit"], price=Decimal("60000"), stock=5)
        with translation.override("en"):  # an import job run in its uploader's language
            (pomelo,) = services.products_bulk_create(cooperative=coop, rows=[row])
        pomelo = Product.objects.get(pk=pomelo.pk)
        assert (pomelo.title_vi, pomelo.title_en) == ("Bưởi da xanh", None)
        assert "Bưởi da xanh" in text(Client().get(en("catalogue:index")))

    def test_a_product_added_on_an_english_page_is_vietnamese_first(self, shop):
        with translation.override("en"):
            product = factories.product(title="Bưởi da xanh", title_en="Green-skinned pomelo", category=shop["fruit"])
        product = Product.objects.get(pk=product.pk)
        assert (product.title_vi, product.title_en) == ("Bưởi da xanh", "Green-skinned pomelo")
        assert product.search_title == "buoi da xanh"
        assert "green skinned pomelo" in product.search_text


class TestFacetNamesInEnglish:
    """The certification filter on /en/ reads each name in English, or in Vietnamese when it has no English,
    sorted as it reads."""

    @staticmethod
    def certification_labels(html):
        section = html.split('data-facet="certification"', 1)[1].split("</section>", 1)[0]
        return re.findall(r'rel="nofollow"[^>]*>([^<]+)</a>', section)

    def test_sorted_by_the_name_shown_with_vietnamese_for_those_without_english(self, site):
        coop = factories.cooperative(name="HTX Phước An")
        for vi_name, en_name in (("Hữu cơ", "Organic"), ("An toàn", "Safe"), ("VietGAP", "")):
            certification = Certification.objects.create(code=vi_name, name=vi_name, name_en=en_name)
            factories.product(coop=coop, title=f"Dưa lưới {vi_name}", certifications=[certification])

        assert self.certification_labels(text(Client().get("/en/search/?q=dua+luoi"))) == ["Organic", "Safe", "VietGAP"]
        assert self.certification_labels(text(Client().get("/search/?q=dua+luoi"))) == ["An toàn", "Hữu cơ", "VietGAP"]


class TestWagtailPagesInEnglish:
    """Articles and the home page's campaigns carry English that /en/ shows (title, <title>, <h1>, text),
    and their Vietnamese wherever they have none."""

    @pytest.fixture
    def news(self, site):
        index = site.add_child(instance=ArticleIndexPage(title="Tin tức", slug="tin-tuc", title_en="News"))
        english = index.add_child(
            instance=ArticlePage(
                title="Mùa dưa lưới Củ Chi",
                title_en="Cu Chi's cantaloupe season",
                slug="mua-dua-luoi",
                intro="Dưa lưới nhà màng đã vào vụ.",
                intro_en="Greenhouse cantaloupes are in season.",
                body=[("paragraph", "<p>Đoạn tiếng Việt.</p>")],
                body_en=[("paragraph", "<p>An English paragraph.</p>")],
            )
        )
        plain = index.add_child(
            instance=ArticlePage(
                title="Gạo ST25 mới", slug="gao-st25", intro="Vụ mới.", body=[("paragraph", "<p>Gạo thơm.</p>")]
            )
        )
        home = HomePage.objects.get(pk=site.pk)
        home.featured = [("campaign", {"title": "Mùa dưa lưới Củ Chi", "text": "Giao trong ngày."})]
        home.featured_en = [("campaign", {"title": "Cu Chi cantaloupe season", "text": "Delivered the same day."})]
        home.save()
        return {"index": index, "english": english, "plain": plain}

    @staticmethod
    def title_and_h1(html):
        title = re.search(r"<title>\s*(.*?)\s*</title>", html, re.S).group(1)
        h1 = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", html, re.S).group(1)
        return title, h1

    def test_an_article_under_en_reads_in_english(self, news):
        html = text(Client().get("/en" + news["english"].url))
        title, h1 = self.title_and_h1(html)
        assert title.startswith("Cu Chi&#x27;s cantaloupe season") and h1 == "Cu Chi&#x27;s cantaloupe season"
        assert "Greenhouse cantaloupes are in season." in html and "An English paragraph." in html
        assert "Đoạn tiếng Việt." not in html and "Mùa dưa lưới Củ Chi" not in html

    def test_the_same_article_at_the_root_reads_in_vietnamese(self, news):
        html = text(Client().get(news["english"].url))
        assert self.title_and_h1(html)[1] == "Mùa dưa lưới Củ Chi"
        assert "Đoạn tiếng Việt." in html and "An English paragraph." not in html

    def test_an_article_without_english_falls_back_to_vietnamese(self, news):
        html = text(Client().get("/en" + news["plain"].url))
        assert self.title_and_h1(html)[1] == "Gạo ST25 mới" and "Gạo thơm." in html

    def test_the_news_list_and_the_home_page_read_in_english(self, news):
        listing = text(Client().get("/en" + news["index"].url))
        assert self.title_and_h1(listing)[1] == "News"
        assert "Cu Chi&#x27;s cantaloupe season" in listing and "Greenhouse cantaloupes are in season." in listing
        home = text(Client().get("/en/"))
        assert "Cu Chi cantaloupe season" in home and "Delivered the same day." in home
        assert "Mùa dưa lưới Củ Chi" not in home
        assert "Mùa dưa lưới Củ Chi" in text(Client().get("/"))

    def test_the_cooperative_directory_reads_its_english_title(self, site):
        directory = site.add_child(
            instance=CooperativeDirectoryPage(title="Hợp tác xã", slug="hop-tac-xa", title_en="Cooperatives")
        )
        assert self.title_and_h1(text(Client().get(directory.url)))[1] == "Hợp tác xã"
        assert self.title_and_h1(text(Client().get("/en" + directory.url))) == ("Cooperatives", "Cooperatives")
