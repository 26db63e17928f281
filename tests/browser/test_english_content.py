"""The English shop on a 360×780 phone: home → category → product in English, where the
cooperatives wrote it (issue 15, item 8)."""

from catalog.models import Certification
from marketplace.models import ArticleIndexPage, ArticlePage, HomePage
from tests import factories
from tests.browser.audits import assert_page_is_fine


def test_english_visitor_goes_from_home_to_a_category_and_a_product(live_site, audited_phone):
    fruit = factories.category("Trái cây")
    fruit.name_en = "Fruit"
    fruit.save()
    organic = Certification.objects.create(code="organic", name="Hữu cơ", name_en="Organic")
    factories.product(
        title="Dưa lưới ruột cam Taki",
        title_en="Taki orange-fleshed cantaloupe",
        category=fruit,
        certifications=[organic],
        image=factories.photo(),
        is_flagship=True,
    )
    home = HomePage.objects.get()
    home.hero_title_en = "Fresh produce from the cooperatives"
    home.save()
    page = audited_phone

    page.goto(live_site.url + "/en/")
    assert page.locator("h1").first.inner_text() == "Fresh produce from the cooperatives"
    assert page.get_by_role("link", name="Taki orange-fleshed cantaloupe").first.is_visible()
    assert_page_is_fine(page, vietnamese=False)

    with page.expect_navigation():
        page.get_by_role("link", name="Browse all produce").click()
    with page.expect_navigation():
        page.locator("a[href^='/en/catalogue/category/']:visible", has_text="Fruit").first.click()
    assert page.locator("h1").first.inner_text() == "Fruit"
    assert_page_is_fine(page, vietnamese=False)

    with page.expect_navigation():
        page.get_by_role("link", name="Taki orange-fleshed cantaloupe").first.click()
    assert page.locator("h1").first.inner_text() == "Taki orange-fleshed cantaloupe"
    assert page.get_by_text("Organic").first.is_visible()
    assert "Dưa lưới" not in page.locator("main, #content, body").first.inner_text()
    assert_page_is_fine(page, vietnamese=False)


def test_english_visitor_follows_the_campaign_banner_to_the_article_in_english(live_site, audited_phone):
    home = HomePage.objects.get()
    news = home.add_child(instance=ArticleIndexPage(title="Tin tức", slug="tin-tuc", title_en="News"))
    article = news.add_child(
        instance=ArticlePage(
            title="Dưa lưới nhà màng Củ Chi vào vụ thu hoạch",
            title_en="Cu Chi's greenhouse cantaloupes are ready to harvest",
            slug="dua-luoi-cu-chi-vao-vu",
            intro="Các hợp tác xã thu hoạch dưa lưới.",
            intro_en="Cooperatives are harvesting cantaloupes.",
            body=[("paragraph", "<p>Sau 75 ngày chăm sóc trong nhà màng.</p>")],
            body_en=[("paragraph", "<p>After 75 days in the greenhouses.</p>")],
        )
    )
    home = HomePage.objects.get()  # read again: adding pages changed its tree columns
    campaign = {"title": "Mùa dưa lưới Củ Chi", "text": "Giao trong ngày.", "link_page": article, "link_text": "Đọc"}
    home.featured = [("campaign", campaign)]
    english = {"title": "Cu Chi cantaloupe season", "text": "Delivered the same day.", "link_text": "Read the story"}
    home.featured_en = [("campaign", {**campaign, **english})]
    home.save()
    page = audited_phone

    page.goto(live_site.url + "/en/")
    assert page.get_by_text("Cu Chi cantaloupe season").first.is_visible()
    assert "Mùa dưa lưới" not in page.locator("body").inner_text()
    assert_page_is_fine(page, vietnamese=False)

    with page.expect_navigation():
        page.get_by_role("link", name="Read the story").first.click()
    assert page.url.startswith(live_site.url + "/en/")
    assert page.title().startswith("Cu Chi's greenhouse cantaloupes are ready to harvest")
    assert page.locator("h1").first.inner_text() == "Cu Chi's greenhouse cantaloupes are ready to harvest"
    assert page.get_by_text("After 75 days in the greenhouses.").is_visible()
    assert_page_is_fine(page, vietnamese=False)
